package dev.outpost.reputation;

import java.util.Optional;

/**
 * The key spaces of a dataset. Each is one sorted part of a bundle and one column family of a
 * generation, named by {@link #id()}. URLs, domains and IP ranges add key spaces here (ADR 0002);
 * the bundle and store formats need no other change for them.
 */
public enum KeySpace {
    FILE_MD5("file-md5", ObjectKind.FILE, HashType.MD5),
    FILE_SHA1("file-sha1", ObjectKind.FILE, HashType.SHA1),
    FILE_SHA256("file-sha256", ObjectKind.FILE, HashType.SHA256),
    CERT_SHA256("cert-sha256", ObjectKind.CERTIFICATE, HashType.SHA256);

    private final String id;
    private final ObjectKind kind;
    private final HashType keyType;

    KeySpace(String id, ObjectKind kind, HashType keyType) {
        this.id = id;
        this.kind = kind;
        this.keyType = keyType;
    }

    /** Stable name: bundle part name and column family name. */
    public String id() {
        return id;
    }

    public ObjectKind kind() {
        return kind;
    }

    /** Every key in this space is a digest of this type, so keys have a fixed length. */
    public HashType keyType() {
        return keyType;
    }

    public int keyLength() {
        return keyType.length();
    }

    public static Optional<KeySpace> byId(String id) {
        for (KeySpace space : values()) {
            if (space.id.equals(id)) {
                return Optional.of(space);
            }
        }
        return Optional.empty();
    }

    /** The key space in which files are found by a digest of the given type. */
    public static KeySpace forFileHash(HashType type) {
        return switch (type) {
            case MD5 -> FILE_MD5;
            case SHA1 -> FILE_SHA1;
            case SHA256 -> FILE_SHA256;
        };
    }
}
