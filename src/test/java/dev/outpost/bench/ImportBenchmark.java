package dev.outpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Import and in-process lookup benchmarks (issue 2). Not part of {@code ./mvnw verify}: run with
 * {@code ./mvnw -B verify -Pbench} ({@code -Dbench.records=10000000 -Dbench.rounds=3 -Dbench.heap=256m}).
 * Every task runs in a fresh JVM; baseline and Outpost alternate in each round so that machine
 * noise hits both. Results go to {@code target/bench/report.md}.
 */
class ImportBenchmark {
    private static final Path WORK = Path.of("target", "bench");

    @Test
    void importAndLookupAgainstRawRocksDb() throws Exception {
        int records = Integer.getInteger("bench.records", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String heap = System.getProperty("bench.heap", "256m");
        BenchMain.Mix mix =
                BenchMain.Mix.valueOf(System.getProperty("bench.mix", "sha256").toUpperCase(java.util.Locale.ROOT));
        Files.createDirectories(WORK);
        String dataset =
                records + (mix == BenchMain.Mix.SHA256 ? "" : "-" + mix.name().toLowerCase(java.util.Locale.ROOT));
        Path bundle = WORK.resolve("bench-" + dataset + ".bundle");
        Path keys = WORK.resolve("keys-" + records);
        if (!Files.exists(bundle)) {
            run("6g", "generate", String.valueOf(records), bundle.toString(), keys.toString(), "1", mix.name());
        }
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            Path rawDir = WORK.resolve("raw");
            Path importDir = WORK.resolve("import");
            delete(rawDir);
            delete(importDir);
            collect(results, run(heap, "raw", bundle.toString(), rawDir.toString()));
            collect(results, run(heap, "import", bundle.toString(), keys.toString(), importDir.toString()));
            results.computeIfAbsent("disk.bytesPerRecord", k -> new ArrayList<>())
                    .add((double) HttpBenchSuite.treeSize(importDir.resolve("generations")) / records);
            results.computeIfAbsent("raw-disk.bytesPerRecord", k -> new ArrayList<>())
                    .add((double) HttpBenchSuite.treeSize(rawDir.resolve("db")) / records);
        }
        if (mix == BenchMain.Mix.SHA256) {
            // Lookups name their hits by SHA-256, which only this mix gives every record.
            collect(results, run("512m", "lookup", WORK.resolve("import").toString(), String.valueOf(records), "5"));
        }
        StringBuilder report = new StringBuilder(
                        "# Import and lookup benchmark\n\nmachine: " + HttpBenchSuite.machine() + "\n\n")
                .append("records: ")
                .append(records)
                .append(", digest mix: ")
                .append(mix.name().toLowerCase(java.util.Locale.ROOT))
                .append(", rounds: ")
                .append(rounds)
                .append(", task heap: -Xmx")
                .append(heap)
                .append(", JVM: ")
                .append(System.getProperty("java.version"))
                .append(", cores: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append("\n\n| metric | min | median | max |\n|---|---|---|---|\n");
        results.forEach((name, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            report.append(String.format(
                    "| %s | %.1f | %.1f | %.1f |%n",
                    name, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1)));
        });
        double raw = median(results.get("raw.recordsPerSecond"));
        double outpost = median(results.get("import.recordsPerSecond"));
        report.append(String.format("%nimport / raw SstFileWriter (median records/s): %.2f%n", outpost / raw));
        for (String op : mix == BenchMain.Mix.SHA256 ? List.of("get", "multiget-1000") : List.<String>of()) {
            String outpostName = op.equals("get") ? "outpost-get.opsPerSecond" : "outpost-bulk-1000.opsPerSecond";
            report.append(String.format(
                    "lookup %s: outpost / raw RocksDB: %.2f%n",
                    op, median(results.get(outpostName)) / median(results.get("raw-" + op + ".opsPerSecond"))));
        }
        Files.writeString(WORK.resolve("report.md"), report);
        System.out.println(report);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void collect(Map<String, List<Double>> results, List<String> lines) {
        for (String line : lines) {
            String[] fields = line.split(" ");
            for (int i = 2; i < fields.length; i++) {
                String[] pair = fields[i].split("=");
                results.computeIfAbsent(fields[1] + "." + pair[0], k -> new ArrayList<>())
                        .add(Double.parseDouble(pair[1]));
            }
        }
    }

    static List<String> run(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                BenchMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> results = new ArrayList<>();
        try (var reader = process.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("RESULT ")) {
                    results.add(line);
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException("benchmark task " + args[0] + " failed");
        }
        return results;
    }

    static void delete(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
