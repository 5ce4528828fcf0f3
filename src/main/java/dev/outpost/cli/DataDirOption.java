package dev.outpost.cli;

import java.nio.file.Path;

import dev.outpost.config.CoreConfig;
import dev.outpost.config.StandaloneConfig;

import picocli.CommandLine.Option;

/** {@code --data-dir}, defaulting like the server: {@code OUTPOST_DATA_DIR}, then {@code ./data}. */
public class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Outpost data directory (default: $OUTPOST_DATA_DIR, else ./data).")
    Path dataDir;

    Path resolve() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        return StandaloneConfig.read(CoreConfig.class)
                .dataDir()
                .toAbsolutePath()
                .normalize();
    }
}
