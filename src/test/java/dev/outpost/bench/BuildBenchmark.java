package dev.outpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 16: building a bundle against importing it. For each digest mix, a fresh JVM with {@code
 * -Xmx512m} generates N records and builds the signed bundle with the streaming writer (external
 * sort, spill files beside the output); then {@link BenchMain}'s {@code import} task imports that
 * bundle in another JVM, so that both rates come from the same run on the same data. A third task
 * times the record generator alone, the share of the build that a real source (CSV, a feed) would
 * replace with its own parsing.
 *
 * <p>Not part of {@code ./mvnw verify}: {@code ./mvnw -B verify -Pbench -Dit.test=BuildBenchmark
 * -Dbench.records=10000000 [-Dbench.mixes=sha256,nsrl] [-Dbench.build-heap=512m]
 * [-Dbench.sort-memory=134217728] [-Dbench.rounds=1] [-Dbench.heap=256m]
 * [-Dbench.keep-bundles=false] [-Dbench.import=true]}. The suite's default is 3 rounds; a
 * 100M-record run wants {@code -Dbench.rounds=1}. The report goes to {@code target/bench/build-report.md}.
 */
class BuildBenchmark {
    private static final Path WORK = Path.of("target", "bench", "build");

    @Test
    void buildAgainstImportOfTheSameBundle() throws Exception {
        int records = Integer.getInteger("bench.records", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 1);
        String buildHeap = System.getProperty("bench.build-heap", "512m");
        String importHeap = System.getProperty("bench.heap", "256m");
        long sortMemory = Long.getLong("bench.sort-memory", 128L << 20);
        boolean keep = Boolean.getBoolean("bench.keep-bundles");
        // A bundle above the appliance's 16 GiB default cannot be imported: build only, then.
        boolean importToo = Boolean.parseBoolean(System.getProperty("bench.import", "true"));
        List<String> mixes =
                List.of(System.getProperty("bench.mixes", "sha256,nsrl").split(","));
        StringBuilder report = new StringBuilder("# Build benchmark (issue 16)\n\nmachine: " + HttpBenchSuite.machine())
                .append(String.format(
                        Locale.ROOT,
                        "%n%nrecords: %,d, rounds: %d, build heap: -Xmx%s, sort memory: %d MiB, import heap: -Xmx%s,"
                                + " JVM: %s, load average at start: %s%n",
                        records,
                        rounds,
                        buildHeap,
                        sortMemory >> 20,
                        importHeap,
                        System.getProperty("java.version"),
                        loadAverage()));
        for (String mix : mixes) {
            Map<String, List<Double>> results = new LinkedHashMap<>();
            Path dir = WORK.resolve(mix + "-" + records);
            Path bundle = dir.resolve("out").resolve("bench.bundle");
            Path keys = dir.resolve("keys");
            for (int round = 0; round < rounds; round++) {
                ImportBenchmark.delete(dir.resolve("out"));
                ImportBenchmark.delete(dir.resolve("spill"));
                ImportBenchmark.collect(
                        results,
                        run(
                                buildHeap,
                                "build",
                                String.valueOf(records),
                                bundle.toString(),
                                keys.toString(),
                                mix,
                                dir.resolve("spill").toString(),
                                String.valueOf(sortMemory)));
                if (importToo) {
                    Path store = dir.resolve("store");
                    ImportBenchmark.delete(store);
                    // BenchMain's import task calls its entries per second "recordsPerSecond": renamed here,
                    // beside the records per second of the same import.
                    Map<String, List<Double>> imported = new LinkedHashMap<>();
                    ImportBenchmark.collect(
                            imported,
                            ImportBenchmark.run(
                                    importHeap, "import", bundle.toString(), keys.toString(), store.toString()));
                    ImportBenchmark.delete(store);
                    double seconds = imported.get("import.seconds").get(0);
                    add(
                            results,
                            "import.entries",
                            imported.get("import.entries").get(0));
                    add(results, "import.seconds", seconds);
                    add(results, "import.recordsPerSecond", records / seconds);
                    add(
                            results,
                            "import.entriesPerSecond",
                            imported.get("import.entries").get(0) / seconds);
                    add(
                            results,
                            "import.peakHeapMiB",
                            imported.get("import.peakHeapMiB").get(0));
                    add(
                            results,
                            "import.peakRssMiB",
                            imported.get("import.peakRssMiB").get(0));
                }
            }
            ImportBenchmark.collect(results, run(buildHeap, "generate-only", String.valueOf(records), mix));
            if (!keep) {
                ImportBenchmark.delete(dir);
            }
            report.append("\n## mix ").append(mix).append("\n\n| metric | min | median | max |\n|---|---|---|---|\n");
            results.forEach((name, values) -> {
                List<Double> sorted = values.stream().sorted().toList();
                report.append(String.format(
                        Locale.ROOT,
                        "| %s | %.1f | %.1f | %.1f |%n",
                        name,
                        sorted.get(0),
                        sorted.get(sorted.size() / 2),
                        sorted.get(sorted.size() - 1)));
            });
            if (!importToo) {
                continue;
            }
            double build = ImportBenchmark.median(results.get("build.recordsPerSecond"));
            double imported = ImportBenchmark.median(results.get("import.recordsPerSecond"));
            double buildEntries = ImportBenchmark.median(results.get("build.entriesPerSecond"));
            double importEntries = ImportBenchmark.median(results.get("import.entriesPerSecond"));
            report.append(String.format(
                    Locale.ROOT,
                    "%nbuild / import (medians): %.2f in records/s (%.0f against %.0f), %.2f in entries/s%n",
                    build / imported,
                    build,
                    imported,
                    buildEntries / importEntries));
        }
        report.append(String.format(Locale.ROOT, "%nload average at the end: %s%n", loadAverage()));
        Files.createDirectories(WORK);
        Files.writeString(WORK.getParent().resolve("build-report.md"), report);
        System.out.println(report);
    }

    private static void add(Map<String, List<Double>> results, String name, double value) {
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Runs a {@link BuildBenchMain} task in a fresh JVM. */
    static List<String> run(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                BuildBenchMain.class.getName()));
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
        if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException("benchmark task " + args[0] + " failed");
        }
        return results;
    }
}
