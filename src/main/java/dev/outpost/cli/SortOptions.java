package dev.outpost.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.outpost.publishing.SortSettings;
import dev.outpost.publishing.SortStatistics;

import picocli.CommandLine.Option;

/**
 * {@code --sort-memory} and {@code --temp-dir}: how a bundle-writing command sorts its records in
 * bounded memory (issue 16), and where it spills sorted runs when they do not fit.
 */
public class SortOptions {
    private static final Pattern SIZE =
            Pattern.compile("(\\d{1,19})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);
    /** The smallest budget the CLI accepts: below it a large build spills thousands of tiny runs. */
    static final long MIN_SORT_MEMORY_BYTES = 1L << 20;

    @Option(
            names = "--sort-memory",
            paramLabel = "SIZE",
            defaultValue = "128MiB",
            description = "Heap for buffered records while sorting, e.g. 64MiB or 1GiB (units are binary; default:"
                    + " ${DEFAULT-VALUE}). Beyond it, sorted runs spill to --temp-dir. Give the JVM about twice"
                    + " this (-Xmx).")
    String sortMemory;

    @Option(
            names = "--temp-dir",
            paramLabel = "DIR",
            description = "Directory for spilled runs (default: the directory of --out). A large build spills"
                    + " about the bundle's size there and needs as much again beside --out; everything is"
                    + " deleted when the command ends.")
    Path tempDir;

    /** The sort of a command writing {@code out}; creates the output's directory for the default spill place. */
    SortSettings settings(Path out) throws IOException {
        long bytes = bytes("--sort-memory", sortMemory);
        if (bytes < MIN_SORT_MEMORY_BYTES || bytes > SortSettings.MAX_MEMORY_BYTES) {
            throw new CliException("--sort-memory must be between 1MiB and " + (SortSettings.MAX_MEMORY_BYTES >> 20)
                    + "MiB, not " + sortMemory);
        }
        Path directory;
        if (tempDir != null) {
            if (!Files.isDirectory(tempDir)) {
                throw new CliException("--temp-dir " + tempDir + " is not a directory");
            }
            directory = tempDir;
        } else {
            directory = out.toAbsolutePath().getParent();
            Files.createDirectories(directory);
        }
        return new SortSettings(bytes, directory, SortSettings.DEFAULT_FAN_IN);
    }

    /** Progress on {@code err} if it is a terminal; closing it erases the line. */
    BuildProgressLine progress(PrintWriter err) {
        return BuildProgressLine.onTerminal(err);
    }

    /**
     * After the result of a build that spilled, one line on {@code err} saying what the sort needed
     * on disk, so that a publisher can size --temp-dir for the next, larger build.
     */
    void report(SortStatistics sort, PrintWriter err) {
        if (sort.runs() > 0) {
            err.printf(
                    Locale.ROOT,
                    "sorted %,d entries in %d spilled runs (%d intermediate merges, at most %s on disk at once)%n",
                    sort.entries(),
                    sort.runs(),
                    sort.intermediateMerges(),
                    BuildProgressLine.size(sort.peakSpillBytes()));
            err.flush();
        }
    }

    /** A size in bytes: digits, optionally followed by a binary unit (K, KiB, M, MiB, G, GiB). */
    static long bytes(String option, String text) {
        Matcher size = SIZE.matcher(text == null ? "" : text.strip());
        if (!size.matches()) {
            throw new CliException(option + " must be a size like 256MiB or 1GiB, not " + text);
        }
        String unit = size.group(2) == null ? "b" : size.group(2).toLowerCase(Locale.ROOT);
        int shift =
                switch (unit.charAt(0)) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    default -> 0;
                };
        try {
            long value = Long.parseLong(size.group(1));
            if (value > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new CliException(option + " is too large: " + text);
        }
    }
}
