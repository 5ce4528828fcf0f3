package dev.outpost.local;

import java.util.Locale;

import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.UrlKey;
import dev.outpost.web.CanonicalUrl;
import dev.outpost.web.Domains;
import dev.outpost.web.IpRange;

/**
 * What a local verdict is about, and how its subject is made canonical and keyed: exactly as vendor
 * records of the same kind are (ADR 0002, ADR 0008), so that a local verdict matches whatever the
 * vendor's would have matched.
 */
public enum LocalKind {
    /** A URL expression: {@code http://evil.example/phish/} covers every page below it. */
    URL {
        @Override
        String canonical(String value) {
            return CanonicalUrl.parse(value).expression();
        }

        @Override
        KeySpace space(String canonical) {
            return KeySpace.URL_EXPRESSION;
        }

        @Override
        byte[] key(String canonical) {
            return UrlKey.of(canonical);
        }
    },
    /** A domain and its subdomains. */
    DOMAIN {
        @Override
        String canonical(String value) {
            return Domains.canonical(value);
        }

        @Override
        KeySpace space(String canonical) {
            return KeySpace.DOMAIN_SHA256;
        }

        @Override
        byte[] key(String canonical) {
            return DomainKey.of(canonical);
        }
    },
    /** An IPv4 or IPv6 address or CIDR range. */
    IP {
        @Override
        String canonical(String value) {
            return IpRange.parse(value).toString();
        }

        @Override
        KeySpace space(String canonical) {
            return KeySpace.IP_RANGE;
        }

        @Override
        byte[] key(String canonical) {
            return IpRange.parse(canonical).key();
        }
    },
    /** A file by its MD5, SHA-1 or SHA-256; it holds for the file whichever digest a query uses. */
    FILE {
        @Override
        String canonical(String value) {
            return Hash.parse(value).hex();
        }

        @Override
        KeySpace space(String canonical) {
            return KeySpace.forFileHash(Hash.parse(canonical).type());
        }

        @Override
        byte[] key(String canonical) {
            return Hash.parse(canonical).bytes();
        }
    },
    /** A certificate by its SHA-256 thumbprint. */
    CERTIFICATE {
        @Override
        String canonical(String value) {
            return Hash.parse(value, HashType.SHA256).hex();
        }

        @Override
        KeySpace space(String canonical) {
            return KeySpace.CERT_SHA256;
        }

        @Override
        byte[] key(String canonical) {
            return Hash.parse(canonical, HashType.SHA256).bytes();
        }
    };

    /** Canonical subjects longer than this are refused; no real URL expression needs more. */
    static final int MAX_SUBJECT_CHARS = 2048;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code url}, {@code domain} or {@code ip}. */
    public static LocalKind of(String id) {
        for (LocalKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new InvalidInputException(
                "invalid-local-verdict", "kind must be url, domain, ip, file or certificate", id);
    }

    /** The canonical subject of {@code value}; bad input is the kind's own error (invalid-url, ...). */
    String canonicalSubject(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("invalid-local-verdict", "value is required", value);
        }
        String canonical = canonical(value);
        if (canonical.length() > MAX_SUBJECT_CHARS) {
            throw new InvalidInputException(
                    "invalid-local-verdict",
                    "canonical " + id() + " is " + canonical.length() + " characters; at most " + MAX_SUBJECT_CHARS,
                    value);
        }
        return canonical;
    }

    abstract String canonical(String value);

    /** The key space a canonical subject is keyed in. */
    abstract KeySpace space(String canonical);

    /** The store key of a canonical subject. */
    abstract byte[] key(String canonical);
}
