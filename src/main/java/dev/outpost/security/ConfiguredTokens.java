package dev.outpost.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

/**
 * Tokens named in configuration rather than created through the admin API (ADR 0009, ADR 0016):
 * {@code outpost.operator.tokens=NAME:SHA256HEX,...} (the form used before issue 14; each is an
 * operator) and {@code outpost.security.tokens=NAME:ROLE:SHA256HEX,...} (any role; for automation
 * that provisions its credentials, e.g. from a Kubernetes Secret). Configuration holds only each
 * token's SHA-256, so that neither it nor a log reveals a token. Every configured digest is compared
 * in constant time, so the time taken does not say which one was close.
 */
@ApplicationScoped
@Startup // A malformed token list must stop the start, not fail every call later (issue 11 item 17).
public class ConfiguredTokens {
    /** One configured token: its name, role and the SHA-256 of the token. */
    record Entry(String name, String role, byte[] digest) {}

    private final List<Entry> entries = new ArrayList<>();

    @Inject
    public ConfiguredTokens(OperatorConfig operators, SecurityConfig security) {
        this(operators.tokens(), security.tokens());
    }

    ConfiguredTokens(Optional<List<String>> operatorTokens, Optional<List<String>> tokens) {
        Set<String> names = new HashSet<>();
        for (String entry : operatorTokens.orElse(List.of())) {
            int colon = entry.indexOf(':');
            add(
                    names,
                    "outpost.operator.tokens",
                    "NAME:SHA256HEX",
                    colon < 0 ? "" : entry.substring(0, colon),
                    Roles.OPERATOR,
                    colon < 0 ? "" : entry.substring(colon + 1));
        }
        for (String entry : tokens.orElse(List.of())) {
            String[] fields = entry.split(":", -1);
            boolean shaped = fields.length == 3;
            add(
                    names,
                    "outpost.security.tokens",
                    "NAME:ROLE:SHA256HEX",
                    shaped ? fields[0] : "",
                    shaped ? fields[1].strip() : "",
                    shaped ? fields[2] : "");
        }
    }

    private void add(Set<String> names, String key, String form, String name, String role, String hex) {
        String cleanName = name.strip();
        String cleanHex = hex.strip();
        if (!cleanName.matches(TokenName.PATTERN) || !cleanHex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(key + " entries are " + form
                    + " (create one with `outpost token create --print-config` or `outpost operator-token`), got an entry for '"
                    + cleanName + "'");
        }
        if (!RoleSet.isRole(role)) {
            throw new IllegalArgumentException(
                    key + " names role '" + role + "' for '" + cleanName + "'; roles are " + RoleSet.NAMES);
        }
        if (!names.add(cleanName)) {
            throw new IllegalArgumentException(key + " names '" + cleanName + "' twice");
        }
        entries.add(new Entry(cleanName, role, HexFormat.of().parseHex(cleanHex)));
    }

    /** The configured token with this SHA-256, if any. */
    Optional<Entry> find(byte[] digest) {
        Entry match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && match == null) {
                match = entry;
            }
        }
        return Optional.ofNullable(match);
    }

    /** Whether configuration provisions an admin, so that no bootstrap token is needed. */
    boolean hasAdmin() {
        return entries.stream().anyMatch(e -> e.role().equals(Roles.ADMIN));
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
