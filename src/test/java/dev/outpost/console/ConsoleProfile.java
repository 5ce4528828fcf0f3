package dev.outpost.console;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The console's end-to-end tests share one application with a data directory of its own: they
 * upload bundles that activate later sequences of the demo dataset, which other tests expect at 1.
 */
public class ConsoleProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("outpost.data-dir", "target/test-data/console-" + System.nanoTime());
    }
}
