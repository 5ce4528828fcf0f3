package dev.outpost.bundle.importing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.PartEntries;
import dev.outpost.bundle.PartReader;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.bundle.VerifiedBundle;
import dev.outpost.io.RejectedException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.DeltaBuilder;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/**
 * Applies a verified delta bundle (ADR 0007): only to exactly its base, on a copy of the active
 * generation, with one read per change to keep the state checksum and the counts, so the work is
 * proportional to the delta. The result must have the manifest's state checksum and counts, or the
 * copy is discarded and the active dataset stays as it was.
 */
final class DeltaApplier {
    private final GenerationStore store;

    DeltaApplier(GenerationStore store) {
        this.store = store;
    }

    /** Rejects a delta whose base is not exactly the active dataset, saying what the operator needs. */
    static void checkBase(Manifest manifest, Optional<DatasetInfo> active) {
        Manifest.Base base = manifest.base();
        String wanted = "this delta applies to sequence " + base.sequence() + " of dataset " + manifest.dataset();
        if (active.isEmpty()) {
            throw new RejectedException(
                    "wrong-base", wanted + ", but no dataset is active: import a full bundle first");
        }
        DatasetInfo current = active.get();
        if (current.sequence() < base.sequence()) {
            throw new RejectedException(
                    "wrong-base",
                    wanted + ", but sequence " + current.sequence() + " is active: import the bundles from sequence "
                            + current.sequence() + " up to " + base.sequence() + " first, or a full bundle of sequence "
                            + manifest.sequence() + " or later");
        }
        if (current.sequence() > base.sequence()) {
            throw new RejectedException(
                    "wrong-base",
                    wanted + ", but sequence " + current.sequence() + " is already active: import a delta based on"
                            + " sequence " + current.sequence() + ", or a full bundle of sequence "
                            + manifest.sequence()
                            + " or later");
        }
        if (current.state() == null) {
            throw new RejectedException(
                    "wrong-base",
                    wanted + ", but the active generation predates state checksums, so its state cannot be"
                            + " confirmed: import a full bundle of sequence " + manifest.sequence() + " or later");
        }
        String activeState = StateChecksum.fromState(current.state()).sha256();
        if (!activeState.equals(base.stateSha256())) {
            throw new RejectedException(
                    "wrong-base",
                    wanted + " with state " + base.stateSha256() + ", but the active sequence " + current.sequence()
                            + " has state " + activeState + ": it does not hold what the publisher had; import a full"
                            + " bundle of sequence " + manifest.sequence() + " or later");
        }
    }

    /** Applies the delta and activates the result; returns the number of changes. */
    long apply(
            FileChannel file,
            VerifiedBundle verified,
            DatasetInfo active,
            String bundleSha256,
            Instant now,
            ImportProgress progress)
            throws IOException {
        Manifest manifest = verified.manifest();
        StateChecksum state = StateChecksum.fromState(active.state());
        Map<ObjectKind, Long> counts = new EnumMap<>(ObjectKind.class);
        for (ObjectKind kind : ObjectKind.values()) {
            counts.put(kind, active.counts().getOrDefault(kind.plural(), 0L));
        }
        List<String> names = new ArrayList<>();
        try (Generation base = store.acquire().orElseThrow()) {
            names.addAll(List.of(base.threatNames()));
        }
        long total = manifest.partsBytes();
        long offset = verified.partsOffset();
        long changes = 0;
        try (DeltaBuilder builder = store.newDeltaGeneration(manifest.sequence())) {
            if (builder.baseNameCount() != names.size()) {
                throw new IllegalStateException("the active generation changed while a delta was being applied");
            }
            progress.reached(ImportState.STAGED);
            Changes dataset = new Changes(builder, state, counts, names);
            for (Manifest.Part part : manifest.parts()) {
                PartReader reader = new PartReader(file, offset, part);
                Optional<KeySpace> removal = Manifest.removalSpace(part.name());
                try {
                    if (part.name().equals(BundleFormat.NAMES_PART)) {
                        // A delta's names extend the base dictionary: ids continue after the base's.
                        names.addAll(PartReader.readNames(reader, part));
                    } else if (removal.isPresent()) {
                        dataset.remove(new PartEntries(
                                reader, part, removal.get(), names.size(), false, manifest.allowsListedNames()));
                        changes += part.entries();
                    } else {
                        KeySpace space = KeySpace.byId(part.name()).orElseThrow();
                        dataset.upsert(
                                new PartEntries(reader, part, space, names.size(), true, manifest.allowsListedNames()));
                        changes += part.entries();
                    }
                } catch (RejectedException e) {
                    throw reader.blame(e);
                }
                offset += part.size();
                progress.recordsWritten(changes);
                progress.update("applied " + part.name(), offset - verified.partsOffset(), total);
            }
            GenerationSeal.sealAndActivate(store, builder, verified, bundleSha256, now, counts, state, names, progress);
        }
        return changes;
    }

    /**
     * The dataset being changed: the new generation, its running state checksum and record counts,
     * and the keys this delta has upserted so far (a key both upserted and removed is a conflict).
     */
    private record Changes(
            DeltaBuilder builder,
            StateChecksum state,
            Map<ObjectKind, Long> counts,
            List<String> names,
            Map<KeySpace, Set<ByteBuffer>> upserted) {
        Changes(DeltaBuilder builder, StateChecksum state, Map<ObjectKind, Long> counts, List<String> names) {
            this(builder, state, counts, names, new EnumMap<>(KeySpace.class));
        }

        void upsert(PartEntries entries) throws IOException {
            KeySpace space = entries.space();
            Set<ByteBuffer> keys = upserted.computeIfAbsent(space, s -> new HashSet<>());
            while (entries.next()) {
                // Kept beyond this entry (the upserted set), so copied out of the reused buffer.
                byte[] key = entries.key().clone();
                byte[] old = builder.current(space, key);
                if (old != null) {
                    forget(space, key, old);
                }
                state.add(space, key, entries.value(), entries.length(), names);
                if (entries.primary()) {
                    counts.merge(space.kind(), 1L, Long::sum);
                }
                builder.upsert(space, key, entries.value(), entries.length());
                keys.add(ByteBuffer.wrap(key));
            }
            entries.finish();
        }

        void remove(PartEntries entries) throws IOException {
            KeySpace space = entries.space();
            Set<ByteBuffer> keys = upserted.getOrDefault(space, Set.of());
            while (entries.next()) {
                byte[] key = entries.key();
                if (keys.contains(ByteBuffer.wrap(key))) {
                    throw new RejectedException(
                            "conflicting-change",
                            "the delta both adds and removes " + space.id() + " "
                                    + HexFormat.of().formatHex(key));
                }
                byte[] old = builder.current(space, key);
                if (old == null) {
                    throw new RejectedException(
                            "remove-missing",
                            "the delta removes " + space.id() + " "
                                    + HexFormat.of().formatHex(key) + ", which the base does not hold");
                }
                forget(space, key, old);
                builder.remove(space, key);
            }
            entries.finish();
        }

        /** Takes a record the base holds out of the state checksum and, if primary, the counts. */
        private void forget(KeySpace space, byte[] key, byte[] old) {
            state.remove(space, key, old, old.length, names);
            if (RecordCodec.isPrimary(old)) {
                counts.merge(space.kind(), -1L, Long::sum);
            }
        }
    }
}
