package dev.outpost.bundle.importing;

import java.time.Instant;

/**
 * An import that has not finished yet, as the API shows it while it runs: its state and the
 * progress the importer reports. Written by the one importing thread, read by any request thread:
 * every field is volatile, and each counter only grows.
 */
public final class LiveImport implements ImportProgress {
    /** What an import is doing before the journal's first state: waiting its turn, or being copied. */
    public static final String QUEUED = "QUEUED";

    public static final String COPYING = "COPYING";

    private final String id;
    private final String origin;
    private final String fileName;
    private final String actor;
    private final Instant accepted;
    private final Long uploadedBytes;
    private volatile String state;
    private volatile long bytesVerified;
    private volatile long bytesTotal;
    private volatile long records;

    LiveImport(String id, String origin, String fileName, String actor, Long uploadedBytes, String state) {
        this.id = id;
        this.origin = origin;
        this.fileName = fileName;
        this.actor = actor;
        this.uploadedBytes = uploadedBytes;
        this.accepted = Instant.now();
        this.state = state;
    }

    public String id() {
        return id;
    }

    public String origin() {
        return origin;
    }

    public String fileName() {
        return fileName;
    }

    public String actor() {
        return actor;
    }

    public Instant accepted() {
        return accepted;
    }

    /** The upload's size, or null for an import of a file. */
    public Long uploadedBytes() {
        return uploadedBytes;
    }

    public String state() {
        return state;
    }

    public long bytesVerified() {
        return bytesVerified;
    }

    /** The size of the bundle's parts, 0 until the manifest has been verified. */
    public long bytesTotal() {
        return bytesTotal;
    }

    public long recordsWritten() {
        return records;
    }

    /** Of the parts' bytes verified so far; 0 before verification starts. */
    public int percent() {
        long total = bytesTotal;
        return total <= 0 ? 0 : (int) Math.min(100, bytesVerified * 100 / total);
    }

    void copying() {
        state = COPYING;
    }

    @Override
    public void update(String phase, long bytesDone, long total) {
        if (total > 0) {
            bytesTotal = total;
        }
        if (bytesDone > bytesVerified) {
            bytesVerified = bytesDone;
        }
    }

    @Override
    public void reached(ImportState reached) {
        state = reached.name();
    }

    @Override
    public void recordsWritten(long written) {
        if (written > records) {
            records = written;
        }
    }
}
