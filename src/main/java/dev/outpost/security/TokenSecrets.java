package dev.outpost.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * New tokens and their digests. A token is 256 random bits, base64url, after a prefix that lets
 * secret scanners and people recognise it. A plain SHA-256 is enough to store it: unlike a
 * password, a random 256-bit token cannot be guessed from its digest by trying candidates.
 */
public final class TokenSecrets {
    static final String PREFIX = "opt_";
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String digestHex(String token) {
        return HexFormat.of().formatHex(ConfiguredTokens.sha256(token));
    }
}
