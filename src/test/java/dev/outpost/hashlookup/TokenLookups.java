package dev.outpost.hashlookup;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * {@code outpost.security.lookups=token}, for the access tests of the native lookup API and of the
 * compatible front ends (hashlookup and OpenTIP): one profile, so that Quarkus builds and starts the
 * application once for the three (each profile costs a CI run about 15 s). The tests use only the
 * configured tokens and change no state.
 */
public class TokenLookups implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "outpost.security.lookups", "token", "outpost.data-dir", "target/test-data/compatible-token-lookups");
    }
}
