package dev.outpost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * How the costs grow with the dataset (issue 17, goals 3 and 4): the HTTP suite's single and bulk
 * scenarios at each size of {@code bench.scale-records} (default 1M, 10M, 100M SHA-256 records
 * with one URL record per ten), one after the other in one run, each against the first size:
 * CLI import rate, bytes per record on disk, start to ready, single lookups at {@code
 * bench.scale-connections} (default 32), bulks of 1,000, and the resident set at rest and after the
 * load. {@code ./mvnw -B verify -Pbench -Dit.test=ScaleBenchmark [-Dbench.nmt=true]
 * [-Dbench.store-options=-Doutpost.store.cache-metadata=true]}; each size
 * works in {@code target/bench/scale-N/} (where its generated bundle is kept for the next run), the
 * comparison goes to {@code target/bench/scale-report.md}. It asserts only that nothing failed.
 */
class ScaleBenchmark {
    private static final Path WORK = Path.of("target", "bench");

    @Test
    void costsFromOneMillionToAHundredMillionRecords() throws Exception {
        assertThat(HttpBenchSuite.wrkAvailable())
                .as("wrk is required: apt-get install -y wrk")
                .isTrue();
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.scale-records", "1000000,10000000,100000000")
                        .split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .toList();
        List<Scale> scales = new ArrayList<>();
        for (int records : sizes) {
            var settings = new HttpBenchSuite.Settings(
                    records,
                    Integer.getInteger("bench.seconds", 10),
                    Integer.getInteger("bench.rounds", 2),
                    // One connection count, so that each size's medians compare like with like.
                    List.of(Integer.getInteger("bench.scale-connections", 32)),
                    List.of(1000),
                    0,
                    0,
                    WORK.resolve("scale-" + records),
                    Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app")),
                    HttpBenchmark.serverJvmOptions(),
                    Set.of("single", "bulk"));
            HttpBenchSuite suite = new HttpBenchSuite(settings);
            List<HttpBenchSuite.Run> runs = suite.run();
            assertThat(runs).allSatisfy(run -> {
                assertThat(run.errors()).as(run.scenario()).isZero();
                assertThat(run.non2xx()).as(run.scenario()).isZero();
            });
            scales.add(Scale.of(records, suite.figures(), runs));
        }
        String report = report(scales);
        Files.writeString(WORK.resolve("scale-report.md"), report);
        System.out.println(report);
    }

    /** One size's figures. */
    record Scale(
            int records,
            double importSeconds,
            double bytesPerRecord,
            double startSeconds,
            double rssAtRestMiB,
            double rssAfterLoadMiB,
            double singlePerSecond,
            double singleBaselinePerSecond,
            double singleCpuMicros,
            long singleP99Micros,
            double bulkHashesPerSecond,
            double bulkCpuMicros) {
        static Scale of(int records, Map<String, Object> figures, List<HttpBenchSuite.Run> runs) {
            HttpBenchSuite.Run single = median(runs, "lookup");
            HttpBenchSuite.Run bulk = median(runs, "bulk-1000");
            return new Scale(
                    records,
                    (Double) figures.get("cliImportSeconds"),
                    (Double) figures.get("bytesPerRecordOnDisk (files and URLs)"),
                    (Double) figures.get("startToReadySeconds"),
                    (Double) figures.get("rssAtRestMiB"),
                    (Double) figures.get("rssAfterLoadMiB"),
                    single.requestsPerSecond(),
                    median(runs, "baseline").requestsPerSecond(),
                    single.serverCpuMicrosPerItem(),
                    single.p99Micros(),
                    bulk.itemsPerSecond(),
                    bulk.serverCpuMicrosPerItem());
        }

        /** The run of {@code scenario} with the median rate (the upper one of an even count). */
        private static HttpBenchSuite.Run median(List<HttpBenchSuite.Run> runs, String scenario) {
            List<HttpBenchSuite.Run> sorted = runs.stream()
                    .filter(r -> r.scenario().equals(scenario))
                    .sorted((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()))
                    .toList();
            return sorted.get(sorted.size() / 2);
        }

        /** Records and URL records the CLI imported per second, its JVM's start included. */
        double importRate() {
            return (records + BenchMain.urlRecords(records)) / importSeconds;
        }
    }

    static String report(List<Scale> scales) {
        Scale first = scales.get(0);
        StringBuilder md = new StringBuilder("# Scale\n\nmachine: " + HttpBenchSuite.machine() + "\n\n");
        md.append("server JVM: ")
                .append(String.join(" ", HttpBenchmark.serverJvmOptions()))
                .append("; store options (import and server): ")
                .append(
                        HttpBenchSuite.storeOptions().isEmpty()
                                ? "defaults"
                                : String.join(" ", HttpBenchSuite.storeOptions()))
                .append("\n\n");
        md.append("Each figure, then its ratio to the ")
                .append(first.records())
                .append("-record figure of this run.\n\n");
        md.append("| records | CLI import, records/s | bytes per record on disk | start to ready s | RSS at rest MiB"
                + " | RSS after load MiB | single lookups/s (/ constant baseline) | single CPU µs | single p99 µs"
                + " | bulk of 1,000, hashes/s | bulk CPU µs per hash |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Scale s : scales) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %.0f (%.2f) | %.1f (%.2f) | %.2f (%.2f) | %.0f (%.2f) | %.0f (%.2f) | %.0f (%.2f) [%.2f] | %.1f"
                            + " (%.2f) | %d (%.2f) | %.0f (%.2f) | %.2f (%.2f) |%n",
                    s.records(),
                    s.importRate(),
                    s.importRate() / first.importRate(),
                    s.bytesPerRecord(),
                    s.bytesPerRecord() / first.bytesPerRecord(),
                    s.startSeconds(),
                    s.startSeconds() / first.startSeconds(),
                    s.rssAtRestMiB(),
                    s.rssAtRestMiB() / first.rssAtRestMiB(),
                    s.rssAfterLoadMiB(),
                    s.rssAfterLoadMiB() / first.rssAfterLoadMiB(),
                    s.singlePerSecond(),
                    s.singlePerSecond() / first.singlePerSecond(),
                    s.singlePerSecond() / s.singleBaselinePerSecond(),
                    s.singleCpuMicros(),
                    s.singleCpuMicros() / first.singleCpuMicros(),
                    s.singleP99Micros(),
                    (double) s.singleP99Micros() / first.singleP99Micros(),
                    s.bulkHashesPerSecond(),
                    s.bulkHashesPerSecond() / first.bulkHashesPerSecond(),
                    s.bulkCpuMicros(),
                    s.bulkCpuMicros() / first.bulkCpuMicros()));
        }
        return md.toString();
    }
}
