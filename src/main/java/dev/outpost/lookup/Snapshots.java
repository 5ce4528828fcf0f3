package dev.outpost.lookup;

import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalVerdicts;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/** Opens the {@link Snapshot} that every lookup reads, for the file, certificate and web lookups alike. */
@Singleton
public final class Snapshots {
    private final GenerationStore store;
    private final Supplier<LocalIndex> local;

    @Inject
    public Snapshots(GenerationStore store, LocalVerdicts localVerdicts) {
        this(store, localVerdicts::current);
    }

    private Snapshots(GenerationStore store, Supplier<LocalIndex> local) {
        this.store = store;
        this.local = local;
    }

    /**
     * Vendor data only, for benchmarks, store tests and the offline CLI lookup: local verdicts live
     * in the server's database, which a process beside it does not open.
     */
    public static Snapshots vendorOnly(GenerationStore store) {
        return new Snapshots(store, () -> LocalIndex.EMPTY);
    }

    /** Vendor data with a given local index, for benchmarks of the local overlay's cost (issue 14). */
    public static Snapshots withLocal(GenerationStore store, LocalIndex local) {
        return new Snapshots(store, () -> local);
    }

    /** A lease on the active generation with the local verdicts as they stand now. */
    Snapshot open() {
        LocalIndex localIndex = local.get();
        Generation generation = store.acquire().orElseThrow(NoDatasetException::new);
        try {
            return new Snapshot(generation, localIndex, Source.Vendor.of(generation.info()));
        } catch (RuntimeException e) {
            generation.close(); // the lease must not outlive a snapshot that was never made
            throw e;
        }
    }
}
