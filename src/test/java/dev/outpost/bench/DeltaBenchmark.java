package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Delta bundles against full imports (issue 4, ADR 0007): each round imports the full dataset of
 * N records (the baseline), then applies a delta of {@code bench.delta-changes} changes (default
 * 1% of N) to it, each in a fresh JVM. Run with {@code ./mvnw -B verify -Pbench
 * -Dit.test=DeltaBenchmark -Dbench.records=10000000}; the report goes to {@code
 * target/bench/delta-report.md}. Running it at two dataset sizes with the same number of changes
 * shows whether applying costs time proportional to the delta or to the dataset.
 */
class DeltaBenchmark {
    private static final Path WORK = Path.of("target", "bench");

    @Test
    void deltaAgainstFullImport() throws Exception {
        int records = Integer.getInteger("bench.records", 1_000_000);
        int requested = Integer.getInteger("bench.delta-changes", 0);
        int changes = requested > 0 ? requested : records / 100;
        int rounds = Integer.getInteger("bench.rounds", 3);
        String heap = System.getProperty("bench.heap", "256m");
        Files.createDirectories(WORK);
        Path bundle = WORK.resolve("bench-" + records + ".bundle");
        Path keys = WORK.resolve("keys-" + records);
        if (!Files.exists(bundle)) {
            ImportBenchmark.run(
                    "6g", "generate", String.valueOf(records), bundle.toString(), keys.toString(), "1", "SHA256");
        }
        Path delta = WORK.resolve("delta-" + records + "-" + changes + ".bundle");
        if (!Files.exists(delta)) {
            ImportBenchmark.run(
                    "6g",
                    "generate-delta",
                    String.valueOf(records),
                    String.valueOf(changes),
                    delta.toString(),
                    keys.toString());
        }
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            Path dir = WORK.resolve("delta-store");
            ImportBenchmark.delete(dir);
            ImportBenchmark.collect(
                    results, ImportBenchmark.run(heap, "import", bundle.toString(), keys.toString(), dir.toString()));
            ImportBenchmark.collect(
                    results, ImportBenchmark.run(heap, "delta", delta.toString(), keys.toString(), dir.toString()));
        }
        double full = ImportBenchmark.median(results.get("import.seconds"));
        double applied = ImportBenchmark.median(results.get("delta.seconds"));
        StringBuilder report = new StringBuilder("# Delta benchmark\n\nmachine: " + HttpBenchSuite.machine() + "\n\n")
                .append(String.format(
                        "records: %d, delta: %d changes, rounds: %d, task heap: -Xmx%s, delta file: %d bytes%n%n",
                        records, changes, rounds, heap, Files.size(delta)))
                .append("| metric | min | median | max |\n|---|---|---|---|\n");
        results.forEach((name, values) -> {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            report.append(String.format(
                    "| %s | %.3f | %.3f | %.3f |%n",
                    name, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1)));
        });
        report.append(String.format(
                "%ndelta apply / full import (median seconds): %.3f (%.3f s against %.3f s)%n",
                applied / full, applied, full));
        Files.writeString(WORK.resolve("delta-report.md"), report);
        System.out.println(report);
    }
}
