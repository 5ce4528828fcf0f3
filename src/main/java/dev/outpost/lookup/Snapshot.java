package dev.outpost.lookup;

import dev.outpost.local.LocalIndex;
import dev.outpost.store.Generation;

/**
 * What one request reads: a lease on the active generation, the local verdicts as they stood when
 * it began, and the vendor source its answers cite. A bulk request holds one for all of its items,
 * so that no two answers come from different datasets or different local verdicts.
 */
record Snapshot(Generation generation, LocalIndex local, Source.Vendor vendor) implements AutoCloseable {
    /** Releases the lease. */
    @Override
    public void close() {
        generation.close();
    }
}
