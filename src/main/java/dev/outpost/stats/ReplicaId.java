package dev.outpost.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.outpost.config.DataDirectory;

/**
 * Which replica wrote a statistics row: a random id made once and kept in {@code
 * <data-dir>/replica-id}. Each replica adds only to its own rows, so replicas sharing PostgreSQL
 * never write the same row, and {@code /api/v1/stats} sums them. It says nothing about the host.
 */
@Singleton
public class ReplicaId {
    private static final Pattern FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path file;
    private volatile String value;

    public ReplicaId(DataDirectory directory) {
        this.file = directory.root().resolve("replica-id");
    }

    /** The id, made and stored on first use. */
    public String value() {
        String id = value;
        if (id == null) {
            synchronized (this) {
                id = value;
                if (id == null) {
                    id = loadOrCreate();
                    value = id;
                }
            }
        }
        return id;
    }

    private String loadOrCreate() {
        try {
            if (!Files.exists(file)) {
                DataDirectory.ensure(file.getParent());
                // Written whole under a temporary name, then moved into place: never half an id.
                Path temporary = Files.createTempFile(file.getParent(), "replica-id", ".tmp");
                try {
                    Files.writeString(temporary, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                    Files.move(temporary, file);
                } catch (FileAlreadyExistsException e) {
                    // Made by another process on the same directory in the meantime: use that one.
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!FORMAT.matcher(id).matches()) {
                throw new IllegalStateException(file + " does not hold a replica id; remove it to make a new one");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
