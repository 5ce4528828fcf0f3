package dev.outpost.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a presented token against every kind of token the appliance knows. The caller learns only
 * whether it passed: a refused token gets one answer whatever the reason, so that probing tells an
 * attacker nothing (the reason is audited).
 */
@ApplicationScoped
public class TokenVerifier {
    static final String REFUSED = "the token is not valid: unknown, expired or revoked";
    /** Longer tokens are refused before hashing. */
    static final int MAX_TOKEN_CHARS = 256;

    private final ConfiguredTokens configured;

    public TokenVerifier(ConfiguredTokens configured) {
        this.configured = configured;
    }

    /** The grant of {@code token}, or empty if it is not valid. */
    public Optional<Grant> verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] digest = ConfiguredTokens.sha256(token.strip());
        return configured.find(digest).map(e -> new Grant(e.name(), e.role(), Grant.Origin.CONFIGURED, null));
    }
}
