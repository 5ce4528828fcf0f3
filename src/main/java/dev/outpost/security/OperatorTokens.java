package dev.outpost.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

/**
 * The operator API's bearer tokens (ADR 0009). Configuration holds only each token's SHA-256, under
 * the operator's name ({@code outpost.operator.tokens=alice:<sha256 hex>,...}), so that neither the
 * configuration nor a log reveals a token. No token configured means the API is off: deny by
 * default. Comparison is in constant time over the digests.
 */
@ApplicationScoped
@Startup // A malformed token list must stop the start, not fail every operator call later (issue 11 item 17).
public class OperatorTokens {
    private static final String BEARER = "Bearer ";
    /** Longer Authorization values are refused before hashing. */
    private static final int MAX_TOKEN_CHARS = 256;

    private final Map<String, byte[]> digestsByName = new LinkedHashMap<>();

    @Inject
    public OperatorTokens(OperatorConfig config) {
        this(config.tokens());
    }

    OperatorTokens(Optional<List<String>> tokens) {
        for (String entry : tokens.orElse(List.of())) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).strip();
            String hex = colon < 0 ? "" : entry.substring(colon + 1).strip();
            if (!name.matches("[A-Za-z0-9._-]{1,64}") || !hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(
                        "outpost.operator.tokens entries are NAME:SHA256HEX (create one with `outpost operator-token`),"
                                + " got an entry for '" + name + "'");
            }
            if (digestsByName.put(name, HexFormat.of().parseHex(hex)) != null) {
                throw new IllegalArgumentException("outpost.operator.tokens names '" + name + "' twice");
            }
        }
    }

    /** The name of the operator whose token {@code authorization} carries; throws otherwise. */
    public String authenticate(String authorization) {
        if (digestsByName.isEmpty()) {
            throw OperatorAccessException.disabled();
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw OperatorAccessException.unauthorized("send an operator token: Authorization: Bearer <token>");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw OperatorAccessException.unauthorized("the operator token is not valid");
        }
        byte[] digest = sha256(token);
        String match = null;
        // Every configured digest is compared, so the time taken does not say which one was close.
        for (Map.Entry<String, byte[]> entry : digestsByName.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), digest) && match == null) {
                match = entry.getKey();
            }
        }
        if (match == null) {
            throw OperatorAccessException.unauthorized("the operator token is not valid");
        }
        return match;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
