package dev.outpost.store;

import java.util.Optional;

/**
 * The reputation store: a set of immutable generations of which one is active. Lookups lease the
 * active generation; imports build a new one and activate it atomically.
 */
public interface GenerationStore extends AutoCloseable {
    /** A lease on the active generation, or empty when no dataset has been activated yet. */
    Optional<Generation> acquire();

    /** Info of the active generation without taking a lease. */
    Optional<DatasetInfo> activeInfo();

    /** Starts building the generation for {@code sequence}, discarding leftovers of an earlier try. */
    GenerationBuilder newGeneration(long sequence);

    /**
     * Starts building generation {@code sequence} as a copy of the active generation, to apply a
     * delta to; fails when no generation is active.
     */
    DeltaBuilder newDeltaGeneration(long sequence);

    /**
     * Makes a sealed generation the active one: test-loads it, records it durably as active, then
     * swaps it in. Lookups in flight finish on the generation they leased. On failure the previously
     * active generation stays active and the new one is discarded.
     */
    void activate(GenerationBuilder sealed);

    /** Whether the store is open and healthy. */
    boolean isOpen();

    /** The shared block cache's usage, or empty when the store has none or is closed. */
    default Optional<BlockCacheUsage> blockCache() {
        return Optional.empty();
    }

    @Override
    void close();
}
