package dev.outpost.export;

import java.util.Locale;

import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;

/**
 * What an export can list (issue 16, docs/exports.md): file digests by type, domain names and IP
 * ranges. Certificates and URL expressions are never exported: a URL expression is held as a hash,
 * so it can be answered but not listed (ADR 0008).
 */
public enum ExportKind {
    MD5(KeySpace.FILE_MD5),
    SHA1(KeySpace.FILE_SHA1),
    SHA256(KeySpace.FILE_SHA256),
    /** Domain names: those the publisher listed (FORMAT.md "Listed domains") and local verdicts. */
    DOMAIN(KeySpace.DOMAIN_SHA256),
    /** IP networks in CIDR form. */
    IP(KeySpace.IP_RANGE);

    private final KeySpace space;

    ExportKind(KeySpace space) {
        this.space = space;
    }

    /** The key space the vendor's records of this kind live in. */
    public KeySpace space() {
        return space;
    }

    /** {@code md5}, {@code sha1}, {@code sha256}, {@code domain} or {@code ip}: as options spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The digest type of a file kind, or null. */
    public HashType hashType() {
        return space.keyType() != null && space.kind() == dev.outpost.reputation.ObjectKind.FILE
                ? space.keyType()
                : null;
    }

    /** The kind of file digest {@code type}. */
    public static ExportKind of(HashType type) {
        return switch (type) {
            case MD5 -> MD5;
            case SHA1 -> SHA1;
            case SHA256 -> SHA256;
        };
    }
}
