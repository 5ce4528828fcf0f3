package dev.outpost.local;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
    URL(value -> CanonicalUrl.parse(value).expression(), canonical -> KeySpace.URL_EXPRESSION, UrlKey::of),
    /** A domain and its subdomains. */
    DOMAIN(Domains::canonical, canonical -> KeySpace.DOMAIN_SHA256, DomainKey::of),
    /** An IPv4 or IPv6 address or CIDR range. */
    IP(value -> IpRange.parse(value).toString(), canonical -> KeySpace.IP_RANGE, canonical -> IpRange.parse(canonical)
            .key()),
    /** A file by its MD5, SHA-1 or SHA-256; it holds for the file whichever digest a query uses. */
    FILE(
            value -> Hash.parse(value).hex(),
            canonical -> KeySpace.forFileHash(Hash.parse(canonical).type()),
            canonical -> Hash.parse(canonical).bytes()),
    /** A certificate by its SHA-256 thumbprint. */
    CERTIFICATE(
            value -> Hash.parse(value, HashType.SHA256).hex(),
            canonical -> KeySpace.CERT_SHA256,
            canonical -> Hash.parse(canonical, HashType.SHA256).bytes());

    private final UnaryOperator<String> canonical;
    private final Function<String, KeySpace> space;
    private final Function<String, byte[]> key;

    LocalKind(UnaryOperator<String> canonical, Function<String, KeySpace> space, Function<String, byte[]> key) {
        this.canonical = canonical;
        this.space = space;
        this.key = key;
    }

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
        String canonical = this.canonical.apply(value);
        if (canonical.length() > MAX_SUBJECT_CHARS) {
            throw new InvalidInputException(
                    "invalid-local-verdict",
                    "canonical " + id() + " is " + canonical.length() + " characters; at most " + MAX_SUBJECT_CHARS,
                    value);
        }
        return canonical;
    }

    /** The key space a canonical subject is keyed in. */
    KeySpace space(String canonical) {
        return space.apply(canonical);
    }

    /** The store key of a canonical subject. */
    byte[] key(String canonical) {
        return key.apply(canonical);
    }
}
