package dev.outpost.publishing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;

/**
 * Builds a signed delta bundle (ADR 0007) from the records of its base and of its target: the
 * publisher's side of the importer's delta applier. The target's name dictionary starts with the base's, so
 * a value whose meaning did not change has the same bytes in both and is left out; every other
 * target entry is an upsert, and every base key the target lacks is a removal.
 *
 * <p>Base and target are each sorted as a full build sorts ({@link SortSettings}; issue 16), and
 * the delta is a merge-join of the two sorted streams, so a delta between two 100M-record datasets
 * needs no more memory than one full build. The budget is shared: when the first target record
 * comes, a base buffer holding more than a quarter of it is spilled, and the target gets the rest.
 */
public final class DeltaWriter implements AutoCloseable {
    private static final int PROGRESS_EVERY = 1 << 16;

    private final TempFiles temp = new TempFiles();
    private SortSettings sorting = SortSettings.DEFAULTS;
    private BuildProgress progress = BuildProgress.NONE;
    private BundleWriter base;
    private BundleWriter target;

    /** Sets the sort's memory budget (shared by base and target), spill directory and fan-in. */
    public DeltaWriter sorting(SortSettings settings) {
        if (base != null) {
            throw new IllegalStateException("the sort is set before any record is added");
        }
        this.sorting = java.util.Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** Reports reading (base records, then target records counted on), spilling, merging and writing. */
    public DeltaWriter progress(BuildProgress progress) {
        if (base != null) {
            throw new IllegalStateException("progress is set before any record is added");
        }
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * Starts the base's name dictionary as the base bundle has it. Needed when base records do not
     * come in the order the base bundle was built from (for instance read back from the bundle):
     * the delta's name ids must mean on the appliance what they mean here.
     */
    public void useBaseDictionary(List<String> names) {
        if (base != null || target != null) {
            throw new IllegalStateException("the base dictionary is set before any record is added");
        }
        base = BundleWriter.startingWith(names, temp, sorting).progress(progress);
    }

    private BundleWriter base() {
        if (base == null) {
            base = BundleWriter.sharing(temp, sorting).progress(progress);
        }
        return base;
    }

    /** Adds a record of the base dataset; all of them come before any target record. */
    public void addBase(ReputationRecord record) {
        if (target != null) {
            throw new IllegalStateException("base records must all be added before the first target record");
        }
        base().add(record);
    }

    public void addTarget(ReputationRecord record) {
        target().add(record);
    }

    private BundleWriter target() {
        if (target == null) {
            BundleWriter from = base();
            long held;
            try {
                held = from.spillIfAbove(sorting.memoryBytes() / 4);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(
                        "cannot spill sorted records under " + sorting.spillParent() + ": "
                                + dev.outpost.io.FailureDetail.of(e),
                        e);
            }
            long left = Math.max(SortSettings.MIN_MEMORY_BYTES, sorting.memoryBytes() - held);
            long baseRecords = from.records();
            SortStatistics baseSort = from.sortStatistics();
            target = BundleWriter.startingWith(from.names(), temp, sorting.withMemoryBytes(left))
                    .progress(new BuildProgress() {
                        @Override
                        public void reading(long records, int runs, long spillBytes) {
                            progress.reading(
                                    baseRecords + records,
                                    baseSort.runs() + runs,
                                    baseSort.peakSpillBytes() + spillBytes);
                        }

                        @Override
                        public void merging(int runs, long done, long total) {
                            progress.merging(runs, done, total);
                        }
                    });
        }
        return target;
    }

    /** Writes the delta from sequence {@code baseSequence} to {@code sequence}, signed by every key. */
    public Manifest write(
            Path output,
            String dataset,
            long baseSequence,
            long sequence,
            Instant created,
            Instant expires,
            Signers signers)
            throws IOException {
        Manifest manifest;
        try {
            manifest = writeDelta(output, dataset, baseSequence, sequence, created, expires, signers);
        } catch (Throwable e) {
            try {
                close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        close();
        return manifest;
    }

    /** What the sorts of base and target did, together. */
    public SortStatistics sortStatistics() {
        SortStatistics from = base == null ? SortStatistics.NONE : base.sortStatistics();
        SortStatistics to = target == null ? SortStatistics.NONE : target.sortStatistics();
        return new SortStatistics(
                from.entries() + to.entries(),
                from.runs() + to.runs(),
                from.intermediateMerges() + to.intermediateMerges(),
                from.spillBytesWritten() + to.spillBytesWritten(),
                from.peakSpillBytes() + to.peakSpillBytes());
    }

    /** Deletes every temporary file of this delta; idempotent. */
    @Override
    public void close() throws IOException {
        try {
            for (BundleWriter writer : Arrays.asList(base, target)) {
                if (writer != null) {
                    writer.close();
                }
            }
        } finally {
            temp.close();
        }
    }

    private Manifest writeDelta(
            Path output,
            String dataset,
            long baseSequence,
            long sequence,
            Instant created,
            Instant expires,
            Signers signers)
            throws IOException {
        BundleWriter from = base();
        BundleWriter to = target();
        List<String> baseNames = from.dictionary();
        List<String> names = to.dictionary();
        Path directory = output.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        List<Path> namesFile = new ArrayList<>();
        Manifest.Part namesPart = BundleWriter.writeNames(
                BundleWriter.tempPart(directory, namesFile, temp), names.subList(baseNames.size(), names.size()));
        Map<KeySpace, PartWriter> upserts = new EnumMap<>(KeySpace.class);
        Map<KeySpace, PartWriter> removals = new EnumMap<>(KeySpace.class);
        Map<PartWriter, Path> files = new java.util.HashMap<>();
        StateChecksum baseState = new StateChecksum();
        StateChecksum targetState = new StateChecksum();
        long total = from.sortStatistics().entries() + to.sortStatistics().entries();
        try (EntryCursor before = from.sortedEntries();
                EntryCursor after = to.sortedEntries()) {
            // A merge-join of two streams in key space and key order: a key only in the base is
            // removed, a key only in the target or with another value is upserted.
            boolean hasBefore = before.next();
            boolean hasAfter = after.next();
            long done = 0;
            long report = PROGRESS_EVERY;
            // Format 2 only if an upsert carries a name: a delta of hashed domains stays format 1.
            boolean listedNames = false;
            while (hasBefore || hasAfter) {
                int order = !hasBefore ? 1 : !hasAfter ? -1 : EntryCursor.compareKeys(before, after);
                if (order <= 0) {
                    baseState.add(before.space(), before.key(), before.value(), before.valueLength(), baseNames);
                }
                if (order >= 0) {
                    targetState.add(after.space(), after.key(), after.value(), after.valueLength(), names);
                }
                if (order < 0) {
                    part(removals, files, before.space(), directory, true).write(before.key(), null, 0);
                } else if (order > 0 || !sameValue(before, after)) {
                    part(upserts, files, after.space(), directory, false)
                            .write(after.key(), after.value(), after.valueLength());
                    listedNames |= RecordCodec.carriesName(after.space(), after.value(), after.valueLength());
                }
                if (order <= 0) {
                    hasBefore = before.next();
                    done++;
                }
                if (order >= 0) {
                    hasAfter = after.next();
                    done++;
                }
                if (done >= report) {
                    progress.writing(done, total);
                    report += PROGRESS_EVERY;
                }
            }
            progress.writing(total, total);
            before.close();
            after.close();
            from.discardRuns();
            to.discardRuns();
            // The manifest's order: names, every upsert part, then every removal part, each in key space order.
            List<Manifest.Part> parts = new ArrayList<>();
            List<Path> ordered = new ArrayList<>(namesFile);
            parts.add(namesPart);
            for (Map<KeySpace, PartWriter> kind : List.of(upserts, removals)) {
                for (PartWriter part : kind.values()) {
                    parts.add(part.finish());
                    ordered.add(files.get(part));
                }
            }
            Manifest manifest = new Manifest(
                    BundleFormat.manifestFormat(listedNames),
                    dataset,
                    sequence,
                    created,
                    expires,
                    Manifest.KIND_DELTA,
                    new Manifest.Base(baseSequence, baseState.sha256()),
                    targetState.sha256(),
                    to.manifestCounts(),
                    parts);
            BundleWriter.finish(output, manifest, signers, ordered, temp);
            return manifest;
        } finally {
            for (PartWriter part : files.keySet()) {
                part.close();
            }
        }
    }

    private PartWriter part(
            Map<KeySpace, PartWriter> parts,
            Map<PartWriter, Path> files,
            KeySpace space,
            Path directory,
            boolean removal)
            throws IOException {
        PartWriter part = parts.get(space);
        if (part == null) {
            List<Path> file = new ArrayList<>(1);
            part = new PartWriter(
                    BundleWriter.tempPart(directory, file, temp),
                    space,
                    removal ? Manifest.REMOVE_PREFIX + space.id() : space.id(),
                    removal);
            parts.put(space, part);
            files.put(part, file.get(0));
        }
        return part;
    }

    private static boolean sameValue(EntryCursor before, EntryCursor after) {
        return Arrays.equals(before.value(), 0, before.valueLength(), after.value(), 0, after.valueLength());
    }
}
