package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.Snapshots;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.KeySpace;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/**
 * Scenario 3 of the benchmark suite in JMH: Outpost's in-process lookups (parse, lease, get,
 * decode, answer) against raw RocksDB reads of the same keys on the same generation, with the same
 * table options and a cache of the same size. 50% hits.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class StoreLookupJmh {
    private static final int SAMPLE = 1 << 16;
    private static final int BATCH = 1000;

    @Param("1000000")
    public int records;

    private Path directory;
    private RocksGenerationStore store;
    private LookupService lookups;
    private RocksDB raw;
    private ColumnFamilyHandle rawSha256;
    private final List<ColumnFamilyHandle> rawHandles = new ArrayList<>();
    private ReadOptions readOptions;
    private LRUCache cache;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<String> queries = new ArrayList<>();
    private List<ColumnFamilyHandle> batchHandles;

    @Setup(Level.Trial)
    public void buildDataset() throws Exception {
        directory = Files.createTempDirectory("outpost-jmh-");
        var pair = KeyFiles.generate();
        BundleWriter writer = new BundleWriter();
        SplittableRandom random = new SplittableRandom(20261123L);
        for (int i = 0; i < records; i++) {
            writer.add(BenchMain.record(random, i, BenchMain.Mix.SHA256));
        }
        Path bundle = directory.resolve("jmh.bundle");
        Instant created = Instant.now().minus(1, ChronoUnit.HOURS);
        writer.write(bundle, "jmh", 1, created, created.plus(365, ChronoUnit.DAYS), Signers.of(pair));
        store = RocksGenerationStore.open(directory.resolve("generations"), StoreTuning.DEFAULTS);
        new BundleImporter(store, TrustedKeys.of(1, pair.getPublic()), BundleLimits.DEFAULTS, Clock.systemUTC())
                .importBundle(bundle, null, ImportProgress.NONE);
        lookups = new LookupService(Snapshots.vendorOnly(store));

        cache = new LRUCache(StoreTuning.DEFAULTS.blockCacheBytes(), 4, false, 0.5);
        BlockBasedTableConfig table = RawTable.config(cache);
        ColumnFamilyOptions options = new ColumnFamilyOptions().setTableFormatConfig(table);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options));
        for (KeySpace space : KeySpace.values()) {
            descriptors.add(new ColumnFamilyDescriptor(space.id().getBytes(), options));
        }
        Path generation;
        try (var list = Files.list(directory.resolve("generations"))) {
            generation = list.filter(p -> p.getFileName().toString().matches("\\d{20}"))
                    .findFirst()
                    .orElseThrow();
        }
        raw = RocksDB.openReadOnly(new DBOptions(), generation.toString(), descriptors, rawHandles);
        rawSha256 = rawHandles.get(1 + KeySpace.FILE_SHA256.ordinal());
        readOptions = new ReadOptions().setVerifyChecksums(false);
        batchHandles = Collections.nCopies(BATCH, rawSha256);

        SplittableRandom pick = new SplittableRandom(7);
        for (int i = 0; i < SAMPLE; i++) {
            long index = pick.nextInt(records) + (i % 2 == 0 ? 0L : records);
            byte[] key = BenchMain.key(index);
            keys.add(key);
            queries.add(HexFormat.of().formatHex(key));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        rawHandles.forEach(ColumnFamilyHandle::close);
        raw.close();
        store.close();
        HttpBenchSuite.deleteTree(directory);
    }

    /** Per-thread position in the key sample. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance(int step) {
            int at = next;
            next = (next + step) & (SAMPLE - 1);
            return at;
        }
    }

    @Benchmark
    public byte[] rawGet(Cursor cursor) throws Exception {
        return raw.get(rawSha256, readOptions, keys.get(cursor.advance(1)));
    }

    @Benchmark
    public Object outpostGet(Cursor cursor) {
        return lookups.file(queries.get(cursor.advance(1)));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<byte[]> rawMultiGet(Cursor cursor) throws Exception {
        int from = cursor.advance(1024);
        return raw.multiGetAsList(readOptions, batchHandles, keys.subList(from, from + BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object outpostBulk(Cursor cursor) {
        int from = cursor.advance(1024);
        return lookups.files(queries.subList(from, from + BATCH));
    }
}
