package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalKind;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.Snapshots;
import dev.outpost.lookup.WebLookupService;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.KeyedRecords;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/**
 * Issue 14: what the in-memory local verdict overlay costs lookups. The same vendor generation (file
 * digests, URLs, IP ranges) is looked up with no local verdict loaded and with {@code locals}
 * loaded, a mix of kinds: 40% files, 25% domains, 20% URL expressions, 15% IP ranges (/24 and /32,
 * which add candidates to every IPv4 lookup). About 1% to 15% of each lookup kind hits a local
 * verdict, as an appliance with a large local database would see.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class LocalOverlayJmh {
    private static final int SAMPLE = 1 << 14;
    private static final int BATCH = 1000;

    @Param("100000")
    public int records;

    @Param({"0", "100000"})
    public int locals;

    private Path directory;
    private RocksGenerationStore store;
    private LookupService files;
    private WebLookupService web;
    private final List<String> hashes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    @Setup(Level.Trial)
    public void build() throws Exception {
        directory = Files.createTempDirectory("outpost-local-jmh-");
        var pair = KeyFiles.generate();
        BundleWriter writer = new BundleWriter();
        SplittableRandom random = new SplittableRandom(20261130L);
        for (int i = 0; i < records; i++) {
            writer.add(BenchMain.record(random, i, BenchMain.Mix.SHA256));
        }
        for (int i = 0; i < records / 10; i++) {
            writer.add(KeyedRecords.url(BenchMain.listedUrl(i), new Verdict(Category.MALWARE, null, null, null, 0)));
        }
        for (int i = 0; i < 4096; i++) {
            writer.add(KeyedRecords.ipRange(
                    "192.168." + (i >> 4) + "." + ((i & 15) << 4) + "/28",
                    new Verdict(Category.SUSPICIOUS, null, null, null, 0)));
        }
        Path bundle = directory.resolve("local-jmh.bundle");
        Instant created = Instant.now().minus(1, ChronoUnit.HOURS);
        writer.write(bundle, "jmh", 1, created, created.plus(365, ChronoUnit.DAYS), Signers.of(pair));
        store = RocksGenerationStore.open(directory.resolve("generations"), StoreTuning.DEFAULTS);
        ImportOutcome outcome = new BundleImporter(
                        store, TrustedKeys.of(1, pair.getPublic()), BundleLimits.DEFAULTS, Clock.systemUTC())
                .importBundle(bundle, null, ImportProgress.NONE);
        if (!(outcome instanceof ImportOutcome.Activated)) {
            throw new IllegalStateException("import failed: " + outcome);
        }
        LocalIndex index = LocalIndex.ofEntries(localEntries(locals, records));
        if (index.size() != locals) {
            throw new IllegalStateException("the local index holds " + index.size() + ", not " + locals);
        }
        Snapshots snapshots = Snapshots.withLocal(store, index);
        files = new LookupService(snapshots);
        web = new WebLookupService(snapshots);

        SplittableRandom pick = new SplittableRandom(7);
        for (int s = 0; s < SAMPLE; s++) {
            // Files: half vendor hits, half misses (as StoreLookupJmh).
            long i = pick.nextInt(records) + (s % 2 == 0 ? 0L : records);
            hashes.add(HexFormat.of().formatHex(BenchMain.key(i)));
            int u = pick.nextInt(records / 10);
            urls.add(BenchMain.lookupUrl(pick, u, s % 2 == 0));
            addresses.add(
                    s % 2 == 0
                            ? "10." + pick.nextInt(256) + "." + pick.nextInt(256) + "." + pick.nextInt(256)
                            : "192.168." + pick.nextInt(256) + "." + pick.nextInt(256));
        }
        if (locals > 0
                && hashes.stream().limit(4096).noneMatch(h -> files.file(h) instanceof LookupOutcome.LocalOverride)) {
            throw new IllegalStateException("no sampled file hits a local verdict");
        }
    }

    /**
     * {@code count} local verdicts of every kind. Files: every 100th vendor record's digest first (so
     * 1% of vendor hits are overridden), then digests nobody asks for. Domains: every 40th "other"
     * host a URL miss names. URLs: every 40th listed prefix. IPs: 10.x.y.0/24 and 172.16.x.y/32.
     */
    static List<LocalIndex.Entry> localEntries(int count, int records) {
        List<LocalIndex.Entry> entries = new ArrayList<>(count);
        Verdict clean = new Verdict(Category.CLEAN, null, null, null, 0);
        int files = count * 40 / 100;
        int domains = count * 25 / 100;
        int urls = count * 20 / 100;
        int ips = count - files - domains - urls;
        long id = 1;
        for (int i = 0; i < files; i++) {
            long index = (long) i * 100 < records ? (long) i * 100 : 10L * records + i;
            entries.add(entry(id++, LocalKind.FILE, HexFormat.of().formatHex(BenchMain.key(index)), clean));
        }
        for (int i = 0; i < domains; i++) {
            entries.add(entry(id++, LocalKind.DOMAIN, "other" + (i * 40) + ".example.org", clean));
        }
        for (int i = 0; i < urls; i++) {
            long u = (long) i * 40;
            entries.add(entry(id++, LocalKind.URL, BenchMain.listedUrl(u).substring("http://".length()), clean));
        }
        for (int i = 0; i < ips; i++) {
            String range = i < ips * 2 / 3
                    ? "10." + ((i >> 8) & 255) + "." + (i & 255) + ".0/24"
                    : "172.16." + ((i >> 8) & 255) + "." + (i & 255) + "/32";
            entries.add(entry(id++, LocalKind.IP, range, clean));
        }
        return entries;
    }

    private static LocalIndex.Entry entry(long id, LocalKind kind, String subject, Verdict verdict) {
        return new LocalIndex.Entry(id, kind, subject, verdict, "bench");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        HttpBenchSuite.deleteTree(directory);
    }

    /** Per-thread position in the samples. */
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
    public Object fileGet(Cursor cursor) {
        return files.file(hashes.get(cursor.advance(1)));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object fileBulk(Cursor cursor) {
        int from = cursor.advance(1024);
        return files.files(hashes.subList(from, from + BATCH));
    }

    @Benchmark
    public Object url(Cursor cursor) {
        return web.url(urls.get(cursor.advance(1)));
    }

    @Benchmark
    public Object ip(Cursor cursor) {
        return web.ip(addresses.get(cursor.advance(1)));
    }
}
