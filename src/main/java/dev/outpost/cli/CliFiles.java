package dev.outpost.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Checks on the files and directories named on the command line, made before anything opens them,
 * so that each mistake gets its own one-line message and exit status 1 (issue 11 item 19). A bundle
 * is checked by its file type alone: opening a named pipe would block until someone writes to it.
 */
final class CliFiles {
    /** File type bits of {@code st_mode} (POSIX {@code <sys/stat.h>}). */
    private static final int TYPE_MASK = 0170000;

    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;
    /** What an import writes under the data directory (DataDirectory), when they already exist. */
    private static final List<String> WRITTEN_SUBDIRECTORIES =
            List.of("generations", "staging", "quarantine", "db", "trust", "trust/roots", "inbox");

    private CliFiles() {}

    /** A bundle named on the command line: an existing, readable regular file (or a link to one). */
    static Path bundle(Path file) {
        return regularFile(file, "bundle file");
    }

    /** The data directory of a command that only reads it, such as {@code lookup}. */
    static Path dataDirectoryToRead(Path directory) {
        if (exists(directory)) {
            requireReadableDirectory(directory, "the data directory " + directory);
            Path generations = directory.resolve("generations");
            if (exists(generations)) {
                requireReadableDirectory(generations, "the data directory's " + generations);
            }
        }
        return directory;
    }

    /** The data directory of a command that writes to it, such as {@code import}. */
    static Path dataDirectoryToWrite(Path directory) {
        if (!exists(directory)) {
            Path parent = nearestExisting(directory);
            if (parent != null && !Files.isWritable(parent)) {
                throw new CliException("the data directory " + directory + " does not exist and cannot be created: "
                        + parent + " is read-only for this user");
            }
            return directory;
        }
        requireReadableDirectory(directory, "the data directory " + directory);
        requireWritable(directory, "the data directory " + directory);
        for (String name : WRITTEN_SUBDIRECTORIES) {
            Path sub = directory.resolve(name);
            if (exists(sub)) {
                requireReadableDirectory(sub, "the data directory's " + sub);
                requireWritable(sub, "the data directory's " + sub);
            }
        }
        return directory;
    }

    private static Path regularFile(Path file, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                // A link to a bundle is fine; what it points to is checked like the file itself.
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            }
        } catch (NoSuchFileException e) {
            throw new CliException("no such " + what + ": " + file);
        } catch (IOException e) {
            throw new CliException(file + " cannot be read: " + reason(e));
        }
        if (attributes.isDirectory()) {
            throw new CliException(file + " is a directory, not a " + what);
        }
        if (!attributes.isRegularFile()) {
            throw new CliException(file + " is " + kind(file) + ", not a " + what);
        }
        if (!Files.isReadable(file)) {
            throw new CliException(file + " cannot be read: permission denied");
        }
        return file;
    }

    /** What a file that is neither regular nor a directory is, from its mode, without opening it. */
    private static String kind(Path file) {
        int type;
        try {
            type = ((Integer) Files.getAttribute(file, "unix:mode")) & TYPE_MASK;
        } catch (IOException | RuntimeException e) {
            return "not a regular file";
        }
        return switch (type) {
            case FIFO -> "a named pipe (FIFO)";
            case CHARACTER_DEVICE, BLOCK_DEVICE -> "a device";
            case SOCKET -> "a socket";
            default -> "not a regular file";
        };
    }

    private static void requireReadableDirectory(Path directory, String name) {
        if (!Files.isDirectory(directory)) {
            throw new CliException(name + " is not a directory");
        }
        if (!Files.isReadable(directory) || !Files.isExecutable(directory)) {
            throw new CliException(name + " cannot be read by this user (permission denied)");
        }
    }

    private static void requireWritable(Path directory, String name) {
        if (!Files.isWritable(directory)) {
            throw new CliException(name + " is read-only for this user; run as the user that owns it");
        }
    }

    /** Whether {@code path} exists; a path whose existence cannot be told is refused here. */
    private static boolean exists(Path path) {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        throw new CliException(path + " cannot be reached by this user (permission denied)");
    }

    private static Path nearestExisting(Path path) {
        Path current = path.toAbsolutePath().getParent();
        while (current != null && !exists(current)) {
            current = current.getParent();
        }
        return current;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }
}
