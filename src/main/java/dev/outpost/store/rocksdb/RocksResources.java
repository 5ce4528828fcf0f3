package dev.outpost.store.rocksdb;

import java.util.ArrayList;
import java.util.List;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.EnvOptions;
import org.rocksdb.IndexType;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksObject;

import dev.outpost.store.StoreTuning;

/**
 * Owns every long-lived native RocksDB object shared by all generations (after Flink's
 * RocksDBResourceContainer). Generations only borrow them. {@link #close()} releases them in the
 * reverse order of creation, after every generation has been closed.
 */
final class RocksResources implements AutoCloseable {
    static {
        NativeLibrary.load(); // before any other org.rocksdb class: issue 11 item 20
    }

    /**
     * 16 shards: each must hold the largest block it caches. With the default sharding a full
     * Bloom filter of a million keys (~1.2 MiB) did not fit in a shard, was never cached, and every
     * get re-read it: about 7,000 gets/s instead of 400,000 (measured, issue 2).
     */
    private static final int CACHE_SHARD_BITS = 4;
    /** Share of the cache reserved for index and filter blocks, so data blocks do not evict them. */
    private static final double HIGH_PRIORITY_POOL_RATIO = 0.5;
    /** With {@code cacheMetadata}, index and filter partitions of this size keep cached blocks small. */
    private static final long METADATA_BLOCK_SIZE_BYTES = 4096;

    private final List<RocksObject> owned = new ArrayList<>();
    final LRUCache blockCache;
    final long blockCacheBytes;
    /** Heap one generation's key-prefix sets may take ({@link StoreTuning#prefixSetHeapPercent}). */
    final long prefixSetBudgetBytes;

    final ColumnFamilyOptions columnFamilyOptions;
    final DBOptions readOnlyDbOptions;
    final DBOptions buildDbOptions;
    final Options sstWriterOptions;
    final EnvOptions envOptions;
    final ReadOptions readOptions;
    final IngestExternalFileOptions ingestOptions;

    RocksResources(StoreTuning tuning) {
        blockCacheBytes = tuning.blockCacheBytes();
        prefixSetBudgetBytes = tuning.prefixSetBudgetBytes(Runtime.getRuntime().maxMemory());
        blockCache = own(new LRUCache(tuning.blockCacheBytes(), CACHE_SHARD_BITS, false, HIGH_PRIORITY_POOL_RATIO));
        BloomFilter bloom = own(new BloomFilter(tuning.bloomBitsPerKey(), false));
        columnFamilyOptions = own(new ColumnFamilyOptions())
                .setTableFormatConfig(tableConfig(tuning, bloom))
                // Values compress; keys are digests and do not, so LZ4 is the cheap choice.
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION);
        readOnlyDbOptions = own(new DBOptions()).setMaxOpenFiles(tuning.maxOpenFiles());
        buildDbOptions = own(new DBOptions())
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxOpenFiles(tuning.maxOpenFiles());
        // The SST writer must produce files with the same table format as the column families.
        sstWriterOptions = own(new Options())
                .setTableFormatConfig(tableConfig(tuning, bloom))
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION);
        envOptions = own(new EnvOptions());
        // Generations are immutable: no checksum re-verification per read, no snapshot needed.
        readOptions = own(new ReadOptions()).setVerifyChecksums(false).setFillCache(true);
        ingestOptions = own(new IngestExternalFileOptions()).setMoveFiles(true);
    }

    private BlockBasedTableConfig tableConfig(StoreTuning tuning, BloomFilter bloom) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setFilterPolicy(bloom)
                .setBlockSize(tuning.blockSizeBytes())
                .setWholeKeyFiltering(true)
                // Binary search within blocks: the hash index cost 1.25 bytes per record and gave no
                // measurable speed-up with 16 KiB blocks (issue 3 probe).
                .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinarySearch);
        if (!tuning.cacheMetadata()) {
            // Each open file holds its whole index and filter: a get costs one cache lookup (the
            // data block) instead of three, 1.8x the partitioned rate in the issue 3 probe.
            return table.setCacheIndexAndFilterBlocks(false);
        }
        // Partitioned index and filters charged to the shared cache: memory stays bounded as data
        // grows, and only the small top-level index is pinned.
        return table.setIndexType(IndexType.kTwoLevelIndexSearch)
                .setPartitionFilters(true)
                .setMetadataBlockSize(METADATA_BLOCK_SIZE_BYTES)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinTopLevelIndexAndFilter(true);
    }

    private <T extends RocksObject> T own(T object) {
        owned.add(object);
        return object;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
