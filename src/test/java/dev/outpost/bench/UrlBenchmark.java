package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link UrlMatchJmh} under {@code ./mvnw -B verify -Pbench -Dit.test=UrlBenchmark}; writes
 * {@code target/bench/url-report.md}: URLs/s on one thread (goal ≥ 200,000) and the ratio to the
 * bare multi-get of the same keys.
 */
class UrlBenchmark {
    @Test
    void urlLookupsAgainstTheBareMultiGet() throws Exception {
        int records = Integer.getInteger("bench.records", 1_000_000);
        Map<String, double[]> scores = JmhRuns.scores(UrlMatchJmh.class, records);
        StringBuilder md = new StringBuilder("# URL lookups in process (JMH)\n\nmachine: " + HttpBenchSuite.machine()
                + "\n\nURL records: " + records + " (plus " + records / 10
                + " domains), 1 fork, 3 x 3 s warm-up, 5 x 5 s measured, one thread, 50% hits\n\n"
                + "| benchmark | URLs/s | ± (99.9%) |\n|---|---|---|\n");
        scores.forEach((name, s) -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, s[0], s[1])));
        md.append(String.format(
                Locale.ROOT,
                "%nOutpost / bare multi-get of the same keys: %.2f; goal 200,000 URLs/s: %s%n",
                scores.get("outpostUrl")[0] / scores.get("rawMultiGet")[0],
                scores.get("outpostUrl")[0] >= 200_000 ? "met" : "missed"));
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "url-report.md"), md);
        System.out.println(md);
    }
}
