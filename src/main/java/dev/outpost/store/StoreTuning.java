package dev.outpost.store;

import dev.outpost.config.StandaloneConfig;
import dev.outpost.reputation.InvalidInputException;

/**
 * RocksDB tuning, with units in the names; mapped from {@code outpost.store.*} configuration.
 *
 * @param blockCacheBytes one LRU block cache shared by every column family of every open
 *     generation, holding data, index and filter blocks: the bound on the store's memory
 * @param bloomBitsPerKey Bloom filter bits per key (10 gives about 1% false positives), so that a
 *     miss usually costs no disk read
 * @param blockSizeBytes data block size of generations built from now on; 16 KiB blocks compress
 *     better than 4 KiB ones (48 against 55 bytes per SHA-256 record) and read as fast from cache
 * @param maxOpenFiles open SST file handles per generation, -1 for all
 * @param cacheMetadata {@code false} (the default): whole index and filter blocks are held by each
 *     open file beside the cache, about 1.3 bytes per key, for one cache lookup per get; {@code
 *     true}: partitioned index and filters charged to the cache, so memory stays bounded by the
 *     cache however large the dataset, at about half the lookup rate (ADR 0005)
 * @param prefixSetHeapPercent the share of the JVM's maximum heap that one generation's in-memory
 *     key-prefix sets may take (8 bytes per domain key, 16 per URL key; ADR 0008). A key space
 *     whose sets would not fit in what is left goes without: its lookups stay exact, their misses
 *     go to RocksDB's filters, and a warning says so. Two generations are open at a switch, so
 *     this is at most half of what the sets may take together; 0 builds none
 */
public record StoreTuning(
        long blockCacheBytes,
        int bloomBitsPerKey,
        int blockSizeBytes,
        int maxOpenFiles,
        boolean cacheMetadata,
        int prefixSetHeapPercent) {
    /** The defaults of {@code outpost.store.*}, written once, in {@link StoreConfig}. */
    public static final StoreTuning DEFAULTS =
            StandaloneConfig.defaults(StoreConfig.class).tuning();

    /** The bytes {@link #prefixSetHeapPercent} allows in a JVM whose maximum heap is {@code maxHeapBytes}. */
    public long prefixSetBudgetBytes(long maxHeapBytes) {
        return maxHeapBytes / 100 * prefixSetHeapPercent;
    }

    public StoreTuning {
        if (blockCacheBytes < 1024 * 1024) {
            throw new InvalidInputException(
                    "invalid-config", "outpost.store.block-cache-bytes must be at least 1 MiB", "" + blockCacheBytes);
        }
        if (bloomBitsPerKey < 1 || bloomBitsPerKey > 64) {
            throw new InvalidInputException(
                    "invalid-config",
                    "outpost.store.bloom-bits-per-key must be between 1 and 64",
                    "" + bloomBitsPerKey);
        }
        if (prefixSetHeapPercent < 0 || prefixSetHeapPercent > 40) {
            throw new InvalidInputException(
                    "invalid-config",
                    "outpost.store.prefix-set-heap-percent must be between 0 and 40",
                    "" + prefixSetHeapPercent);
        }
        if (blockSizeBytes < 512 || blockSizeBytes > 1024 * 1024) {
            throw new InvalidInputException(
                    "invalid-config",
                    "outpost.store.block-size-bytes must be between 512 and 1 MiB",
                    "" + blockSizeBytes);
        }
    }
}
