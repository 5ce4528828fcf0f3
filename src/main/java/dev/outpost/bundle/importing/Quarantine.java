package dev.outpost.bundle.importing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * {@code <data-dir>/quarantine}: rejected bundles, each beside a {@code .reason} file, kept as
 * evidence within a retention bound (issue 11 item 5): files older than {@code maxAge} go, then the
 * oldest bundle copies and, only if still needed, the oldest reason files, until the directory holds
 * at most {@code maxBytes}. Applied after each quarantined bundle and at start. The import history
 * keeps every rejection's reason whatever this directory still holds.
 */
public final class Quarantine {
    private static final Logger LOG = Logger.getLogger(Quarantine.class);
    private static final String REASON_SUFFIX = ".reason";

    private final Path directory;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;

    public Quarantine(Path directory, long maxBytes, Duration maxAge, Clock clock) {
        if (maxBytes < 0 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("quarantine max-bytes must be >= 0 and max-age positive");
        }
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Moves {@code staged} (a file in local staging, same file system) here as {@code base} with its
     * reason beside it, then applies the retention bound.
     */
    void put(Path staged, String base, String reason) throws IOException {
        Files.createDirectories(directory);
        try {
            if (Files.exists(staged)) {
                Files.move(staged, directory.resolve(base), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.writeString(directory.resolve(base + REASON_SUFFIX), reason, StandardCharsets.UTF_8);
        } finally {
            prune();
        }
    }

    /** Applies the retention bound; never fails, since evidence housekeeping must not stop an import. */
    public void prune() {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                BasicFileAttributes attributes =
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    entries.add(new Entry(
                            file,
                            attributes.size(),
                            attributes.lastModifiedTime().toInstant(),
                            file.getFileName().toString().endsWith(REASON_SUFFIX)));
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot apply the quarantine retention in %s: %s", directory, e.getMessage());
            return;
        }
        Instant oldest = clock.instant().minus(maxAge);
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        // Bundle copies go before any reason file, each group oldest first.
        entries.sort(Comparator.comparing(Entry::reason)
                .thenComparing(Entry::modified)
                .thenComparing(e -> e.file().getFileName().toString()));
        for (Entry entry : entries) {
            if (entry.modified().isAfter(oldest) && total <= maxBytes) {
                continue;
            }
            try {
                Files.deleteIfExists(entry.file());
                total -= entry.bytes();
                LOG.infof(
                        "Removed %s from quarantine (retention: %d bytes, %s)",
                        entry.file().getFileName(), maxBytes, maxAge);
            } catch (IOException e) {
                LOG.warnf("Cannot remove %s from quarantine: %s", entry.file().getFileName(), e.getMessage());
            }
        }
    }

    private record Entry(Path file, long bytes, Instant modified, boolean reason) {}
}
