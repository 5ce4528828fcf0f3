package dev.outpost.bundle;

/** Receives progress of a long import: bytes of parts processed out of the total. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (phase, done, total) -> {};

    void update(String phase, long bytesDone, long bytesTotal);
}
