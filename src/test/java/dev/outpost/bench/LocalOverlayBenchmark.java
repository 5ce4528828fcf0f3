package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 14: {@link LocalOverlayJmh} with no local verdict and with 100,000 loaded, in one run: each
 * round runs one fork of each, so the two settings alternate. Writes {@code target/bench/local-overlay.md}: each
 * benchmark's throughput per fork (min / median / max) and the ratios to the none-loaded baseline.
 * Run alone: {@code ./mvnw -B verify -Pbench -Dit.test=LocalOverlayBenchmark} (docs/benchmarks.md).
 */
class LocalOverlayBenchmark {
    @Test
    void theOverlayCostsLookupsThisMuch() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        String locals = String.valueOf(Integer.getInteger("bench.locals", 100_000));
        // benchmark -> locals -> one score per round
        Map<String, Map<Integer, List<Double>>> scores = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            // One fork of each setting per round, so that the machine's load changes hit both alike.
            var options = new OptionsBuilder()
                    .include(LocalOverlayJmh.class.getName())
                    .param("records", String.valueOf(Integer.getInteger("bench.local-records", 100_000)))
                    .param("locals", "0", locals)
                    .forks(1)
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(2))
                    .jvmArgsAppend("-Xmx1g")
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            for (RunResult result : results) {
                String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
                int count = Integer.parseInt(result.getParams().getParam("locals"));
                for (BenchmarkResult fork : result.getBenchmarkResults()) {
                    scores.computeIfAbsent(name, n -> new TreeMap<>())
                            .computeIfAbsent(count, c -> new ArrayList<>())
                            .add(fork.getPrimaryResult().getScore());
                }
            }
        }
        StringBuilder md = new StringBuilder("# Local verdict overlay (JMH)\n\nmachine: " + HttpBenchSuite.machine()
                + "\n\n" + rounds + " rounds, each one fork per setting, 2 x 2 s warm-up, 3 x 2 s measured, one"
                + " thread; lookups/s per round as min / median / max\n\n"
                + "| benchmark | no local verdicts | " + locals + " local verdicts | ratio of medians |"
                + " ratio min..max |\n|---|---|---|---|---|\n");
        scores.forEach((name, byLocals) -> {
            List<Double> none = sorted(byLocals.get(0));
            List<Double> loaded = sorted(byLocals.get(Integer.parseInt(locals)));
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %.3f | %.3f..%.3f |%n",
                    name,
                    triple(none),
                    triple(loaded),
                    median(loaded) / median(none),
                    loaded.get(0) / median(none),
                    loaded.get(loaded.size() - 1) / median(none)));
        });
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "local-overlay.md"), md);
        System.out.println(md);
    }

    private static List<Double> sorted(List<Double> values) {
        return values.stream().sorted().toList();
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String triple(List<Double> sorted) {
        return String.format(
                Locale.ROOT, "%.0f / %.0f / %.0f", sorted.get(0), median(sorted), sorted.get(sorted.size() - 1));
    }
}
