package dev.outpost.lookup;

import java.util.Objects;

import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.HashType;

/**
 * What the service took a query to be: a digest of some type, or the canonical form of a URL, a
 * domain or an address (ADR 0008). An answer names it ({@code type}, {@code canonicalUrl}, {@code
 * canonicalDomain} or {@code address}), so that a client sees what was actually looked up.
 */
public sealed interface Subject {
    /**
     * A file digest or a certificate thumbprint.
     *
     * @param type the digest's type, told by its length
     * @param digests every digest the vendor's file record names, so that a lookup by MD5 also tells
     *     the SHA-256; null where no file record was found
     */
    record Digest(HashType type, FileHashes digests) implements Subject {
        /** Digests without a record, one per type: most lookups miss, and a miss allocates none. */
        private static final Digest[] BARE = {
            new Digest(HashType.MD5, null), new Digest(HashType.SHA1, null), new Digest(HashType.SHA256, null)
        };

        public Digest {
            Objects.requireNonNull(type, "type");
        }

        static Digest of(HashType type, FileHashes digests) {
            return digests == null ? BARE[type.ordinal()] : new Digest(type, digests);
        }
    }

    /** A URL after Safe Browsing v4 canonicalization. */
    record Url(String canonicalUrl) implements Subject {
        public Url {
            Objects.requireNonNull(canonicalUrl, "canonicalUrl");
        }
    }

    /** A domain, lower-case, IDNA ASCII, without a trailing dot. */
    record Domain(String canonicalDomain) implements Subject {
        public Domain {
            Objects.requireNonNull(canonicalDomain, "canonicalDomain");
        }
    }

    /** An IPv4 or IPv6 address in its canonical text form. */
    record Address(String address) implements Subject {
        public Address {
            Objects.requireNonNull(address, "address");
        }
    }
}
