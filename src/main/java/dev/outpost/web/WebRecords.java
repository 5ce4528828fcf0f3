package dev.outpost.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * Publisher-side records for URLs, domains and IP ranges (ADR 0008), keyed exactly as lookups key
 * them: the same canonicalization on both sides, so a publisher cannot get a key subtly wrong.
 */
public final class WebRecords {
    private WebRecords() {}

    /**
     * A verdict on the expression of {@code url}: its canonical host, path and query. A URL ending
     * in a directory ({@code http://evil.example/phish/}) covers everything below it.
     */
    public static ReputationRecord.Keyed url(String url, Verdict verdict) {
        return new ReputationRecord.Keyed(
                KeySpace.URL_EXPRESSION, expressionKey(expression(CanonicalUrl.parse(url))), verdict);
    }

    /** A verdict on a domain and all its subdomains. */
    public static ReputationRecord.Keyed domain(String domain, Verdict verdict) {
        return new ReputationRecord.Keyed(KeySpace.DOMAIN_SHA256, sha256(canonicalDomain(domain)), verdict);
    }

    /** A verdict on an IPv4 or IPv6 address or CIDR range. */
    public static ReputationRecord.Keyed ipRange(String range, Verdict verdict) {
        return new ReputationRecord.Keyed(
                KeySpace.IP_RANGE, IpRange.parse(range).key(), verdict);
    }

    /** The most specific expression of a canonical URL: {@code host/path?query}. */
    public static String expression(CanonicalUrl url) {
        return url.host() + url.path() + (url.query() == null ? "" : "?" + url.query());
    }

    /** A host name canonicalized as URL hosts are; an IP address or anything with a path is refused. */
    public static String canonicalDomain(String domain) {
        if (domain == null
                || domain.isBlank()
                || domain.contains("/")
                || domain.contains("?")
                || domain.contains("#")
                || domain.contains("@")
                || domain.contains(":")) {
            throw new InvalidInputException(
                    "invalid-domain", "a domain is a host name, without scheme, port or path", domain);
        }
        String stripped = domain.strip();
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            // URL canonicalization would escape these into a "host" no DNS name can match (issue 11 item 14).
            if (c <= 0x20 || c == 0x7F || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidInputException(
                        "invalid-domain",
                        String.format(
                                "a domain name cannot contain a space or control character (U+%04X at position %d)",
                                (int) c, i + 1),
                        domain);
            }
        }
        CanonicalUrl url;
        try {
            url = CanonicalUrl.parse("http://" + stripped + "/");
        } catch (InvalidInputException e) {
            throw new InvalidInputException("invalid-domain", e.detail(), domain);
        }
        if (url.hostIsIp()) {
            throw new InvalidInputException(
                    "invalid-domain", "an IP address is not a domain: list it as an ip record", domain);
        }
        if (url.host().indexOf('%') >= 0) {
            // An escaped byte left in a canonical host (a control character, invalid UTF-8) is no DNS name.
            throw new InvalidInputException(
                    "invalid-domain", "a domain name cannot contain escaped or invalid characters", domain);
        }
        return url.host();
    }

    /** One digest per thread: a URL lookup hashes up to 35 keys, and getInstance costs more than a hash. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    });

    public static byte[] sha256(String text) {
        // Expressions and hosts are canonical, hence ASCII: one byte per char.
        return SHA256.get().digest(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes of the host's SHA-256 that lead a URL expression key. */
    public static final int HOST_PREFIX_BYTES = 8;

    /**
     * The key of a canonical expression ({@code host/path?query}): the first {@value
     * #HOST_PREFIX_BYTES} bytes of SHA-256(host), then SHA-256(expression) (ADR 0008).
     */
    public static byte[] expressionKey(String expression) {
        int slash = expression.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("an expression is host/path: " + expression);
        }
        return expressionKey(
                sha256(expression.substring(0, slash)),
                ascii(expression.substring(0, slash)),
                ascii(expression.substring(slash)));
    }

    /**
     * The key of {@code host + path} from the host's SHA-256, without building the expression: a
     * URL lookup keys up to 30 expressions from at most 5 hosts and 6 paths.
     */
    public static byte[] expressionKey(byte[] hostSha256, byte[] host, byte[] path) {
        byte[] key = new byte[HOST_PREFIX_BYTES + 32];
        System.arraycopy(hostSha256, 0, key, 0, HOST_PREFIX_BYTES);
        MessageDigest digest = SHA256.get();
        digest.update(host);
        digest.update(path);
        try {
            digest.digest(key, HOST_PREFIX_BYTES, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 into a 32-byte slot failed", e);
        }
        return key;
    }

    /** A canonical (ASCII) string's bytes, to hash with {@link #sha256(byte[], byte[])}. */
    public static byte[] ascii(String canonical) {
        return canonical.getBytes(StandardCharsets.ISO_8859_1);
    }
}
