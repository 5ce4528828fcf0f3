package dev.outpost.bench;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.DataBlockIndexType;

import dev.outpost.store.StoreTuning;

/**
 * The table options of the raw RocksDB baselines: the same as Outpost's defaults ({@code
 * RocksResources} with {@link StoreTuning#DEFAULTS}), so that a baseline differs from Outpost only
 * in what Outpost does on top of RocksDB.
 */
final class RawTable {
    private RawTable() {}

    static BlockBasedTableConfig config(Cache cache) {
        StoreTuning tuning = StoreTuning.DEFAULTS;
        if (tuning.cacheMetadata()) {
            throw new IllegalStateException("the raw baseline mirrors only the default, uncached metadata");
        }
        return new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(new BloomFilter(tuning.bloomBitsPerKey(), false))
                .setBlockSize(tuning.blockSizeBytes())
                .setWholeKeyFiltering(true)
                .setCacheIndexAndFilterBlocks(false)
                // Binary search within blocks: the hash index cost 1.25 bytes per record and gave no
                // measurable speed-up with 16 KiB blocks (issue 3 probe).
                .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinarySearch);
    }
}
