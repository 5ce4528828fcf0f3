package dev.outpost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The soak (issue 17, goal 6): {@code ./mvnw -B verify -Pbench -Dit.test=SoakBenchmark}, 30 minutes
 * by default. Settings: {@code soak.minutes}, {@code soak.import-minutes} (a full bundle dropped
 * into the inbox each interval), {@code bench.records}, {@code soak.connections}, {@code
 * soak.segment-seconds} (one wrk run), {@code soak.sample-seconds}, {@code soak.verdict-millis} (one
 * local verdict created and deleted each), {@code bench.server-jvm}. The report goes to {@code
 * target/bench/soak-report.md}; the test fails on any problem the soak found, never on a speed.
 */
class SoakBenchmark {
    @Test
    void saturationWithImportsAndLocalVerdictWrites() throws Exception {
        assertThat(HttpBenchSuite.wrkAvailable())
                .as("wrk is required: apt-get install -y wrk")
                .isTrue();
        var settings = new SoakSuite.Settings(
                Integer.getInteger("bench.records", 1_000_000),
                Duration.ofMinutes(Integer.getInteger("soak.minutes", 30)),
                Duration.ofMinutes(Integer.getInteger("soak.import-minutes", 5)),
                Duration.ofSeconds(Integer.getInteger("soak.segment-seconds", 60)),
                Duration.ofSeconds(Integer.getInteger("soak.sample-seconds", 30)),
                Integer.getInteger("soak.connections", 32),
                Duration.ofMillis(Integer.getInteger("soak.verdict-millis", 250)),
                Path.of("target", "bench"),
                Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app")),
                HttpBenchmark.serverJvmOptions());
        SoakSuite.Result result = new SoakSuite(settings).run();
        assertThat(result.problems()).isEmpty();
        assertThat(result.imports()).hasSize(settings.imports());
    }
}
