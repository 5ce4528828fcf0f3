package dev.outpost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The full HTTP benchmark (issue 3): {@code ./mvnw -B verify -Pbench}. Sizes and durations come
 * from {@code bench.records}, {@code bench.seconds}, {@code bench.rounds}, {@code
 * bench.connections}, {@code bench.bulk-sizes}, {@code bench.scenarios} (groups to run), {@code
 * bench.nmt} (Native Memory Tracking's summary after the load, {@code nmt-after-load.txt}); the
 * report goes to {@code target/bench/}.
 */
class HttpBenchmark {
    @Test
    void lookupsOverHttpAgainstTheConstantBaseline() throws Exception {
        assertThat(HttpBenchSuite.wrkAvailable())
                .as("wrk is required: apt-get install -y wrk")
                .isTrue();
        var settings = new HttpBenchSuite.Settings(
                Integer.getInteger("bench.records", 1_000_000),
                Integer.getInteger("bench.seconds", 10),
                Integer.getInteger("bench.rounds", 3),
                Arrays.stream(System.getProperty("bench.connections", "8,32,128")
                                .split(","))
                        .map(Integer::valueOf)
                        .toList(),
                Arrays.stream(System.getProperty("bench.bulk-sizes", "100,1000,10000")
                                .split(","))
                        .map(Integer::valueOf)
                        .toList(),
                Integer.getInteger("bench.import-records", 10_000_000),
                Integer.getInteger("bench.import-window", 60),
                Path.of("target", "bench"),
                Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app")),
                serverJvmOptions(),
                scenarios());
        new HttpBenchSuite(settings).run();
    }

    /** {@code -Dbench.scenarios=bulk,single} runs only those groups ({@link HttpBenchSuite.Settings#ALL_SCENARIOS}). */
    static Set<String> scenarios() {
        String names = System.getProperty("bench.scenarios", "").strip();
        return names.isEmpty()
                ? HttpBenchSuite.Settings.ALL_SCENARIOS
                : java.util.Arrays.stream(names.split(","))
                        .map(String::strip)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** {@code -Dbench.server-jvm="-Xmx512m -XX:+UseSerialGC"} overrides the production options. */
    static List<String> serverJvmOptions() {
        String options = System.getProperty("bench.server-jvm", "").strip();
        return options.isEmpty() ? HttpBenchSuite.Settings.PRODUCTION_JVM_OPTIONS : List.of(options.split("\\s+"));
    }
}
