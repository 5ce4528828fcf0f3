package dev.outpost.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.store.*}: RocksDB tuning (ADR 0005), documented in {@code application.properties}.
 * The values are checked by {@link StoreTuning}, which the store is opened with at start.
 */
@ConfigMapping(prefix = "outpost.store")
public interface StoreConfig {
    @WithDefault("67108864")
    long blockCacheBytes();

    @WithDefault("10")
    int bloomBitsPerKey();

    @WithDefault("16384")
    int blockSizeBytes();

    @WithDefault("-1")
    int maxOpenFiles();

    /** Charge partitioned index and filter blocks to the cache (bounded memory, slower gets). */
    @WithDefault("false")
    boolean cacheMetadata();

    /**
     * Share of the maximum heap one generation's key-prefix sets may take; a key space whose sets
     * do not fit goes without them (slower misses, same answers).
     */
    @WithDefault("25")
    int prefixSetHeapPercent();

    /** The tuning these values make; throws, naming the property, on a value out of range. */
    default StoreTuning tuning() {
        return new StoreTuning(
                blockCacheBytes(),
                bloomBitsPerKey(),
                blockSizeBytes(),
                maxOpenFiles(),
                cacheMetadata(),
                prefixSetHeapPercent());
    }
}
