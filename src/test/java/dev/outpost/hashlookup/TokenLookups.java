package dev.outpost.hashlookup;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * {@code outpost.security.lookups=token}, for the compatible front ends' access tests (hashlookup and
 * OpenTIP share it, so that Quarkus starts once for both).
 */
public class TokenLookups implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "outpost.security.lookups", "token", "outpost.data-dir", "target/test-data/compatible-token-lookups");
    }
}
