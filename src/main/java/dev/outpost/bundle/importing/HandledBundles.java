package dev.outpost.bundle.importing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.reputation.InvalidInputException;

/**
 * The bundles this replica's inbox has handled (imported, found active already, or rejected), so
 * that a bundle kept in the inbox is not imported again, also after a restart (issue 11 item 4).
 * Kept in this replica's data directory, never in the shared database: replicas that share a
 * read-only inbox each import each bundle themselves. Entries are keyed by file name, bounded in
 * number, dropped once their file has left the inbox, and the file is rewritten atomically.
 */
public final class HandledBundles {
    private static final Logger LOG = Logger.getLogger(HandledBundles.class);
    static final int MAX_ENTRIES = 10_000;
    private static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    private static final int VERSION = 1;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON =
            JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private HandledBundles(Path file) {
        this.file = file;
    }

    /** Loads the memory at {@code file}; an unreadable one is logged and started afresh. */
    public static HandledBundles load(Path file) {
        HandledBundles handled = new HandledBundles(file);
        if (!Files.isRegularFile(file)) {
            return handled;
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            if (stored.version() != VERSION || stored.files() == null) {
                throw new IOException("unknown version " + stored.version());
            }
            stored.files().stream()
                    .sorted(Comparator.comparing(Entry::handledAt))
                    .forEach(entry -> handled.entries.put(entry.name(), entry));
            handled.bound();
        } catch (IOException | RuntimeException e) {
            // Forgetting costs one more import of each kept bundle (found active, or rejected again).
            LOG.warnf("Cannot read the inbox memory %s (%s); starting with an empty one", file, e.getMessage());
            handled.entries.clear();
        }
        return handled;
    }

    /** Whether {@code name} was handled with exactly this size and modification time. */
    public boolean isUnchanged(String name, long size, long modifiedMillis) {
        Entry entry = entries.get(name);
        return entry != null && entry.size() == size && entry.modifiedMillis() == modifiedMillis;
    }

    /** Whether some handled bundle has this size: only then can a changed file be one of them. */
    public boolean anyOfSize(long size) {
        return entries.values().stream().anyMatch(entry -> entry.size() == size);
    }

    /** A handled bundle with these exact bytes, under any name. */
    public Optional<Entry> bySha256(String sha256) {
        return entries.values().stream()
                .filter(entry -> entry.sha256().equals(sha256))
                .findFirst();
    }

    /** Remembers {@code name} as handled and saves the memory. */
    public void remember(String name, String sha256, long size, long modifiedMillis, Instant at) {
        entries.remove(name);
        entries.put(name, new Entry(name, sha256, size, modifiedMillis, at));
        bound();
        save();
    }

    public int size() {
        return entries.size();
    }

    private void bound() {
        var oldest = entries.keySet().iterator();
        while (entries.size() > MAX_ENTRIES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Written beside, flushed, then renamed over the old file: a crash leaves one or the other. */
    private void save() {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(temporary.toFile(), new Stored(VERSION, new ArrayList<>(entries.values())));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A full disk: the memory stays in this process and is saved with the next change.
            LOG.warnf("Cannot save the inbox memory %s: %s", file, e.getMessage());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Nothing more to do: the next save replaces it.
            }
        }
    }

    /** One handled file: its name in the inbox, its SHA-256, and the size and time it had then. */
    public record Entry(String name, String sha256, long size, long modifiedMillis, Instant handledAt) {
        public Entry {
            if (name == null
                    || name.isEmpty()
                    || sha256 == null
                    || !SHA256_HEX.matcher(sha256).matches()) {
                throw new InvalidInputException(
                        "invalid-handled-bundle", "a handled bundle needs a name and a SHA-256", name);
            }
            if (handledAt == null) {
                throw new InvalidInputException(
                        "invalid-handled-bundle", "a handled bundle needs the time it was handled", name);
            }
        }
    }

    private record Stored(int version, List<Entry> files) {}
}
