package dev.outpost.cli;

import java.nio.file.Path;

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
        String property = System.getProperty("outpost.data-dir");
        String environment = System.getenv("OUTPOST_DATA_DIR");
        String value = property != null ? property : environment != null ? environment : "data";
        return Path.of(value).toAbsolutePath().normalize();
    }
}
