package dev.outpost.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One temporary directory per JVM for the files that parsers read: each input overwrites the file
 * before it, so a long campaign leaves nothing behind but this directory, which is removed at exit.
 */
final class Scratch {
    private static final Path DIRECTORY = create();

    private Scratch() {}

    /** Writes {@code bytes} to the scratch file {@code name} and returns it. */
    static Path write(String name, byte[] bytes) {
        try {
            return Files.write(DIRECTORY.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, empty directory under the scratch directory. */
    static Path directory(String name) {
        try {
            Path directory = DIRECTORY.resolve(name);
            if (Files.exists(directory)) {
                delete(directory);
            }
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path create() {
        try {
            Path directory = Files.createTempDirectory("outpost-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
