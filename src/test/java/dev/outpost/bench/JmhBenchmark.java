package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link StoreLookupJmh} (scenario 3) under {@code ./mvnw -B verify -Pbench}; writes
 * {@code target/bench/jmh-report.md} with each benchmark's score and Outpost / raw ratios.
 */
class JmhBenchmark {
    @Test
    void storeLookupsAgainstRawRocksDb() throws Exception {
        Map<String, double[]> scores =
                JmhRuns.scores(StoreLookupJmh.class, Integer.getInteger("bench.records", 1_000_000));
        StringBuilder md = new StringBuilder(
                "# In-process lookups (JMH)\n\nmachine: " + HttpBenchSuite.machine()
                        + "\n\nrecords: " + Integer.getInteger("bench.records", 1_000_000)
                        + ", 1 fork, 3 x 3 s warm-up, 5 x 5 s measured, one thread, 50% hits\n\n| benchmark | keys/s | ± (99.9%) |\n|---|---|---|\n");
        scores.forEach((name, s) -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, s[0], s[1])));
        md.append(String.format(
                Locale.ROOT,
                "%nOutpost / raw: single get %.2f, bulk of 1,000 vs multiGet %.2f%n",
                scores.get("outpostGet")[0] / scores.get("rawGet")[0],
                scores.get("outpostBulk")[0] / scores.get("rawMultiGet")[0]));
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "jmh-report.md"), md);
        System.out.println(md);
    }
}
