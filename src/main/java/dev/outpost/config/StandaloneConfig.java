package dev.outpost.config;

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
     * The mapping as set by system properties ({@code -Doutpost.data-dir=...}) and environment
     * variables ({@code OUTPOST_DATA_DIR}), else its defaults, like the server (which also reads
     * {@code application.properties}: it sets no {@code outpost.*} default, only profiles).
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
            builder.addDefaultSources();
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(mapping);
    }
}
