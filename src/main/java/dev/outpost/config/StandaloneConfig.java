package dev.outpost.config;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Reads a feature's {@code @ConfigMapping} without Quarkus: for the commands that run as plain Java
 * (ADR 0004) and for values that plain code needs as defaults ({@code StoreTuning.DEFAULTS}). They
 * then see the names, the conversions and, above all, the defaults the server sees: a default is
 * written once, in the mapping's {@code @WithDefault}, and never copied into a constant.
 *
 * <p>Bean Validation constraints on a mapping are checked only by the server (they need the
 * Hibernate Validator extension); the validating types a mapping builds check themselves anywhere.
 */
public final class StandaloneConfig {
    private StandaloneConfig() {}

    /**
     * The mapping as the server would see it: the sources Quarkus reads at run time, by the same
     * ordinals (system properties 400, environment 300, {@code .env} 295, {@code
     * config/application.properties} in the working directory 260, the packaged {@code
     * application.properties} 250), under the same profile ({@code quarkus.profile}, else {@code
     * prod}), else the mapping's defaults.
     */
    public static <T> T read(Class<T> mapping) {
        return build(mapping, true);
    }

    /** The mapping with nothing set: its {@code @WithDefault} values. */
    public static <T> T defaults(Class<T> mapping) {
        return build(mapping, false);
    }

    private static <T> T build(Class<T> mapping, boolean withSources) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(mapping)
                .addDefaultInterceptors()
                // Quarkus's own converters (15s, 1h for durations), as the server has them.
                .addDiscoveredConverters()
                // Keys of the other features share the outpost prefix: not this mapping's to refuse.
                .withValidateUnknown(false);
        if (withSources) {
            builder.forClassLoader(StandaloneConfig.class.getClassLoader())
                    .addDefaultSources()
                    .withSources(new DotEnvConfigSourceProvider())
                    .withProfiles(profiles());
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(mapping);
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
