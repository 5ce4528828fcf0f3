package dev.outpost.bundle.importing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.outpost.config.DataDirectory;

/**
 * {@code outpost.inbox.*}: the directory scanned for bundles (issue 11 items 4, 6, 7; ADR 0011).
 * Checked here at start: the scanner that reads these values is built at its first scan.
 */
@ConfigMapping(prefix = "outpost.inbox")
public interface InboxConfig {
    @WithDefault("true")
    boolean enabled();

    /** Defaults to {@code <data-dir>/inbox}: see {@link #directoryIn}. */
    Optional<Path> directory();

    /** The inbox directory, created if missing: the configured one, else {@code inbox} in the data directory. */
    default Path directoryIn(DataDirectory data) {
        return DataDirectory.ensure(directory()
                .map(p -> p.toAbsolutePath().normalize())
                .orElse(data.root().resolve("inbox")));
    }

    /** Read by the schedule of {@link InboxSchedule} through its property expression. */
    @WithDefault("15s")
    @DurationMin(millis = 1, message = "must be positive")
    Duration scanInterval();

    /** Glob on file names: only these are bundles; anything else in the inbox is left alone. */
    @WithDefault("*.{bundle,delta}")
    @NotBlank(message = "must name the bundle files, e.g. *.bundle")
    @Glob
    String pattern();

    /** What happens to an imported or rejected bundle in the inbox (issue 11 item 4). */
    @WithDefault("keep")
    AfterImport afterImport();

    /** How long a bundle shorter than it declares may stay unchanged before it is reported. */
    @WithDefault("30m")
    @DurationMin(message = "must not be negative")
    Duration incompleteTimeout();

    /** The scanner's settings from these values. */
    default InboxScanner.Settings settings() {
        return new InboxScanner.Settings(pattern(), afterImport(), incompleteTimeout());
    }

    enum AfterImport {
        /** Leave it; this replica remembers it (by SHA-256, size and time) in its data directory. */
        KEEP,
        /** Remove it once handled, unless it changed meanwhile. */
        DELETE
    }
}
