package dev.outpost.bundle.importing;

/** Receives progress of a long import: bytes of parts processed out of the total, and each state reached. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (phase, done, total) -> {};

    void update(String phase, long bytesDone, long bytesTotal);

    /** The import reached {@code state}; called before the work of the next state starts. */
    default void reached(ImportState state) {}
}
