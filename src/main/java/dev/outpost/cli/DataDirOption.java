package dev.outpost.cli;

import java.nio.file.Path;

import dev.outpost.config.CoreConfig;

import picocli.CommandLine.Option;

/**
 * {@code --data-dir}, defaulting to the server's {@code outpost.data-dir}, read from the same sources
 * (system property, {@code OUTPOST_DATA_DIR}, {@code .env}, {@code config/application.properties},
 * the profile), else {@code ./data}.
 */
public class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Outpost data directory (default: the server's outpost.data-dir, e.g. $OUTPOST_DATA_DIR; else ./data).")
    Path dataDir;

    Path resolve() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        return CliConfig.read(CoreConfig.class).dataDir().toAbsolutePath().normalize();
    }
}
