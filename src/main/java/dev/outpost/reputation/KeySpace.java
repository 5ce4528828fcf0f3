package dev.outpost.reputation;

import java.util.Optional;

/**
 * The key spaces of a dataset. Each is one sorted part of a bundle and one column family of a
 * generation, named by {@link #id()}. URLs, domains and IP ranges are key spaces too (ADR 0002,
 * ADR 0008); the bundle and store formats needed no other change for them.
 */
public enum KeySpace {
    FILE_MD5("file-md5", ObjectKind.FILE, HashType.MD5, 16),
    FILE_SHA1("file-sha1", ObjectKind.FILE, HashType.SHA1, 20),
    FILE_SHA256("file-sha256", ObjectKind.FILE, HashType.SHA256, 32),
    CERT_SHA256("cert-sha256", ObjectKind.CERTIFICATE, HashType.SHA256, 32),
    /** A Safe Browsing expression ({@code host/path?query}), keyed as {@link UrlKey} says. */
    URL_EXPRESSION("url-expression", ObjectKind.URL, null, UrlKey.LENGTH),
    /** A canonical host name, keyed as {@link DomainKey} says: its SHA-256. */
    DOMAIN_SHA256("domain-sha256", ObjectKind.DOMAIN, HashType.SHA256, DomainKey.LENGTH),
    /** An IP network, keyed as {@link IpKey} says: family, network, prefix length; not a digest. */
    IP_RANGE("ip-range", ObjectKind.IP_RANGE, null, IpKey.LENGTH);

    private final String id;
    private final ObjectKind kind;
    private final HashType keyType;
    private final int keyLength;

    KeySpace(String id, ObjectKind kind, HashType keyType, int keyLength) {
        this.id = id;
        this.kind = kind;
        this.keyType = keyType;
        this.keyLength = keyLength;
    }

    /** Stable name: bundle part name and column family name. */
    public String id() {
        return id;
    }

    public ObjectKind kind() {
        return kind;
    }

    /** The digest type of this space's keys; null where a key is not one digest (URL expressions, IP ranges). */
    public HashType keyType() {
        return keyType;
    }

    /** Every key in a space has this length. */
    public int keyLength() {
        return keyLength;
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
