package dev.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.outpost.deploy.kit.Kit;

/**
 * Start to ready of the install kit against the plain jar (issue 13): the demo profile over a data
 * directory whose demo dataset is already active, process start to {@code /q/health/ready} answering
 * 200, in alternating rounds. Three ways to start:
 *
 * <ul>
 *   <li>{@code jar}: {@code java} with the production options ({@link HttpBenchSuite.Settings#PRODUCTION_JVM_OPTIONS}) {@code -jar target/quarkus-app/quarkus-run.jar}, as the README
 *       runs it, with {@code bench.jar-java} (default: the JVM running the benchmark);
 *   <li>{@code kit, no AOT}: {@code bin/outpost serve} with {@code OUTPOST_AOT=off} (the kit's jlink'd
 *       runtime alone);
 *   <li>{@code kit}: {@code bin/outpost serve} as installed, with its AOT cache when the kit has one
 *       (built on JDK 25+; then {@code OUTPOST_AOT=require}, so a cache that does not map fails).
 * </ul>
 *
 * <p>{@code ./mvnw -B verify -Pbench -Dit.test=KitStartupBenchmark -Dbench.rounds=7
 * [-Dbench.jar-java=/usr/lib/jvm/java-17-openjdk-amd64/bin/java]}; the report goes to {@code
 * target/bench/kit-startup-report.md}.
 */
class KitStartupBenchmark {
    private static final Path WORK = Path.of("target", "bench", "kit-startup");

    @Test
    void startToReadyOfTheKitAgainstThePlainJar() throws Exception {
        int rounds = Math.max(1, Integer.getInteger("bench.rounds", 3));
        String jarJava = System.getProperty("bench.jar-java", "").strip();
        if (jarJava.isEmpty()) {
            jarJava = HttpBenchSuite.javaBinary();
        }
        Path app = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));
        HttpBenchSuite.deleteTree(WORK);
        Files.createDirectories(WORK);
        Kit kit = Kit.unpack(Kit.archive(app), WORK.resolve("kit").toAbsolutePath());

        Map<String, Starter> starters = new LinkedHashMap<>();
        starters.put("jar (" + javaVersion(jarJava) + ")", jarStarter(jarJava, app));
        starters.put("kit, no AOT (" + kit.runtimeFeature() + ")", kitStarter(kit, "off"));
        starters.put(
                "kit" + (kit.hasAotCache() ? " + AOT cache" : "") + " (" + kit.runtimeFeature() + ")",
                kitStarter(kit, kit.hasAotCache() ? "require" : "auto"));

        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, Starter> starter : starters.entrySet()) {
            Path data = WORK.resolve("data-" + index++).toAbsolutePath();
            starter.getValue().data = data;
            // Warm-up, not counted: imports the demo bundle, fills the page cache.
            measure(starter.getValue());
            samples.put(starter.getKey(), new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Starter> starter : starters.entrySet()) {
                double[] sample = measure(starter.getValue());
                samples.get(starter.getKey()).add(sample);
                System.out.printf(
                        Locale.ROOT,
                        "RESULT kit-startup %s round=%d seconds=%.2f rssMiB=%.1f%n",
                        starter.getKey(),
                        round,
                        sample[0],
                        sample[1]);
            }
        }

        StringBuilder report = new StringBuilder("# Start-up: install kit against the plain jar\n\nmachine: ")
                .append(HttpBenchSuite.machine())
                .append("\n\nkit: ")
                .append(kit.home().getFileName())
                .append(", runtime ")
                .append(kit.runtimeFeature())
                .append(kit.hasAotCache() ? ", AOT cache app/h2/outpost.aot" : ", no AOT cache")
                .append("; jar: ")
                .append(jarJava)
                .append("\nrounds: ")
                .append(rounds)
                .append(" (alternating, after one warm-up start each); demo profile, demo dataset active;")
                .append(" ")
                .append(String.join(" ", HttpBenchSuite.Settings.PRODUCTION_JVM_OPTIONS))
                .append(", MALLOC_ARENA_MAX=2\n\n")
                .append("| start | ready min / median / max, s | RSS when ready, median MiB | median vs jar |\n")
                .append("|---|---|---|---|\n");
        double jarMedian = Double.NaN;
        for (Map.Entry<String, List<double[]>> entry : samples.entrySet()) {
            List<Double> seconds =
                    entry.getValue().stream().map(s -> s[0]).sorted().toList();
            List<Double> rss = entry.getValue().stream().map(s -> s[1]).sorted().toList();
            double median = median(seconds);
            if (Double.isNaN(jarMedian)) {
                jarMedian = median;
            }
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f / %.2f / %.2f | %.0f | %.2f× |%n",
                    entry.getKey(),
                    seconds.get(0),
                    median,
                    seconds.get(seconds.size() - 1),
                    median(rss),
                    median / jarMedian));
        }
        Files.writeString(WORK.getParent().resolve("kit-startup-report.md"), report);
        System.out.println(report);
    }

    private static double[] measure(Starter starter) throws Exception {
        int port = HttpBenchSuite.freePort();
        ProcessBuilder builder = starter.builder(port)
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("server.log").toFile());
        long start = System.nanoTime();
        Process server = builder.start();
        try {
            HttpBenchSuite.awaitReady(port, server);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new double[] {seconds, HttpBenchSuite.rssMiB(server.pid())};
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + Files.readString(WORK.resolve("server.log")), e);
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The plain jar as the README runs it, with the production options. */
    private static Starter jarStarter(String java, Path app) {
        return new Starter() {
            @Override
            ProcessBuilder builder(int port) throws Exception {
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(HttpBenchSuite.Settings.PRODUCTION_JVM_OPTIONS);
                if (feature(java) >= 22) {
                    command.add("--enable-native-access=ALL-UNNAMED");
                }
                command.addAll(List.of(
                        "-Dquarkus.profile=demo",
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.http.port=" + port,
                        "-Doutpost.data-dir=" + data,
                        "-Dquarkus.log.level=WARN",
                        "-jar",
                        app.resolve("quarkus-run.jar").toAbsolutePath().toString()));
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put("MALLOC_ARENA_MAX", "2");
                return builder;
            }
        };
    }

    /** {@code bin/outpost serve} with a clean environment and no java on PATH. */
    private static Starter kitStarter(Kit kit, String aot) {
        return new Starter() {
            @Override
            ProcessBuilder builder(int port) {
                return kit.launcher(
                        Map.of(
                                "OUTPOST_AOT",
                                aot,
                                "QUARKUS_PROFILE",
                                "demo",
                                "QUARKUS_HTTP_HOST",
                                "127.0.0.1",
                                "QUARKUS_HTTP_PORT",
                                Integer.toString(port),
                                "OUTPOST_DATA_DIR",
                                data.toString(),
                                "QUARKUS_LOG_LEVEL",
                                "WARN"),
                        WORK,
                        List.of("serve"));
            }
        };
    }

    private abstract static class Starter {
        Path data;

        abstract ProcessBuilder builder(int port) throws Exception;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The feature version of a java binary, from the release file of its home. */
    private static int feature(String java) throws Exception {
        String release = Files.readString(
                Path.of(java).toRealPath().getParent().getParent().resolve("release"));
        return Integer.parseInt(release.replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1"));
    }

    private static String javaVersion(String java) throws Exception {
        return "JDK " + feature(java);
    }
}
