package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.outpost.bundle.BundleConfig;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.store.StoreConfig;
import dev.outpost.store.StoreTuning;

/** Plain Java (the CLI, tests) sees the mappings' names, defaults and conversions, like the server. */
class StandaloneConfigTest {
    @Test
    void theDefaultsAreTheMappingsOwn() {
        CoreConfig core = StandaloneConfig.defaults(CoreConfig.class);

        assertThat(core.dataDir()).isEqualTo(Path.of("data"));
        assertThat(core.role()).isEqualTo(Role.SERVE);
        assertThat(StoreTuning.DEFAULTS)
                .isEqualTo(StandaloneConfig.defaults(StoreConfig.class).tuning());
        assertThat(BundleLimits.DEFAULTS)
                .isEqualTo(StandaloneConfig.defaults(BundleConfig.class).limits());
    }

    @Test
    void durationsReadAsTheServerReadsThem() {
        // "1h" is Quarkus's duration syntax, not java.time's: the server's converters are used.
        assertThat(BundleLimits.DEFAULTS.maxClockSkew()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aSystemPropertyOverridesTheDefault() {
        String key = "outpost.bundle.max-threat-names";
        String before = System.getProperty(key);
        System.setProperty(key, "42");
        try {
            assertThat(StandaloneConfig.read(BundleConfig.class).maxThreatNames())
                    .isEqualTo(42);
            assertThat(StandaloneConfig.defaults(BundleConfig.class).maxThreatNames())
                    .isEqualTo(BundleLimits.DEFAULTS.maxThreatNames());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
