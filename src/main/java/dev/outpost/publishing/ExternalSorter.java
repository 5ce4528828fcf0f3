package dev.outpost.publishing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.outpost.reputation.KeySpace;

/**
 * Sorts a build's entries in bounded memory (issue 16): entries are buffered in an {@link
 * EntryBuffer} up to the memory budget; a full buffer is sorted and spilled to a run file
 * ({@link RunFiles}) in a private directory; at the end, runs and the last buffer are merged by a
 * heap ({@link MergeCursor}). At most {@link SortSettings#fanIn()} inputs are merged at once, so a
 * 100M-record build never holds thousands of files open: beyond it, intermediate merges first
 * combine the smallest runs, just enough of them that the final merge fits the fan-in (with 64 and
 * 140 runs: one merge of 64 and one of 14, not a full pass over everything).
 *
 * <p>Files are created and deleted through the build's {@link TempFiles}.
 */
final class ExternalSorter {
    private static final int PROGRESS_EVERY = 1 << 16;

    private final SortSettings settings;
    private final TempFiles temp;
    private final EntryBuffer buffer;
    private final List<Run> runs = new ArrayList<>();
    private BuildProgress progress = BuildProgress.NONE;
    private Path directory;
    /** Position of the buffer's first byte in the stream of everything added. */
    private long positionBase;

    private long entries;
    private int runsSpilled;
    private int intermediateMerges;
    private long spillBytes;
    private long peakSpillBytes;
    private long spillBytesWritten;
    private boolean finished;

    private record Run(Path file, long entries, long bytes) {}

    ExternalSorter(SortSettings settings, TempFiles temp) {
        this.settings = settings;
        this.temp = temp;
        this.buffer = new EntryBuffer(settings.memoryBytes());
    }

    void progress(BuildProgress progress) {
        this.progress = progress;
    }

    void add(KeySpace space, byte[] key, byte[] value) throws IOException {
        if (finished) {
            throw new IllegalStateException("entries are added before they are read back");
        }
        if (!buffer.add(space.ordinal(), key, value)) {
            spill();
            buffer.add(space.ordinal(), key, value);
        }
        entries++;
    }

    long entries() {
        return entries;
    }

    int runs() {
        return runsSpilled;
    }

    long spillBytes() {
        return spillBytes;
    }

    /** Heap the buffer holds now. */
    long heapBytes() {
        return buffer.heapBytes();
    }

    /** Spills whatever is buffered and gives the buffer's memory back (another sorter needs it). */
    void spillAndRelease() throws IOException {
        if (buffer.size() > 0) {
            spill();
        }
        buffer.release();
    }

    /** Releases the buffer's memory; the files are {@link TempFiles}'s to delete. */
    void release() {
        buffer.release();
    }

    /**
     * Deletes the runs once the cursor of {@link #sorted()} is read and closed, before the bundle is
     * assembled: the disk then holds runs and parts, or parts and bundle, never all three.
     */
    void deleteRuns() throws IOException {
        for (Run run : runs) {
            temp.delete(run.file());
            spillBytes -= run.bytes();
        }
        runs.clear();
        buffer.release();
    }

    SortStatistics statistics() {
        return new SortStatistics(entries, runsSpilled, intermediateMerges, spillBytesWritten, peakSpillBytes);
    }

    private void spill() throws IOException {
        if (directory == null) {
            directory = temp.createDirectory(settings.spillParent(), "outpost-sort-");
        }
        Path file = temp.createFile(directory, "run-");
        long count = buffer.size();
        long bytes;
        try (RunFiles.Writer out = new RunFiles.Writer(file)) {
            buffer.writeTo(out, positionBase);
            bytes = out.bytes();
        }
        positionBase += buffer.usedBytes();
        buffer.clear();
        runsSpilled++;
        added(new Run(file, count, bytes));
    }

    private void added(Run run) {
        runs.add(run);
        spillBytes += run.bytes();
        spillBytesWritten += run.bytes();
        peakSpillBytes = Math.max(peakSpillBytes, spillBytes);
    }

    /**
     * Every entry added, in key space, key and insertion order, duplicates included; the caller
     * closes the cursor. After this, nothing more can be added.
     */
    EntryCursor sorted() throws IOException {
        finished = true;
        if (runs.isEmpty()) {
            return buffer.cursor(positionBase);
        }
        int slots = settings.fanIn() - (buffer.size() > 0 ? 1 : 0);
        while (runs.size() > slots) {
            mergeSmallest(Math.min(settings.fanIn(), runs.size() - slots + 1));
        }
        List<EntryCursor> inputs = open(runs);
        if (buffer.size() > 0) {
            inputs.add(buffer.cursor(positionBase));
        }
        return new MergeCursor(inputs);
    }

    /** Merges the {@code count} smallest runs into one. */
    private void mergeSmallest(int count) throws IOException {
        List<Run> chosen = runs.stream()
                .sorted(Comparator.comparingLong(Run::bytes))
                .limit(count)
                .toList();
        runs.removeAll(chosen);
        long total = chosen.stream().mapToLong(Run::entries).sum();
        Path file = temp.createFile(directory, "run-");
        long bytes;
        try (MergeCursor merge = new MergeCursor(open(chosen));
                RunFiles.Writer out = new RunFiles.Writer(file)) {
            long done = 0;
            while (merge.next()) {
                out.write(merge);
                if (++done % PROGRESS_EVERY == 0) {
                    progress.merging(count, done, total);
                }
            }
            progress.merging(count, done, total);
            bytes = out.bytes();
        }
        intermediateMerges++;
        added(new Run(file, total, bytes));
        for (Run run : chosen) {
            temp.delete(run.file());
            spillBytes -= run.bytes();
        }
    }

    private static List<EntryCursor> open(List<Run> runs) throws IOException {
        List<EntryCursor> readers = new ArrayList<>();
        try {
            for (Run run : runs) {
                readers.add(new RunFiles.Reader(run.file(), run.entries()));
            }
            return readers;
        } catch (IOException | RuntimeException e) {
            for (EntryCursor reader : readers) {
                try {
                    reader.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
