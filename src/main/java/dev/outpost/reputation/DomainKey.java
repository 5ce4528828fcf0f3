package dev.outpost.reputation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key of a {@code domain-sha256} record (ADR 0008): the SHA-256 of a canonical host name. The
 * same digest leads every URL expression key of the host ({@link UrlKey}), so a lookup hashes each
 * host once for both key spaces.
 */
public final class DomainKey {
    public static final int LENGTH = 32;

    /** One digest per thread: a URL lookup hashes up to 35 keys, and getInstance costs more than a hash. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    });

    private DomainKey() {}

    /** The key of a canonical host ({@code evil.example}): also the digest its URL keys start with. */
    public static byte[] of(String canonicalHost) {
        return sha256().digest(UrlKey.ascii(canonicalHost));
    }

    /** This thread's SHA-256; {@link UrlKey} hashes with it too. */
    static MessageDigest sha256() {
        return SHA256.get();
    }
}
