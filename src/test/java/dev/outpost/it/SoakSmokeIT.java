package dev.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.outpost.bench.HttpBenchSuite;
import dev.outpost.bench.SoakSuite;

/**
 * The soak's smoke mode (issue 17, goal 6): 40 seconds on a tiny dataset with two imports, so that
 * the soak cannot rot. It fails on the problems the soak itself reports (errors, unexpected
 * statuses, an import that did not activate, a local verdict that lookups missed) and asserts no
 * timing. Needs wrk, which {@code .ci/run} installs.
 */
class SoakSmokeIT {
    @Test
    void aShortSoakRunsCleanly() throws Exception {
        Assumptions.assumeTrue(
                HttpBenchSuite.wrkAvailable(), "wrk is not installed (apt-get install -y wrk); .ci/run installs it");
        SoakSuite.Settings settings = SoakSuite.Settings.smoke(
                Path.of("target", "soak-smoke"),
                Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app")));
        SoakSuite.Result result = new SoakSuite(settings).run();

        assertThat(result.problems()).isEmpty();
        assertThat(result.imports()).hasSize(2).allSatisfy(i -> assertThat(i.activeAfterSeconds())
                .isNotNaN());
        assertThat(result.verdictCycles()).isPositive();
        assertThat(result.segments()).allSatisfy(s -> assertThat(s.statuses()).containsOnlyKeys(200));
        assertThat(result.samples()).allSatisfy(s -> {
            assertThat(s.liveHeapMiB()).isPositive();
            // The gauge the report subtracts from the resident set; NaN if its name changed.
            assertThat(s.blockCacheMiB()).isNotNaN();
        });
        // By the end the lookups have put blocks in the cache.
        assertThat(result.samples().get(result.samples().size() - 1).blockCacheMiB())
                .isPositive();
        assertThat(Path.of("target", "soak-smoke", "soak-report.md")).exists();
    }
}
