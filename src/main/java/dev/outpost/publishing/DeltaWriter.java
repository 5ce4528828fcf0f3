package dev.outpost.publishing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ReputationRecord;

/**
 * Builds a signed delta bundle (ADR 0007) from the records of its base and of its target: the
 * publisher's side of the importer's delta applier. The target's name dictionary starts with the base's, so
 * a value whose meaning did not change has the same bytes in both and is left out; every other
 * target entry is an upsert, and every base key the target lacks is a removal.
 */
public final class DeltaWriter {
    private BundleWriter base = new BundleWriter();
    private boolean baseAdded;
    private BundleWriter target;

    /**
     * Starts the base's name dictionary as the base bundle has it. Needed when base records do not
     * come in the order the base bundle was built from (for instance read back from the bundle):
     * the delta's name ids must mean on the appliance what they mean here.
     */
    public void useBaseDictionary(List<String> names) {
        if (baseAdded || target != null) {
            throw new IllegalStateException("the base dictionary is set before any record is added");
        }
        base = BundleWriter.startingWith(names);
    }

    /** Adds a record of the base dataset; all of them come before any target record. */
    public void addBase(ReputationRecord record) {
        if (target != null) {
            throw new IllegalStateException("base records must all be added before the first target record");
        }
        base.add(record);
        baseAdded = true;
    }

    public void addTarget(ReputationRecord record) {
        if (target == null) {
            target = BundleWriter.startingWith(base.names());
        }
        target.add(record);
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
        BundleWriter to = target == null ? BundleWriter.startingWith(base.names()) : target;
        List<String> baseNames = base.names();
        List<String> names = to.names();
        Path directory = output.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        List<Path> partFiles = new ArrayList<>();
        List<Path> upsertFiles = new ArrayList<>();
        List<Path> removalFiles = new ArrayList<>();
        List<Manifest.Part> upserts = new ArrayList<>();
        List<Manifest.Part> removals = new ArrayList<>();
        StateChecksum baseState = new StateChecksum();
        StateChecksum targetState = new StateChecksum();
        try {
            Path namesFile = BundleWriter.tempPart(directory, partFiles);
            Manifest.Part namesPart = BundleWriter.writeNames(namesFile, names.subList(baseNames.size(), names.size()));
            for (KeySpace space : KeySpace.values()) {
                SortedEntries before = base.sorted(space);
                SortedEntries after = to.sorted(space);
                add(baseState, space, before, baseNames);
                add(targetState, space, after, names);
                BitSet changed = new BitSet();
                BitSet removed = new BitSet();
                diff(before, after, changed, removed);
                if (!changed.isEmpty()) {
                    Path file = BundleWriter.tempPart(directory, partFiles);
                    upsertFiles.add(file);
                    upserts.add(BundleWriter.writeEntries(file, space.id(), after, changed::get));
                }
                if (!removed.isEmpty()) {
                    Path file = BundleWriter.tempPart(directory, partFiles);
                    removalFiles.add(file);
                    removals.add(BundleWriter.writeEntries(
                            file, Manifest.REMOVE_PREFIX + space.id(), before, removed::get, true));
                }
            }
            // The manifest's order: names, every upsert part, then every removal part.
            List<Manifest.Part> parts = new ArrayList<>();
            parts.add(namesPart);
            parts.addAll(upserts);
            parts.addAll(removals);
            List<Path> ordered = new ArrayList<>();
            ordered.add(namesFile);
            ordered.addAll(upsertFiles);
            ordered.addAll(removalFiles);
            Manifest manifest = new Manifest(
                    BundleFormat.MANIFEST_FORMAT,
                    dataset,
                    sequence,
                    created,
                    expires,
                    Manifest.KIND_DELTA,
                    new Manifest.Base(baseSequence, baseState.sha256()),
                    targetState.sha256(),
                    to.manifestCounts(),
                    parts);
            BundleWriter.finish(output, manifest, signers, ordered);
            return manifest;
        } finally {
            for (Path file : partFiles) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void add(StateChecksum state, KeySpace space, SortedEntries entries, List<String> names) {
        if (entries == null) {
            return;
        }
        for (int rank = 0; rank < entries.size(); rank++) {
            byte[] value = entries.value(rank);
            state.add(space, entries.key(rank), value, value.length, names);
        }
    }

    /** Marks target ranks that are new or changed, and base ranks the target no longer has. */
    private static void diff(SortedEntries before, SortedEntries after, BitSet changed, BitSet removed) {
        int b = 0;
        int a = 0;
        int beforeSize = before == null ? 0 : before.size();
        int afterSize = after == null ? 0 : after.size();
        while (b < beforeSize || a < afterSize) {
            int order = b == beforeSize ? 1 : a == afterSize ? -1 : Arrays.compareUnsigned(before.key(b), after.key(a));
            if (order < 0) {
                removed.set(b++);
            } else if (order > 0) {
                changed.set(a++);
            } else {
                if (!Arrays.equals(before.value(b), after.value(a))) {
                    changed.set(a);
                }
                a++;
                b++;
            }
        }
    }
}
