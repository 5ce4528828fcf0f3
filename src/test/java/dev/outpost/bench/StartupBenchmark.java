package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Scenario 7 and the at-rest part of scenario 6 (issue 3): start-to-ready time and resident memory
 * of the packaged server over a dataset that is already active. {@code ./mvnw -B verify -Pbench
 * -Dit.test=StartupBenchmark -Dbench.records=10000000 -Dbench.rounds=5}; the report goes to {@code
 * target/bench/startup-report.md}.
 */
class StartupBenchmark {
    private static final Path WORK = Path.of("target", "bench");

    @Test
    void startToReadyWithAnActiveDataset() throws Exception {
        int records = Integer.getInteger("bench.records", 1_000_000);
        int rounds = Math.max(1, Integer.getInteger("bench.rounds", 3));
        List<String> jvm = HttpBenchmark.serverJvmOptions();
        Path app = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));
        Files.createDirectories(WORK);
        Path bundle = WORK.resolve("bench-" + records + ".bundle");
        Path keys = WORK.resolve("keys-" + records);
        if (!Files.exists(bundle)) {
            HttpBenchSuite.generate(records, bundle, keys, 1, "files-only", WORK.resolve("generate.log"));
        }
        String trust = "-Doutpost.trust.public-keys=" + keys.resolve("bench.pub.pem");
        Path data = WORK.resolve("startup-data-" + records);
        HttpBenchSuite.deleteTree(data);
        HttpBenchSuite.java(
                List.of(
                        trust,
                        "-jar",
                        app.resolve("quarkus-run.jar").toString(),
                        "import",
                        bundle.toString(),
                        "--data-dir",
                        data.toString()),
                WORK.resolve("startup-import.log"));

        List<double[]> samples = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int port = HttpBenchSuite.freePort();
            List<String> command = new ArrayList<>(List.of(HttpBenchSuite.javaBinary()));
            command.addAll(jvm);
            command.addAll(List.of(
                    trust,
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-Doutpost.data-dir=" + data,
                    "-Dquarkus.log.level=WARN",
                    "-jar",
                    app.resolve("quarkus-run.jar").toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            long start = System.nanoTime();
            Process server = builder.redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("startup-server.log").toFile())
                    .start();
            try {
                HttpBenchSuite.awaitReady(port, server);
                double seconds = (System.nanoTime() - start) / 1e9;
                samples.add(new double[] {seconds, HttpBenchSuite.rssMiB(server.pid())});
                System.out.printf(
                        Locale.ROOT, "RESULT startup seconds=%.2f rssMiB=%.1f%n", seconds, samples.get(round)[1]);
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
        StringBuilder report = new StringBuilder("# Start-up benchmark\n\nmachine: ")
                .append(HttpBenchSuite.machine())
                .append("\n\nrecords: ")
                .append(records)
                .append(", rounds: ")
                .append(rounds)
                .append(", server JVM options: ")
                .append(String.join(" ", jvm))
                .append(", on disk: ")
                .append(HttpBenchSuite.treeSize(data.resolve("generations")))
                .append(" bytes\n\n| metric | min | median | max |\n|---|---|---|---|\n");
        for (int column = 0; column < 2; column++) {
            int c = column;
            List<Double> sorted = samples.stream().map(s -> s[c]).sorted().toList();
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f |%n",
                    column == 0 ? "start to ready, s" : "RSS when ready, MiB",
                    sorted.get(0),
                    sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1)));
        }
        Files.writeString(WORK.resolve("startup-report.md"), report);
        System.out.println(report);
    }
}
