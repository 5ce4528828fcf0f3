package dev.outpost.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.outpost.config.DataDirectory;
import dev.outpost.config.OutpostConfig;

/**
 * Watches the inbox (a mounted USB stick or a shared volume) for bundles. A file is imported only
 * once its size and modification time are unchanged across two scans, so a bundle still being
 * copied in is never read half-written. Processed files are removed from the inbox; a file in a
 * read-only inbox is remembered as processed until it changes.
 */
@ApplicationScoped
public class InboxScanner {
    private static final Logger LOG = Logger.getLogger(InboxScanner.class);
    private static final int MAX_FILES_PER_SCAN = 100;

    private final ImportService imports;
    private final DataDirectory directories;
    private final OutpostConfig config;
    private final Map<Path, Seen> pending = new HashMap<>();

    public InboxScanner(ImportService imports, DataDirectory directories, OutpostConfig config) {
        this.imports = imports;
        this.directories = directories;
        this.config = config;
    }

    @Scheduled(
            identity = "inbox-scan",
            every = "${outpost.inbox.scan-interval}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        if (config.inbox().enabled() && "serve".equals(config.role())) {
            scan();
        }
    }

    /** One pass over the inbox; returns how many bundles were handed to the importer. */
    public synchronized int scan() {
        Path inbox = directories.inbox();
        List<Path> candidates;
        try (Stream<Path> files = Files.list(inbox)) {
            candidates = files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .limit(MAX_FILES_PER_SCAN)
                    .toList();
        } catch (IOException e) {
            LOG.errorf("Cannot list the inbox %s: %s", inbox, e.getMessage());
            return 0;
        }
        pending.keySet().retainAll(candidates);
        int handled = 0;
        for (Path file : candidates) {
            if (readyToImport(file)) {
                process(file);
                handled++;
            }
        }
        return handled;
    }

    private boolean readyToImport(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
        if (!attributes.isRegularFile()) {
            // Links and devices are never followed out of the inbox.
            if (pending.put(file, Seen.IGNORED) == null) {
                LOG.warnf("Ignoring %s in the inbox: not a regular file", file.getFileName());
            }
            return false;
        }
        Seen now = new Seen(attributes.size(), attributes.lastModifiedTime().toMillis(), false);
        Seen before = pending.get(file);
        if (before != null && before.done() && before.sameFile(now)) {
            return false;
        }
        pending.put(file, now);
        return before != null && before.sameFile(now);
    }

    private void process(Path file) {
        try {
            ImportOutcome outcome = imports.importFile(
                    file, "inbox", new LoggingProgress(file.getFileName().toString()));
            if (outcome instanceof ImportOutcome.Rejected rejected
                    && ImportService.RETRYABLE.contains(rejected.reason())) {
                return;
            }
            Files.deleteIfExists(file);
            pending.remove(file);
        } catch (IOException e) {
            // A read-only inbox: remember the file as processed until it changes.
            LOG.warnf("Bundle %s stays in the read-only inbox: %s", file.getFileName(), e.getMessage());
            pending.computeIfPresent(file, (path, seen) -> new Seen(seen.size(), seen.modifiedMillis(), true));
        }
    }

    private record Seen(long size, long modifiedMillis, boolean done) {
        static final Seen IGNORED = new Seen(-1, -1, true);

        boolean sameFile(Seen other) {
            return size == other.size && modifiedMillis == other.modifiedMillis;
        }
    }
}
