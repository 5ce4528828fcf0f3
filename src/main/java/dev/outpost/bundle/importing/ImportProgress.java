package dev.outpost.bundle.importing;

/**
 * Receives progress of a long import: bytes of parts processed out of the total, records written to
 * the new generation, and each state reached.
 */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (phase, done, total) -> {};

    void update(String phase, long bytesDone, long bytesTotal);

    /** The import reached {@code state}; called before the work of the next state starts. */
    default void reached(ImportState state) {}

    /**
     * Records (entries of every part, removals of a delta included) written to the new generation so
     * far; never decreases within one import.
     */
    default void recordsWritten(long records) {}
}
