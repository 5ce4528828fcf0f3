package dev.outpost.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Derives the embedded H2 database URL from {@code outpost.data-dir}, so that all state lives under
 * the one data directory. H2 refuses implicitly relative paths, so the directory is made absolute
 * here. A {@code quarkus.datasource.jdbc.url} set anywhere else (e.g. for PostgreSQL) wins: this
 * source has a low ordinal.
 */
public class DatabaseUrlConfigSourceFactory implements ConfigSourceFactory {
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue kind = context.getValue("quarkus.datasource.db-kind");
        if (kind != null && kind.getValue() != null && !kind.getValue().contains("h2")) {
            // The PostgreSQL build (ADR 0015): its URL must be configured; an H2 one would only
            // fail later with a driver error. In the H2 build the value is "h2", or still the
            // unexpanded ${outpost.build.database-kind:h2} while the sources are being assembled.
            return java.util.List.of();
        }
        ConfigValue dataDir = context.getValue("outpost.data-dir");
        // At build time the mappings' defaults are not among the sources yet: the default is asked for.
        Path directory = dataDir == null || dataDir.getValue() == null
                ? StandaloneConfig.defaults(CoreConfig.class).dataDir()
                : Path.of(dataDir.getValue());
        String database = directory
                .toAbsolutePath()
                .normalize()
                .resolve("db")
                .resolve("outpost")
                .toString();
        String url = "jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE";
        return java.util.List.of(
                new MapBackedConfigSource(
                        "outpost-database-url", Map.of("quarkus.datasource.jdbc.url", url), ORDINAL) {});
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
