package dev.outpost.reputation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The key of a {@code url-expression} record (ADR 0008): the first {@value #HOST_PREFIX_BYTES} bytes
 * of the host's {@link DomainKey}, then the SHA-256 of the whole expression ({@code host/path?query},
 * the form Safe Browsing hashes). Keys of one host sort together, so a lookup can tell from the host
 * alone that none of its expressions is listed. Publishers, the store, local verdicts and lookups
 * all key URLs here.
 */
public final class UrlKey {
    /** Bytes of the host's digest that lead the key. */
    public static final int HOST_PREFIX_BYTES = 8;

    /** Where the expression's SHA-256 starts. */
    public static final int EXPRESSION_OFFSET = HOST_PREFIX_BYTES;

    public static final int LENGTH = HOST_PREFIX_BYTES + 32;

    private UrlKey() {}

    /** The key of a canonical expression, {@code host/path?query}. */
    public static byte[] of(String expression) {
        int slash = expression == null ? -1 : expression.indexOf('/');
        if (slash <= 0) {
            throw new InvalidInputException("invalid-url", "an expression is host/path", expression);
        }
        String host = expression.substring(0, slash);
        return of(DomainKey.of(host), ascii(host), ascii(expression.substring(slash)));
    }

    /**
     * The key of {@code host + path} without building the expression: a URL lookup keys up to 30
     * expressions from at most 5 hosts and 6 paths.
     *
     * @param hostKey the host's {@link DomainKey}
     * @param host the host's {@link #ascii} bytes
     * @param path the path's (and query's) {@link #ascii} bytes
     */
    public static byte[] of(byte[] hostKey, byte[] host, byte[] path) {
        byte[] key = new byte[LENGTH];
        System.arraycopy(hostKey, 0, key, 0, HOST_PREFIX_BYTES);
        MessageDigest digest = DomainKey.sha256();
        digest.update(host);
        digest.update(path);
        try {
            digest.digest(key, EXPRESSION_OFFSET, LENGTH - EXPRESSION_OFFSET);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 into a 32-byte slot failed", e);
        }
        return key;
    }

    /**
     * The leading {@value #HOST_PREFIX_BYTES} bytes of a URL key or of a host's {@link DomainKey}:
     * equal exactly when the URL key is of an expression of that host (or of a host sharing them).
     */
    public static ByteBuffer hostPrefix(byte[] key) {
        return ByteBuffer.wrap(key, 0, HOST_PREFIX_BYTES);
    }

    /** The bytes a canonical host, path or expression is hashed as: canonical text is ASCII, one byte per char. */
    public static byte[] ascii(String canonical) {
        return canonical.getBytes(StandardCharsets.ISO_8859_1);
    }
}
