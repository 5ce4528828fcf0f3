package dev.outpost.publishing;

import java.nio.file.Path;

import dev.outpost.reputation.InvalidInputException;

/**
 * How a build sorts its entries (issue 16, "bundles the size of NSRL"): entries are buffered up to
 * {@code memoryBytes}, then sorted and spilled as a run to a private directory under {@code
 * tempDirectory}; when the parts are written, at most {@code fanIn} runs are merged at once, in
 * several passes if there are more.
 *
 * @param memoryBytes bytes of heap for buffered entries and their sort index; a build needs this
 *     plus about 8 MiB of merge buffers, plus its threat-name dictionary, plus the JVM's headroom
 * @param tempDirectory where spill files go, or null for the system's temporary directory ({@code
 *     java.io.tmpdir}); the CLI puts them beside the output
 * @param fanIn most runs merged at once: each open run holds one read buffer and one file
 */
public record SortSettings(long memoryBytes, Path tempDirectory, int fanIn) {
    public static final long DEFAULT_MEMORY_BYTES = 128L << 20;
    /** Small enough for tests that force many runs; a real build should not go below a few MiB. */
    public static final long MIN_MEMORY_BYTES = 64L << 10;
    /** Entries are addressed by int offsets into the buffer (EntryBuffer), so it stays below 2 GiB. */
    public static final long MAX_MEMORY_BYTES = (1L << 31) - (1L << 20);

    public static final int DEFAULT_FAN_IN = 64;
    public static final int MAX_FAN_IN = 1024;

    /** 128 MiB, the system's temporary directory, fan-in 64. */
    public static final SortSettings DEFAULTS = new SortSettings(DEFAULT_MEMORY_BYTES, null, DEFAULT_FAN_IN);

    public SortSettings {
        if (memoryBytes < MIN_MEMORY_BYTES || memoryBytes > MAX_MEMORY_BYTES) {
            throw new InvalidInputException(
                    "invalid-sort-memory",
                    "the sort memory must be between " + (MIN_MEMORY_BYTES >> 10) + " KiB and "
                            + (MAX_MEMORY_BYTES >> 20) + " MiB",
                    String.valueOf(memoryBytes));
        }
        if (fanIn < 2 || fanIn > MAX_FAN_IN) {
            throw new InvalidInputException(
                    "invalid-sort-fan-in",
                    "the merge fan-in must be between 2 and " + MAX_FAN_IN,
                    String.valueOf(fanIn));
        }
    }

    public SortSettings withMemoryBytes(long bytes) {
        return new SortSettings(bytes, tempDirectory, fanIn);
    }

    public SortSettings withTempDirectory(Path directory) {
        return new SortSettings(memoryBytes, directory, fanIn);
    }

    public SortSettings withFanIn(int runs) {
        return new SortSettings(memoryBytes, tempDirectory, runs);
    }

    /** The directory spill files go under. */
    Path spillParent() {
        return tempDirectory != null ? tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
