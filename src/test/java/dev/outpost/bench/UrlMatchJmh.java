package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
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
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Snapshots;
import dev.outpost.lookup.WebLookupService;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.KeyedRecords;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.UrlKey;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;
import dev.outpost.web.CanonicalUrl;
import dev.outpost.web.UrlExpressions;

/**
 * Issue 5's URL scenario in JMH: Outpost's URL lookup (canonicalize, generate the up to 30
 * expressions, hash them, multi-get expressions and domains, decide) against a baseline that
 * multi-gets the same precomputed keys from the same generation, so that the ratio is the cost of
 * everything Outpost does around the store. One thread; half of the URLs fall under a listed prefix.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class UrlMatchJmh {
    private static final int SAMPLE = 1 << 14;

    @Param("1000000")
    public int records;

    private Path directory;
    private RocksGenerationStore store;
    private WebLookupService lookups;
    private final List<String> urls = new ArrayList<>();
    private final List<List<byte[]>> expressionKeys = new ArrayList<>();
    private final List<List<byte[]>> domainKeys = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void buildDataset() throws Exception {
        directory = Files.createTempDirectory("outpost-url-jmh-");
        var pair = KeyFiles.generate();
        BundleWriter writer = new BundleWriter();
        for (int i = 0; i < records; i++) {
            writer.add(KeyedRecords.url(
                    BenchMain.listedUrl(i),
                    new Verdict(i % 3 == 0 ? Category.PHISHING : Category.MALWARE, null, null, null, 0)));
        }
        for (int i = 0; i < records / 10; i++) {
            writer.add(KeyedRecords.domain(
                    "bad" + i + ".example.net", new Verdict(Category.MALWARE, null, null, null, 0)));
        }
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);
        Path bundle = directory.resolve("urls.bundle");
        writer.write(bundle, "bench", 1, created, created.plus(30, ChronoUnit.DAYS), Signers.of(pair));
        store = RocksGenerationStore.open(directory.resolve("generations"), StoreTuning.DEFAULTS);
        ImportOutcome outcome = new BundleImporter(
                        store, TrustedKeys.of(1, pair.getPublic()), BundleLimits.DEFAULTS, Clock.systemUTC())
                .importBundle(bundle, null, ImportProgress.NONE);
        if (!(outcome instanceof ImportOutcome.Activated)) {
            throw new IllegalStateException("import failed: " + outcome);
        }
        lookups = new WebLookupService(Snapshots.vendorOnly(store));
        SplittableRandom random = new SplittableRandom(5);
        for (int s = 0; s < SAMPLE; s++) {
            int i = random.nextInt(records);
            String url = BenchMain.lookupUrl(random, i, s % 2 == 0);
            urls.add(url);
            CanonicalUrl canonical = CanonicalUrl.parse(url);
            expressionKeys.add(
                    UrlExpressions.of(canonical).stream().map(UrlKey::of).toList());
            domainKeys.add(
                    UrlExpressions.hosts(canonical).stream().map(DomainKey::of).toList());
        }
        if (!(lookups.url(urls.get(0)) instanceof LookupOutcome.Known hit
                        && hit.verdict().zone() == Zone.RED)
                || !(lookups.url(urls.get(1)) instanceof LookupOutcome.Unknown)) {
            throw new IllegalStateException("the sample does not hit and miss as designed");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        HttpBenchSuite.deleteTree(directory);
    }

    @Benchmark
    public LookupOutcome outpostUrl() {
        return lookups.url(urls.get(next++ & (SAMPLE - 1)));
    }

    @Benchmark
    public int rawMultiGet() {
        int i = next++ & (SAMPLE - 1);
        try (Generation generation = store.acquire().orElseThrow()) {
            int hits = 0;
            for (byte[] value : generation.getAll(KeySpace.URL_EXPRESSION, expressionKeys.get(i))) {
                hits += value == null ? 0 : 1;
            }
            for (byte[] value : generation.getAll(KeySpace.DOMAIN_SHA256, domainKeys.get(i))) {
                hits += value == null ? 0 : 1;
            }
            return hits;
        }
    }
}
