package dev.outpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.rocksdb.CompressionType;
import org.rocksdb.EnvOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.SstFileWriter;

import dev.outpost.bundle.BundleHeader;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.Snapshots;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.DeltaWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/**
 * Benchmark tasks, each run in its own JVM by {@link ImportBenchmark} so that heap limits and peak
 * heap are per task. Prints one result line: {@code RESULT name key=value ...}.
 */
public final class BenchMain {
    private static final long SEED = 20261123L;
    private static final String[] THREATS = {
        "HEUR:Trojan.Win32.Generic",
        "Trojan-Downloader.Win32.Agent",
        "Backdoor.Win32.Remcos",
        "Worm.Win32.Autorun",
        "Trojan-Ransom.Win32.Lockbit",
        "Exploit.MSOffice.CVE-2017-11882",
        "not-a-virus:AdWare.Win32.Agent"
    };

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        RocksDB.loadLibrary();
        PeakHeap peak = PeakHeap.start();
        switch (args[0]) {
            case "generate" ->
                generate(
                        Integer.parseInt(args[1]),
                        Path.of(args[2]),
                        Path.of(args[3]),
                        args.length > 4 ? Long.parseLong(args[4]) : 1,
                        args.length > 5 ? Mix.valueOf(args[5].toUpperCase(java.util.Locale.ROOT)) : Mix.SHA256,
                        args.length > 6 ? Web.of(args[6]) : Web.NONE);
            case "raw" -> raw(Path.of(args[1]), Path.of(args[2]), peak);
            case "import" -> importBundle(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), peak);
            case "lookup" -> lookup(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "generate-delta" ->
                generateDelta(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]), Path.of(args[4]));
            case "delta" -> applyDelta(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), peak);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Which digests the generated file records carry. */
    enum Mix {
        /** Every record has only a SHA-256: the dataset of the footprint goal (48 bytes per record). */
        SHA256,
        /**
         * A vendor feed's mix: 60% all three digests, 25% SHA-256 only, 10% MD5 and SHA-1 (legacy
         * samples), 5% MD5 only. A record is stored once per digest (ADR 0002), so records with
         * several digests cost several entries.
         */
        MIXED
    }

    /** A file record of {@code mix} for index {@code i}, with a realistic verdict, deterministic in {@code SEED}. */
    static ReputationRecord record(SplittableRandom random, long i, Mix mix) {
        if (mix == Mix.SHA256) {
            return record(random, new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, key(i))));
        }
        int roll = random.nextInt(100);
        Hash md5 = roll < 60 || roll >= 85 ? Hash.ofBytes(HashType.MD5, Arrays.copyOf(key(i + (1L << 40)), 16)) : null;
        Hash sha1 = roll < 60 || (roll >= 85 && roll < 95)
                ? Hash.ofBytes(HashType.SHA1, Arrays.copyOf(key(i + (2L << 40)), 20))
                : null;
        Hash sha256 = roll < 85 ? Hash.ofBytes(HashType.SHA256, key(i)) : null;
        return record(random, new FileHashes(md5, sha1, sha256));
    }

    private static ReputationRecord record(SplittableRandom random, FileHashes hashes) {
        int roll = random.nextInt(100);
        Category category = roll < 55
                ? Category.MALWARE
                : roll < 65
                        ? Category.ADWARE
                        : roll < 70 ? Category.SUSPICIOUS : roll < 95 ? Category.CLEAN : Category.TRUSTED;
        String threat = category.zone().name().equals("GREEN") ? null : THREATS[random.nextInt(THREATS.length)];
        long day = 19000 + random.nextInt(1500);
        return new ReputationRecord.File(
                hashes,
                new Verdict(
                        category,
                        threat,
                        java.time.LocalDate.ofEpochDay(day),
                        java.time.LocalDate.ofEpochDay(day + random.nextInt(300)),
                        Verdict.roundPopularity(random.nextInt(100000))));
    }

    /** Which web records a generated dataset holds beside its files. */
    enum Web {
        /** Files only. */
        NONE,
        /** One URL prefix per ten files ({@code with-urls}): the HTTP suite's datasets. */
        URLS,
        /**
         * URL prefixes and one IPv4 /24 and one IPv6 /48 per two hundred files ({@code with-web}):
         * the soak's datasets, whose mix looks addresses up too.
         */
        URLS_AND_IPS;

        static Web of(String argument) {
            return switch (argument) {
                case "files-only" -> NONE;
                case "with-urls" -> URLS;
                case "with-web" -> URLS_AND_IPS;
                default -> throw new IllegalArgumentException("files-only, with-urls or with-web, not " + argument);
            };
        }
    }

    /** IPv4 /24 ranges (and as many IPv6 /48) in a dataset of {@code records} files. */
    static int ipRanges(int records) {
        return Math.min(records / 200, 65_536);
    }

    /** The IPv4 range listed for index {@code i}: a /24 in 10.0.0.0/8. */
    static String listedIpv4(int i) {
        return "10." + (i >> 8) + "." + (i & 255) + ".0/24";
    }

    /** The IPv6 range listed for index {@code i}: a /48 in 2001:db8::/32. */
    static String listedIpv6(int i) {
        return "2001:db8:" + Integer.toHexString(i) + "::/48";
    }

    /**
     * An address to look up: inside listed range {@code i} (a hit) or in a block nothing lists (a
     * miss: 11.0.0.0/8, 2001:db9::/32), IPv4 or IPv6.
     */
    static String lookupIp(SplittableRandom random, int i, boolean hit, boolean ipv6) {
        if (ipv6) {
            return (hit ? "2001:db8:" + Integer.toHexString(i) : "2001:db9:" + Integer.toHexString(i)) + "::"
                    + Integer.toHexString(1 + random.nextInt(0xfffe));
        }
        return (hit ? "10." : "11.") + (i >> 8) + "." + (i & 255) + "." + (1 + random.nextInt(254));
    }

    /** URL prefixes in a dataset of {@code records} files. */
    static int urlRecords(int records) {
        return records / 10;
    }

    /** The URL prefix listed for index {@code i}: a directory, so every page under it matches. */
    static String listedUrl(long i) {
        return "http://host" + i + ".example" + (i % 97) + ".com/path/" + (i % 1000) + "/";
    }

    /**
     * A URL to look up, as a gateway sends them: a page with a query under listed prefix {@code i}
     * (a hit), or on a host that is not listed (a miss).
     */
    static String lookupUrl(SplittableRandom random, long i, boolean hit) {
        return hit
                ? "https://www.host" + i + ".example" + (i % 97) + ".com/path/" + (i % 1000) + "/page"
                        + random.nextInt(1000) + ".html?session=" + random.nextInt()
                : "https://www.other" + i + ".example.org/a/b/c/page" + random.nextInt(1000) + ".html?q="
                        + random.nextInt();
    }

    static byte[] key(long i) {
        // Keys are a deterministic function of the index so that lookups can name hits and misses.
        SplittableRandom random = new SplittableRandom(SEED ^ (i * 0x9E3779B97F4A7C15L));
        byte[] key = new byte[32];
        for (int j = 0; j < 32; j += 8) {
            ByteBuffer.wrap(key, j, 8).putLong(random.nextLong());
        }
        return key;
    }

    /** Writes bundle {@code sequence} of N records; reuses the key pair in {@code keys} if there is one. */
    static void generate(int records, Path bundle, Path keys, long sequence, Mix mix, Web web) throws Exception {
        Files.createDirectories(keys);
        Path privateKey = keys.resolve("bench.key.pem");
        Path publicKey = keys.resolve("bench.pub.pem");
        if (!Files.exists(privateKey)) {
            var pair = KeyFiles.generate();
            KeyFiles.writePrivate(privateKey, pair.getPrivate());
            KeyFiles.writePublic(publicKey, pair.getPublic());
        }
        var pair = new java.security.KeyPair(KeyFiles.readPublic(publicKey), KeyFiles.readPrivate(privateKey));
        BundleWriter writer = new BundleWriter();
        SplittableRandom random = new SplittableRandom(SEED);
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
            writer.add(record(random, i, mix));
        }
        // Web records beside the files, for the bulk URL scenario: one URL prefix per ten files.
        for (int i = 0; web != Web.NONE && i < urlRecords(records); i++) {
            writer.add(dev.outpost.publishing.KeyedRecords.url(
                    listedUrl(i), new Verdict(i % 3 == 0 ? Category.PHISHING : Category.MALWARE, null, null, null, 0)));
        }
        for (int i = 0; web == Web.URLS_AND_IPS && i < ipRanges(records); i++) {
            Verdict verdict = new Verdict(i % 4 == 0 ? Category.SUSPICIOUS : Category.MALWARE, null, null, null, 0);
            writer.add(dev.outpost.publishing.KeyedRecords.ipRange(listedIpv4(i), verdict));
            writer.add(dev.outpost.publishing.KeyedRecords.ipRange(listedIpv6(i), verdict));
        }
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        writer.write(bundle, "bench", sequence, created, created.plus(3650, ChronoUnit.DAYS), Signers.of(pair));
        System.out.printf(
                "RESULT generate records=%d seconds=%.1f bytes=%d%n",
                records, (System.nanoTime() - start) / 1e9, Files.size(bundle));
    }

    /**
     * Writes the delta from the {@code generate} dataset of N records (sequence 1) to sequence 2, in
     * which a third of {@code changes} records are removed, a third change verdict, and a third are
     * new: spread evenly over the key space, as a day's changes to a feed would be.
     */
    static void generateDelta(int records, int changes, Path bundle, Path keys) throws Exception {
        var pair = new java.security.KeyPair(
                KeyFiles.readPublic(keys.resolve("bench.pub.pem")),
                KeyFiles.readPrivate(keys.resolve("bench.key.pem")));
        long start = System.nanoTime();
        DeltaWriter writer = new DeltaWriter();
        SplittableRandom base = new SplittableRandom(SEED);
        for (int i = 0; i < records; i++) {
            writer.addBase(record(base, i, Mix.SHA256));
        }
        int step = Math.max(1, records / Math.max(1, changes * 2 / 3));
        SplittableRandom target = new SplittableRandom(SEED);
        int changed = 0;
        for (int i = 0; i < records; i++) {
            ReputationRecord record = record(target, i, Mix.SHA256);
            if (i % step == 0 && changed < changes * 2 / 3) {
                if (changed++ % 2 == 0) {
                    continue; // removed
                }
                ReputationRecord.File file = (ReputationRecord.File) record;
                record = new ReputationRecord.File(
                        file.hashes(),
                        new Verdict(
                                Category.CLEAN, null, null, null, file.verdict().popularity()));
            }
            writer.addTarget(record);
        }
        SplittableRandom added = new SplittableRandom(SEED + 1);
        for (int i = 0; i < changes - changes * 2 / 3; i++) {
            writer.addTarget(record(added, records + (long) i, Mix.SHA256));
        }
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        writer.write(
                bundle,
                "bench",
                1,
                2,
                created,
                created.plus(3650, ChronoUnit.DAYS),
                Signers.of(List.of(pair), List.of()));
        System.out.printf(
                "RESULT generate-delta changes=%d seconds=%.1f bytes=%d%n",
                changes, (System.nanoTime() - start) / 1e9, Files.size(bundle));
    }

    /** Applies a delta bundle to the dataset imported into {@code directory}. */
    static void applyDelta(Path delta, Path keys, Path directory, PeakHeap peak) throws Exception {
        TrustedKeys trust = TrustedKeys.of(1, KeyFiles.readPublic(keys.resolve("bench.pub.pem")));
        try (RocksGenerationStore store =
                RocksGenerationStore.open(directory.resolve("generations"), StoreTuning.DEFAULTS)) {
            long start = System.nanoTime();
            ImportOutcome outcome = new BundleImporter(store, trust, BundleLimits.DEFAULTS, Clock.systemUTC())
                    .importBundle(delta, null, ImportProgress.NONE);
            if (!(outcome instanceof ImportOutcome.Activated activated)) {
                throw new IllegalStateException("delta failed: " + outcome);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "RESULT delta changes=%d seconds=%.3f changesPerSecond=%.0f peakHeapMiB=%.1f%n",
                    activated.entries(), seconds, activated.entries() / seconds, peak.mebibytes());
        }
    }

    /**
     * Baseline: the same entries read from the bundle's parts and written with a bare SstFileWriter
     * per part (same table options), then ingested into one column family each: no signature,
     * hashing or validation.
     */
    static void raw(Path bundle, Path directory, PeakHeap peak) throws Exception {
        long start = System.nanoTime();
        long entries = 0;
        Files.createDirectories(directory);
        try (LRUCache cache = new LRUCache(64L << 20);
                Options options = new Options()
                        .setCreateIfMissing(true)
                        .setCreateMissingColumnFamilies(true)
                        .setCompressionType(CompressionType.LZ4_COMPRESSION)
                        .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                        .setTableFormatConfig(RawTable.config(cache));
                EnvOptions env = new EnvOptions();
                FileChannel file = FileChannel.open(bundle, StandardOpenOption.READ);
                RocksDB db = RocksDB.open(options, directory.resolve("db").toString());
                var ingest = new org.rocksdb.IngestExternalFileOptions().setMoveFiles(true)) {
            for (Part part : keyParts(file)) {
                Path sst = directory.resolve(part.space().id() + ".sst");
                try (SstFileWriter writer = new SstFileWriter(env, options)) {
                    writer.open(sst.toString());
                    var in = new java.io.BufferedInputStream(
                            java.nio.channels.Channels.newInputStream(file.position(part.offset())), 1 << 20);
                    int keyLength = part.space().keyLength();
                    long remaining = part.size();
                    while (remaining > 0) {
                        byte[] key = in.readNBytes(keyLength);
                        int length = in.read();
                        byte[] value = in.readNBytes(length);
                        writer.put(key, value);
                        remaining -= keyLength + 1 + length;
                        entries++;
                    }
                    writer.finish();
                }
                try (var family = db.createColumnFamily(
                        new org.rocksdb.ColumnFamilyDescriptor(part.space().id().getBytes()))) {
                    db.ingestExternalFile(family, List.of(sst.toString()), ingest);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "RESULT raw entries=%d seconds=%.3f recordsPerSecond=%.0f peakHeapMiB=%.1f peakRssMiB=%.1f%n",
                entries, seconds, entries / seconds, peak.mebibytes(), peakRssMiB());
    }

    record Part(KeySpace space, long offset, long size) {}

    /** The bundle's key-space parts with their offsets, read from its manifest (no verification). */
    private static List<Part> keyParts(FileChannel file) throws Exception {
        BundleHeader header = BundleHeader.read(file, file.size());
        ByteBuffer manifestBytes = ByteBuffer.allocate((int) header.manifestLength());
        file.read(manifestBytes, header.manifestOffset());
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifestBytes.array());
        long offset = header.partsOffset();
        List<Part> parts = new ArrayList<>();
        for (var part : manifest.get("parts")) {
            long size = part.get("size").asLong();
            var space = KeySpace.byId(part.get("name").asText());
            if (space.isPresent()) {
                parts.add(new Part(space.get(), offset, size));
            }
            offset += size;
        }
        return parts;
    }

    static void importBundle(Path bundle, Path keys, Path directory, PeakHeap peak) throws Exception {
        TrustedKeys trust = TrustedKeys.of(1, KeyFiles.readPublic(keys.resolve("bench.pub.pem")));
        long start = System.nanoTime();
        try (RocksGenerationStore store =
                RocksGenerationStore.open(directory.resolve("generations"), StoreTuning.DEFAULTS)) {
            ImportOutcome outcome = new BundleImporter(store, trust, BundleLimits.DEFAULTS, Clock.systemUTC())
                    .importBundle(bundle, null, ImportProgress.NONE);
            if (!(outcome instanceof ImportOutcome.Activated activated)) {
                throw new IllegalStateException("import failed: " + outcome);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "RESULT import entries=%d seconds=%.3f recordsPerSecond=%.0f peakHeapMiB=%.1f peakRssMiB=%.1f%n",
                    activated.entries(), seconds, activated.entries() / seconds, peak.mebibytes(), peakRssMiB());
        }
    }

    /**
     * In-process lookups on one thread, 50% hits: Outpost's LookupService (parse, lease, get,
     * decode, answer) and its multi-get form against raw RocksDB get/multiGet of the same keys on the
     * same generation directory.
     */
    static void lookup(Path directory, int records, int seconds) throws Exception {
        int sample = 1 << 16;
        List<String> queries = new ArrayList<>(sample);
        List<byte[]> keys = new ArrayList<>(sample);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < sample; i++) {
            long index = random.nextInt(records) + (i % 2 == 0 ? 0L : records); // odd: a key never written
            byte[] key = key(index);
            keys.add(key);
            queries.add(HexFormat.of().formatHex(key));
        }
        Path generation;
        try (var list = Files.list(directory.resolve("generations"))) {
            generation = list.filter(p -> p.getFileName().toString().matches("\\d{20}"))
                    .findFirst()
                    .orElseThrow();
        }
        try (RocksGenerationStore store =
                        RocksGenerationStore.openReadOnly(directory.resolve("generations"), StoreTuning.DEFAULTS);
                LRUCache cache = new LRUCache(64L << 20, 4, false, 0.5);
                ReadOptions read = new ReadOptions().setVerifyChecksums(false)) {
            LookupService lookups = new LookupService(Snapshots.vendorOnly(store));
            var table = RawTable.config(cache);
            var cfOptions = new org.rocksdb.ColumnFamilyOptions().setTableFormatConfig(table);
            List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
            for (var space : dev.outpost.reputation.KeySpace.values()) {
                descriptors.add(
                        new org.rocksdb.ColumnFamilyDescriptor(space.id().getBytes(), cfOptions));
            }
            List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
            try (var dbOptions = new org.rocksdb.DBOptions();
                    RocksDB raw = RocksDB.openReadOnly(dbOptions, generation.toString(), descriptors, handles)) {
                var cf = handles.get(1 + dev.outpost.reputation.KeySpace.FILE_SHA256.ordinal());
                for (int round = 0; round < 2; round++) {
                    boolean measure = round == 1;
                    report(measure, "raw-get", seconds, n -> {
                        for (int i = 0; i < n; i++) {
                            raw.get(cf, read, keys.get(i & (sample - 1)));
                        }
                    });
                    report(measure, "outpost-get", seconds, n -> {
                        for (int i = 0; i < n; i++) {
                            lookups.file(queries.get(i & (sample - 1)));
                        }
                    });
                    List<org.rocksdb.ColumnFamilyHandle> cfs = java.util.Collections.nCopies(1000, cf);
                    report(measure, "raw-multiget-1000", seconds, n -> {
                        for (int i = 0; i < n; i += 1000) {
                            int from = i & (sample - 1) & ~1023;
                            raw.multiGetAsList(read, cfs, keys.subList(from, from + 1000));
                        }
                    });
                    report(measure, "outpost-bulk-1000", seconds, n -> {
                        for (int i = 0; i < n; i += 1000) {
                            int from = i & (sample - 1) & ~1023;
                            lookups.files(queries.subList(from, from + 1000));
                        }
                    });
                }
                handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
            }
        }
    }

    interface Work {
        void run(int operations) throws Exception;
    }

    /** Runs batches until {@code seconds} have passed; prints operations per second when measuring. */
    private static void report(boolean measure, String name, int seconds, Work work) throws Exception {
        int batch = 100_000;
        long operations = 0;
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            work.run(batch);
            operations += batch;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (measure) {
            System.out.printf("RESULT %s opsPerSecond=%.0f%n", name, operations / elapsed);
        }
    }

    /** Peak resident set size of this process (VmHWM), in MiB: heap, native RocksDB memory and all. */
    static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    /** Highest heap use seen: the sum of the heap pools' peak usage. */
    static final class PeakHeap {
        static PeakHeap start() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            return new PeakHeap();
        }

        double mebibytes() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak / 1048576.0;
        }
    }
}
