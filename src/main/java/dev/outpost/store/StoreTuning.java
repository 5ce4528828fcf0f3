package dev.outpost.store;

/**
 * RocksDB tuning, with units in the names; mapped from {@code outpost.store.*} configuration.
 *
 * @param blockCacheBytes one LRU block cache shared by every column family of every open
 *     generation, holding data, index and filter blocks: the bound on the store's memory
 * @param bloomBitsPerKey Bloom filter bits per key (10 gives about 1% false positives), so that a
 *     miss usually costs no disk read
 * @param blockSizeBytes data block size; small blocks suit point lookups
 * @param maxOpenFiles open SST file handles per generation, -1 for all
 */
public record StoreTuning(long blockCacheBytes, int bloomBitsPerKey, int blockSizeBytes, int maxOpenFiles) {
    public static final StoreTuning DEFAULTS = new StoreTuning(64L * 1024 * 1024, 10, 4096, -1);

    public StoreTuning {
        if (blockCacheBytes < 1024 * 1024) {
            throw new IllegalArgumentException("outpost.store.block-cache-bytes must be at least 1 MiB");
        }
        if (bloomBitsPerKey < 1 || bloomBitsPerKey > 64) {
            throw new IllegalArgumentException("outpost.store.bloom-bits-per-key must be between 1 and 64");
        }
        if (blockSizeBytes < 512 || blockSizeBytes > 1024 * 1024) {
            throw new IllegalArgumentException("outpost.store.block-size-bytes must be between 512 and 1 MiB");
        }
    }
}
