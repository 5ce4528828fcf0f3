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
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksObject;

import dev.outpost.store.StoreTuning;

/**
 * Owns every long-lived native RocksDB object shared by all generations (after Flink's
 * RocksDBResourceContainer). Generations only borrow them. {@link #close()} releases them in the
 * reverse order of creation, after every generation has been closed.
 */
final class RocksResources implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final List<RocksObject> owned = new ArrayList<>();
    final LRUCache blockCache;
    final ColumnFamilyOptions columnFamilyOptions;
    final DBOptions readOnlyDbOptions;
    final DBOptions buildDbOptions;
    final Options sstWriterOptions;
    final EnvOptions envOptions;
    final ReadOptions readOptions;
    final IngestExternalFileOptions ingestOptions;

    RocksResources(StoreTuning tuning) {
        blockCache = own(new LRUCache(tuning.blockCacheBytes()));
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
        return new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setFilterPolicy(bloom)
                .setBlockSize(tuning.blockSizeBytes())
                .setWholeKeyFiltering(true)
                // Index and filter blocks are charged to the shared cache so memory stays bounded as
                // data grows; high priority keeps them from being evicted by data blocks.
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinTopLevelIndexAndFilter(true)
                .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
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
