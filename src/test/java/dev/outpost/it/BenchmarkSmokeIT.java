package dev.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.outpost.bench.HttpBenchSuite;

/**
 * The benchmark suite's smoke mode: a tiny dataset and one-second runs, so the suite cannot rot.
 * Checks that every scenario ran without errors and that the report was written; it asserts no
 * timing. Needs wrk, which {@code .ci/run} installs.
 */
class BenchmarkSmokeIT {
    @Test
    void everyHttpScenarioRunsCleanlyOnATinyDataset() throws Exception {
        Assumptions.assumeTrue(
                HttpBenchSuite.wrkAvailable(), "wrk is not installed (apt-get install -y wrk); .ci/run installs it");
        Path work = Path.of("target", "bench-smoke");
        List<HttpBenchSuite.Run> runs = new HttpBenchSuite(HttpBenchSuite.Settings.smoke(
                        work, Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"))))
                .run();

        assertThat(runs)
                .extracting(HttpBenchSuite.Run::scenario)
                .contains(
                        "baseline",
                        "lookup",
                        "bulk-100",
                        "bulk-urls-100",
                        "idle",
                        "during-import",
                        "slow-idle",
                        "slow-clients");
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.requests()).as(run.scenario()).isPositive();
            assertThat(run.errors()).as(run.scenario()).isZero();
            assertThat(run.non2xx()).as(run.scenario()).isZero();
        });
        assertThat(Files.readString(work.resolve("http-report.md")))
                .contains("lookup / constant baseline")
                .contains("bulk of 100: URLs/s")
                .contains("p99 during import / idle")
                .contains("stalled uploads / idle");
        assertThat(work.resolve("http-report.json")).exists();
    }
}
