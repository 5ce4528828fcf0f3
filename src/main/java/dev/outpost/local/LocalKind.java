package dev.outpost.local;

import java.util.Locale;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.url.CanonicalUrl;
import dev.outpost.url.IpRange;
import dev.outpost.url.WebRecords;

/**
 * What a local verdict is about, and how its subject is made canonical and keyed: exactly as vendor
 * records of the same kind are (ADR 0008), so that a local verdict matches whatever the vendor's
 * would have matched.
 */
public enum LocalKind {
    /** A URL expression: {@code http://evil.example/phish/} covers every page below it. */
    URL(KeySpace.URL_EXPRESSION) {
        @Override
        String canonical(String value) {
            return WebRecords.expression(CanonicalUrl.parse(value));
        }

        @Override
        byte[] key(String canonical) {
            return WebRecords.expressionKey(canonical);
        }
    },
    /** A domain and its subdomains. */
    DOMAIN(KeySpace.DOMAIN_SHA256) {
        @Override
        String canonical(String value) {
            return WebRecords.canonicalDomain(value);
        }
    },
    /** An IPv4 or IPv6 address or CIDR range. */
    IP(KeySpace.IP_RANGE) {
        @Override
        String canonical(String value) {
            return IpRange.parse(value).toString();
        }

        @Override
        byte[] key(String canonical) {
            return IpRange.parse(canonical).key();
        }
    };

    /** Canonical subjects longer than this are refused; no real URL expression needs more. */
    static final int MAX_SUBJECT_CHARS = 2048;

    private final KeySpace space;

    LocalKind(KeySpace space) {
        this.space = space;
    }

    public KeySpace space() {
        return space;
    }

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
        throw new InvalidInputException("invalid-local-verdict", "kind must be url, domain or ip", id);
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

    /** The store key of a canonical subject. */
    byte[] key(String canonical) {
        return WebRecords.sha256(canonical);
    }
}
