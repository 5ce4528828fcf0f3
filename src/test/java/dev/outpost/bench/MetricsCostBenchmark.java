package dev.outpost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What metrics cost single lookups (issue 13: at most 3%): the shipped build against the same code
 * built with Micrometer off ({@code target/quarkus-app-nometrics}, made by the bench profile), in
 * one run, on one dataset. Each round starts each build in turn (the order alternates between
 * rounds, so that drift on a shared machine favours neither), and measures single lookups and the
 * constant-answer baseline at each connection count. Reported: lookups per second of each build,
 * each build's lookup/baseline ratio, and metrics-on over metrics-off for both, as min, median and
 * max over rounds.
 *
 * <p>{@code ./mvnw -B verify -Pbench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=MetricsCostBenchmark -Dbench.records=1000000 -Dbench.rounds=4 -Dbench.seconds=10
 * -Dbench.connections=32}; the report goes to {@code target/bench/metrics-cost-report.md}.
 */
class MetricsCostBenchmark {
    private static final Path WORK = Path.of("target", "bench");

    @Test
    void singleLookupsWithAndWithoutMetrics() throws Exception {
        assertThat(HttpBenchSuite.wrkAvailable()).as("wrk is required").isTrue();
        int records = Integer.getInteger("bench.records", 1_000_000);
        int rounds = Math.max(1, Integer.getInteger("bench.rounds", 4));
        int seconds = Integer.getInteger("bench.seconds", 10);
        List<Integer> connections = Arrays.stream(
                        System.getProperty("bench.connections", "32").split(","))
                .map(Integer::valueOf)
                .toList();
        Map<String, Path> builds = new LinkedHashMap<>();
        builds.put("metrics-on", Path.of("target", "quarkus-app"));
        builds.put("metrics-off", Path.of("target", "quarkus-app-nometrics"));
        // -Dbench.metrics-variant="name:-Dkey=value ..." adds the shipped build with other options, to
        // tell what part of the cost is whose (e.g. Quarkus's HTTP server metrics ignoring lookups).
        Map<String, List<String>> options = new LinkedHashMap<>();
        String variant = System.getProperty("bench.metrics-variant", "").strip();
        if (!variant.isEmpty()) {
            String name = variant.substring(0, variant.indexOf(':'));
            builds.put(name, builds.get("metrics-on"));
            options.put(
                    name,
                    List.of(variant.substring(variant.indexOf(':') + 1).strip().split("\\s+")));
        }
        builds.values().forEach(app -> assertThat(app.resolve("quarkus-run.jar"))
                .as("built by the bench profile")
                .exists());

        Files.createDirectories(WORK);
        Path bundle = WORK.resolve("bench-" + records + ".bundle");
        Path keys = WORK.resolve("keys-" + records);
        if (!Files.exists(bundle)) {
            HttpBenchSuite.generate(records, bundle, keys, 1, "files-only", WORK.resolve("generate.log"));
        }
        String trust = "-Doutpost.trust.public-keys=" + keys.resolve("bench.pub.pem");
        Path data = WORK.resolve("metrics-cost-data-" + records);
        HttpBenchSuite.deleteTree(data);
        HttpBenchSuite.java(
                List.of(
                        trust,
                        "-jar",
                        builds.get("metrics-on").resolve("quarkus-run.jar").toString(),
                        "import",
                        bundle.toString(),
                        "--data-dir",
                        data.toString()),
                WORK.resolve("metrics-cost-import.log"));
        Path scripts = HttpBenchSuite.copyScripts(WORK);
        Path keyFile = HttpBenchSuite.writeKeys(WORK.resolve("metrics-cost-keys.txt"), 100_000, records);

        // samples.get(build).get(connections) -> one {lookup req/s, baseline req/s, p99 µs} per round
        Map<String, Map<Integer, List<double[]>>> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(builds.keySet());
            java.util.Collections.rotate(order, round);
            for (String build : order) {
                int port = HttpBenchSuite.freePort();
                List<String> command = new ArrayList<>(List.of(HttpBenchSuite.javaBinary()));
                command.addAll(HttpBenchmark.serverJvmOptions());
                command.addAll(options.getOrDefault(build, List.of()));
                command.addAll(List.of(
                        trust,
                        "-Doutpost.bench.enabled=true",
                        "-Doutpost.inbox.enabled=false",
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.http.port=" + port,
                        "-Doutpost.data-dir=" + data,
                        "-Dquarkus.log.level=WARN",
                        "-jar",
                        builds.get(build).resolve("quarkus-run.jar").toString()));
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put("MALLOC_ARENA_MAX", "2");
                Process server = builder.redirectErrorStream(true)
                        .redirectOutput(
                                WORK.resolve("metrics-cost-" + build + ".log").toFile())
                        .start();
                try {
                    HttpBenchSuite.awaitReady(port, server);
                    String base = "http://127.0.0.1:" + port;
                    // Warm-up: let the JIT compile both paths before anything is measured.
                    run(scripts, base, "/api/v1/bench/constant/", keyFile, 8, seconds, "warmup");
                    run(scripts, base, "/api/v1/files/", keyFile, 8, seconds, "warmup");
                    for (int c : connections) {
                        HttpBenchSuite.Run baseline =
                                run(scripts, base, "/api/v1/bench/constant/", keyFile, c, seconds, build + "-baseline");
                        HttpBenchSuite.Run lookup =
                                run(scripts, base, "/api/v1/files/", keyFile, c, seconds, build + "-lookup");
                        samples.computeIfAbsent(build, b -> new LinkedHashMap<>())
                                .computeIfAbsent(c, k -> new ArrayList<>())
                                .add(new double[] {
                                    lookup.requestsPerSecond(), baseline.requestsPerSecond(), lookup.p99Micros()
                                });
                    }
                } finally {
                    server.destroy();
                    server.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
        Files.writeString(WORK.resolve("metrics-cost-report.md"), report(samples, records, rounds, seconds));
        System.out.println(Files.readString(WORK.resolve("metrics-cost-report.md")));
    }

    private static HttpBenchSuite.Run run(
            Path scripts, String base, String prefix, Path keys, int connections, int seconds, String scenario)
            throws Exception {
        HttpBenchSuite.Run run = HttpBenchSuite.wrk(
                scripts.resolve("lookup.lua"), base, prefix, keys, connections, seconds, scenario, 1);
        if (run.errors() > 0 || run.non2xx() > 0) {
            throw new IllegalStateException(scenario + ": " + run.errors() + " errors, " + run.non2xx() + " non-2xx");
        }
        return run;
    }

    private static String report(
            Map<String, Map<Integer, List<double[]>>> samples, int records, int rounds, int seconds) {
        StringBuilder md = new StringBuilder("# Metrics cost: single lookups, metrics on vs off\n\n");
        md.append(String.format(
                Locale.ROOT,
                "machine: %s%n%nrecords: %d, rounds: %d, seconds per run: %d%n%n",
                HttpBenchSuite.machine(),
                records,
                rounds,
                seconds));
        md.append(
                "| connections | build | lookups/s min / median / max | lookup/baseline min / median / max | p99 µs median |\n");
        md.append("|---|---|---|---|---|\n");
        Map<Integer, List<double[]>> on = samples.get("metrics-on");
        Map<Integer, List<double[]>> off = samples.get("metrics-off");
        for (int c : on.keySet()) {
            for (String build : samples.keySet()) {
                List<double[]> runs = samples.get(build).get(c);
                md.append(String.format(
                        Locale.ROOT,
                        "| %d | %s | %s | %s | %.0f |%n",
                        c,
                        build,
                        spread(runs.stream().mapToDouble(r -> r[0]).toArray(), "%.0f"),
                        spread(runs.stream().mapToDouble(r -> r[0] / r[1]).toArray(), "%.3f"),
                        median(runs.stream().mapToDouble(r -> r[2]).toArray())));
            }
            // Per round: each build over metrics-off, for lookups/s and for the lookup/baseline ratio.
            md.append('\n');
            for (String build : samples.keySet()) {
                if (build.equals("metrics-off")) {
                    continue;
                }
                List<double[]> with = samples.get(build).get(c);
                double[] rate = new double[with.size()];
                double[] ratio = new double[rate.length];
                for (int i = 0; i < rate.length; i++) {
                    double[] a = with.get(i);
                    double[] b = off.get(c).get(i);
                    rate[i] = a[0] / b[0];
                    ratio[i] = (a[0] / a[1]) / (b[0] / b[1]);
                }
                md.append(String.format(
                        Locale.ROOT,
                        "c=%d, %s / metrics-off: lookups/s %s; lookup/baseline %s%n",
                        c,
                        build,
                        spread(rate, "%.3f"),
                        spread(ratio, "%.3f")));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                format + " / " + format + " / " + format,
                sorted[0],
                median(sorted),
                sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
