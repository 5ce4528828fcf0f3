package dev.outpost.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

/** The well-known locations under {@code outpost.data-dir}. */
@ApplicationScoped
public class DataDirectory {
    private final Path root;

    public DataDirectory(CoreConfig core) {
        this.root = core.dataDir().toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path generations() {
        return root.resolve("generations");
    }

    /** Local copies of bundles being imported: never import straight from removable media. */
    public Path staging() {
        return ensure(root.resolve("staging"));
    }

    /** The stored chain of trusted root documents (ADR 0006); written only after an activation. */
    public Path roots() {
        return root.resolve("trust").resolve("roots");
    }

    public Path quarantine() {
        return ensure(root.resolve("quarantine"));
    }

    /** What this replica's inbox has handled (issue 11 item 4): per replica, so never in the shared database. */
    public Path inboxHandled() {
        return root.resolve("inbox-handled.json");
    }

    /** The one-time bootstrap admin token (issue 14), readable only by the appliance's own user. */
    public Path bootstrapToken() {
        return root.resolve("bootstrap-admin.token");
    }

    /** Creates {@code directory} if it is missing; the inbox (a setting of its own) uses it too. */
    public static Path ensure(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }
}
