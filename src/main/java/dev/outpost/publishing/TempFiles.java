package dev.outpost.publishing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every temporary file and directory of one build (spilled runs, parts, the bundle being
 * assembled), deleted together by {@link #close()} on success and failure alike. A build of 100M
 * records leaves tens of GB behind if it does not clean up, so an interrupted one must too: a
 * {@code finally} block does not run when the JVM stops on SIGINT or SIGTERM (Ctrl-C), only
 * shutdown hooks do, so one is registered while anything exists and removed by {@link #close()}.
 */
final class TempFiles implements Closeable {
    private final Set<Path> files = new LinkedHashSet<>();
    private final List<Path> directories = new ArrayList<>();
    private Thread hook;

    /** A new empty file in {@code directory}, owner-only (POSIX), deleted by {@link #close()}. */
    synchronized Path createFile(Path directory, String prefix) throws IOException {
        register();
        Path file = Files.createTempFile(directory, prefix, ".tmp");
        files.add(file);
        return file;
    }

    /** A new private directory under {@code parent}, deleted with everything in it by {@link #close()}. */
    synchronized Path createDirectory(Path parent, String prefix) throws IOException {
        register();
        Path directory = Files.createTempDirectory(parent, prefix);
        directories.add(directory);
        return directory;
    }

    /** Deletes {@code path} (if it exists) by {@link #close()}: a file made by someone else for this build. */
    synchronized void track(Path path) {
        register();
        files.add(path);
    }

    /** Deletes one file now. */
    synchronized void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        files.remove(file);
    }

    @Override
    public void close() throws IOException {
        try {
            deleteAll();
        } finally {
            unregister();
        }
    }

    private synchronized void register() {
        if (hook == null) {
            hook = new Thread(this::deleteQuietly, "outpost-build-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    private synchronized void unregister() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it deletes what is left.
            }
            hook = null;
        }
    }

    private synchronized void deleteAll() throws IOException {
        IOException failure = null;
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure = first(failure, e);
            }
        }
        files.clear();
        for (Path directory : directories) {
            if (!Files.exists(directory)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(directory)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                failure = first(failure, e);
            }
        }
        directories.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteQuietly() {
        try {
            deleteAll();
        } catch (IOException | RuntimeException e) {
            // The JVM is stopping; there is no one left to tell.
        }
    }

    private static IOException first(IOException failure, IOException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }
}
