package dev.outpost.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.outpost.bundle.Manifest;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.publishing.SortSettings;
import dev.outpost.publishing.SortStatistics;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.trust.KeyFiles;

/**
 * Tasks of {@link BuildBenchmark} (issue 16), each run in its own JVM so that the build's heap
 * limit ({@code -Xmx512m}) and its peak heap and RSS are its own. Prints one {@code RESULT} line.
 *
 * <ul>
 *   <li>{@code build N BUNDLE KEYS MIX SPILL_DIR SORT_MEMORY}: generates N records of MIX and builds
 *       the signed bundle with the streaming writer, as {@code outpost bundle build} does;
 *   <li>{@code generate-only N MIX}: generates the same records and drops them, the generator's own
 *       share of the build time.
 * </ul>
 *
 * Mixes: {@code sha256} and {@code mixed} are {@link BenchMain}'s; {@code nsrl} is NSRL's RDS: every
 * file with MD5, SHA-1 and SHA-256 (three entries per record, the worst case for a build), known
 * software without a threat name.
 */
public final class BuildBenchMain {
    private static final long SEED = 20261207L;

    private BuildBenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchMain.PeakHeap peak = BenchMain.PeakHeap.start();
        switch (args[0]) {
            case "build" ->
                build(
                        Integer.parseInt(args[1]),
                        Path.of(args[2]),
                        Path.of(args[3]),
                        args[4],
                        Path.of(args[5]),
                        Long.parseLong(args[6]),
                        peak);
            case "generate-only" -> generateOnly(Integer.parseInt(args[1]), args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Record {@code i} of {@code mix}; deterministic in the seed and the sequence of calls. */
    static ReputationRecord record(SplittableRandom random, long i, String mix) {
        return switch (mix) {
            case "sha256" -> BenchMain.record(random, i, BenchMain.Mix.SHA256);
            case "mixed" -> BenchMain.record(random, i, BenchMain.Mix.MIXED);
            case "nsrl" -> nsrl(random, i);
            default -> throw new IllegalArgumentException("mix " + mix);
        };
    }

    private static ReputationRecord nsrl(SplittableRandom random, long i) {
        byte[] sha256 = BenchMain.key(i);
        FileHashes hashes = new FileHashes(
                Hash.ofBytes(HashType.MD5, Arrays.copyOf(BenchMain.key(i + (1L << 40)), 16)),
                Hash.ofBytes(HashType.SHA1, Arrays.copyOf(BenchMain.key(i + (2L << 40)), 20)),
                Hash.ofBytes(HashType.SHA256, sha256));
        return new ReputationRecord.File(
                hashes,
                new Verdict(
                        random.nextInt(10) == 0 ? Category.TRUSTED : Category.CLEAN,
                        null,
                        null,
                        null,
                        Verdict.roundPopularity(random.nextInt(1000))));
    }

    static void build(
            int records, Path bundle, Path keys, String mix, Path spill, long sortMemory, BenchMain.PeakHeap peak)
            throws Exception {
        Files.createDirectories(keys);
        Files.createDirectories(spill);
        Files.createDirectories(bundle.toAbsolutePath().getParent());
        Path privateKey = keys.resolve("bench.key.pem");
        Path publicKey = keys.resolve("bench.pub.pem");
        if (!Files.exists(privateKey)) {
            var pair = KeyFiles.generate();
            KeyFiles.writePrivate(privateKey, pair.getPrivate());
            KeyFiles.writePublic(publicKey, pair.getPublic());
        }
        var pair = new java.security.KeyPair(KeyFiles.readPublic(publicKey), KeyFiles.readPrivate(privateKey));
        DiskSampler disk = DiskSampler.start(spill, bundle.toAbsolutePath().getParent());
        long start = System.nanoTime();
        Manifest manifest;
        SortStatistics sort;
        long read;
        try (BundleWriter writer =
                new BundleWriter().sorting(new SortSettings(sortMemory, spill, SortSettings.DEFAULT_FAN_IN))) {
            SplittableRandom random = new SplittableRandom(SEED);
            for (int i = 0; i < records; i++) {
                writer.add(record(random, i, mix));
            }
            read = System.nanoTime();
            Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            manifest = writer.write(bundle, "bench", 1, created, created.plus(3650, ChronoUnit.DAYS), Signers.of(pair));
            sort = writer.sortStatistics();
        }
        long end = System.nanoTime();
        disk.stop();
        double seconds = (end - start) / 1e9;
        long entries = manifest.parts().stream()
                .skip(1)
                .mapToLong(Manifest.Part::entries)
                .sum();
        System.out.printf(
                Locale.ROOT,
                "RESULT build records=%d entries=%d seconds=%.1f readSeconds=%.1f writeSeconds=%.1f"
                        + " recordsPerSecond=%.0f entriesPerSecond=%.0f peakHeapMiB=%.1f peakRssMiB=%.1f runs=%d"
                        + " intermediateMerges=%d spillWrittenMiB=%.1f peakSpillMiB=%.1f peakDiskMiB=%.1f"
                        + " bundleMiB=%.1f%n",
                records,
                entries,
                seconds,
                (read - start) / 1e9,
                (end - read) / 1e9,
                records / seconds,
                entries / seconds,
                peak.mebibytes(),
                BenchMain.peakRssMiB(),
                sort.runs(),
                sort.intermediateMerges(),
                sort.spillBytesWritten() / 1048576.0,
                sort.peakSpillBytes() / 1048576.0,
                disk.peak() / 1048576.0,
                Files.size(bundle) / 1048576.0);
    }

    static void generateOnly(int records, String mix) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(SEED);
        long sink = 0;
        for (int i = 0; i < records; i++) {
            sink += record(random, i, mix).verdict().popularity();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "RESULT generator records=%d seconds=%.1f recordsPerSecond=%.0f checksum=%d%n",
                records,
                seconds,
                records / seconds,
                sink % 1000);
    }

    /**
     * Samples the bytes under the spill directory and the output's directory every 200 ms: the
     * build's disk footprint (runs, parts, the bundle being assembled), whatever else is there.
     */
    static final class DiskSampler {
        private final Path[] roots;
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private DiskSampler(Path... roots) {
            this.roots = roots;
            this.thread = new Thread(this::run, "disk-sampler");
            thread.setDaemon(true);
        }

        static DiskSampler start(Path... roots) {
            DiskSampler sampler = new DiskSampler(roots);
            sampler.thread.start();
            return sampler;
        }

        private void run() {
            while (running) {
                long total = 0;
                for (Path root : roots) {
                    long size = size(root);
                    total = size < 0 || total < 0 ? -1 : total + size;
                }
                if (total >= 0) {
                    peak.accumulateAndGet(total, Math::max);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static long size(Path root) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.mapToLong(p -> {
                            try {
                                return Files.isRegularFile(p) ? Files.size(p) : 0;
                            } catch (IOException e) {
                                return 0; // deleted while walking
                            }
                        })
                        .sum();
            } catch (IOException | UncheckedIOException e) {
                return -1; // a directory went away while walking: skip this sample
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        long peak() {
            return peak.get();
        }
    }
}
