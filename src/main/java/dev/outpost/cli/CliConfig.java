package dev.outpost.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.eclipse.microprofile.config.Config;

import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.outpost.store.StoreTuning;

/**
 * The server's configuration as a command sees it without booting Quarkus (ADR 0004): the sources
 * Quarkus reads at run time, by the same ordinals (system properties 400, environment 300, {@code
 * .env} 295, {@code config/application.properties} in the working directory 260, the packaged
 * {@code application.properties} 250), under the same profile ({@code quarkus.profile}, else {@code
 * prod}). Keys are read by name: a command needs a few, not the whole mapping.
 */
final class CliConfig {
    private final Config config;

    private CliConfig(Config config) {
        this.config = config;
    }

    static CliConfig load() {
        ClassLoader loader = CliConfig.class.getClassLoader();
        return new CliConfig(new SmallRyeConfigBuilder()
                .forClassLoader(loader)
                .addDefaultInterceptors()
                .addDefaultSources()
                .withSources(new DotEnvConfigSourceProvider())
                .withProfiles(profiles())
                .build());
    }

    /** {@code outpost.store.*}, as the server's store is opened with; unset keys keep their defaults. */
    StoreTuning storeTuning() {
        StoreTuning defaults = StoreTuning.DEFAULTS;
        long blockCacheBytes = value("outpost.store.block-cache-bytes", Long.class, defaults.blockCacheBytes());
        int bloomBitsPerKey = value("outpost.store.bloom-bits-per-key", Integer.class, defaults.bloomBitsPerKey());
        int blockSizeBytes = value("outpost.store.block-size-bytes", Integer.class, defaults.blockSizeBytes());
        int maxOpenFiles = value("outpost.store.max-open-files", Integer.class, defaults.maxOpenFiles());
        boolean cacheMetadata = value("outpost.store.cache-metadata", Boolean.class, defaults.cacheMetadata());
        try {
            return new StoreTuning(blockCacheBytes, bloomBitsPerKey, blockSizeBytes, maxOpenFiles, cacheMetadata);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private <T> T value(String key, Class<T> type, T otherwise) {
        try {
            return config.getOptionalValue(key, type).orElse(otherwise);
        } catch (IllegalArgumentException | NoSuchElementException e) {
            // SmallRye's message names its own codes and the key twice; one plain line instead.
            String expected = type == Boolean.class ? "true or false" : "a whole number";
            throw new CliException(key + " must be " + expected + ", not '"
                    + config.getConfigValue(key).getRawValue() + "'");
        }
    }

    /** Quarkus's own rule: {@code quarkus.profile} (a system property or QUARKUS_PROFILE), else prod. */
    private static List<String> profiles() {
        String value = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
        List<String> profiles = new ArrayList<>();
        for (String profile : (value == null || value.isBlank() ? "prod" : value).split(",")) {
            if (!profile.isBlank()) {
                profiles.add(profile.strip());
            }
        }
        return profiles;
    }
}
