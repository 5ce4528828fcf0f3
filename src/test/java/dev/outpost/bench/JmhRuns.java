package dev.outpost.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The suite's one JMH set-up: 1 fork, 3 x 3 s warm-up, 5 x 5 s measured, a 2 GiB heap. */
final class JmhRuns {
    private JmhRuns() {}

    /** Runs every benchmark of {@code benchmarks} with {@code records}; score and error by method name. */
    static Map<String, double[]> scores(Class<?> benchmarks, int records) throws Exception {
        var options = new OptionsBuilder()
                .include(benchmarks.getName())
                .param("records", String.valueOf(records))
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(3))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(5))
                .jvmArgsAppend("-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> scores = new TreeMap<>();
        for (RunResult result : results) {
            var primary = result.getPrimaryResult();
            scores.put(
                    result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    new double[] {primary.getScore(), primary.getScoreError()});
        }
        return scores;
    }
}
