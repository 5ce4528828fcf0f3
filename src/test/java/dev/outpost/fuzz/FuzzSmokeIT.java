package dev.outpost.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A short real fuzzing run of every {@code @FuzzTest}, in {@code ./mvnw verify} (docs/fuzzing.md).
 * Jazzer fuzzes one test per JVM and ends that JVM when it is done, so each target runs in a JVM of
 * its own, started here through Jazzer's command-line driver on the test class path, for {@code
 * fuzz.smoke.seconds} (default 3; 0 skips), two at a time. Starting Jazzer (its agent and hooks)
 * costs more than the fuzzing itself: the JVMs below are set up to start cheaply (C1 only, serial GC,
 * hooks only in Outpost's classes, no regex guidance, a class path without other tests' jars), about
 * 5 CPU seconds each instead of 20 (docs/fuzzing.md). Everything a run writes (the corpus it grows, a
 * crashing input) stays under {@code target/fuzz-smoke/}. A finding fails the test with Jazzer's
 * report.
 */
class FuzzSmokeIT {
    private static final List<Class<?>> HARNESSES = List.of(
            BundleFuzzTest.class,
            PartsFuzzTest.class,
            ImportFuzzTest.class,
            RecordSourceFuzzTest.class,
            FeedsFuzzTest.class,
            WebFuzzTest.class);
    private static final int SECONDS = Integer.getInteger("fuzz.smoke.seconds", 3);
    private static final int AT_ONCE = 2;
    private static final long SEED = Long.getLong("fuzz.smoke.seed", 1);
    private static final Path OUTPUT = Path.of("target", "fuzz-smoke");
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");

    @TestFactory
    Stream<DynamicTest> everyFuzzTestSurvivesAShortCampaign() {
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        List<Method> targets = HARNESSES.stream()
                .flatMap(harness -> Arrays.stream(harness.getDeclaredMethods())
                        .filter(method -> method.isAnnotationPresent(FuzzTest.class))
                        .sorted(Comparator.comparing(Method::getName)))
                .filter(method -> SECONDS > 0)
                .toList();
        // All start now, two at a time; each dynamic test waits for its own run.
        List<Future<?>> runs = targets.stream()
                .<Future<?>>map(method -> pool.submit(() -> {
                    fuzz(method);
                    return null;
                }))
                .toList();
        pool.shutdown();
        return java.util.stream.IntStream.range(0, targets.size())
                .mapToObj(i -> DynamicTest.dynamicTest(
                        targets.get(i).getDeclaringClass().getSimpleName() + "#"
                                + targets.get(i).getName(),
                        () -> awaitRun(runs.get(i))));
    }

    private static void awaitRun(Future<?> run) throws Throwable {
        try {
            run.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void fuzz(Method method) throws IOException, InterruptedException {
        String target = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        Path directory = OUTPUT.resolve(target).toAbsolutePath();
        Path corpus = Files.createDirectories(directory.resolve("corpus"));
        Path log = directory.resolve("jazzer.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                // A JVM that lives for seconds: C2 and G1's background threads cost more CPU than they
                // save (measured: 14 CPU seconds to start a target with them, 7.4 without).
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                // Jazzer looks for a source tree's inputs directory here to write findings into: not ours.
                "-Djazzer.internal.basedir=" + directory,
                "-cp",
                classPath(),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + method.getDeclaringClass().getName(),
                "--target_method=" + method.getName(),
                // Coverage and hooks in Outpost's classes only, said outright: Jazzer's default in JUnit
                // mode is guessed from the class path's directories.
                "--instrumentation_includes=dev.outpost.**",
                "--custom_hook_includes=dev.outpost.**",
                // RegexRoadblocks (guidance past regular expressions, not a bug detector) hooks some 40
                // java.util.regex classes that are loaded before the agent: Jazzer reloads each one's
                // bytecode with a scan of the JDK's modules, about 7 CPU seconds a JVM.
                "--disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexRoadblocks",
                "-max_total_time=" + SECONDS,
                // A fixed seed, so that a build repeats the same mutations (within its time budget)
                // rather than failing at random on a finding it happened upon; campaigns use random
                // seeds (docs/fuzzing.md). -Dfuzz.smoke.seed=N tries another.
                "-seed=" + SEED,
                "-artifact_prefix=" + directory + File.separator,
                corpus.toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(SECONDS + 120L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        Matcher done = DONE.matcher(output);
        assertThat(process.exitValue())
                .as("%s found something or did not finish; its log (%s) ends:%n%s", target, log, tail(output))
                .isZero();
        assertThat(done.find())
                .as("%s reports its runs: %s", target, tail(output))
                .isTrue();
        System.out.printf(
                "%s: %s runs in %s s of fuzzing, %.1f s in all%n",
                target, done.group(1), done.group(2), (System.nanoTime() - started) / 1e9);
    }

    /**
     * The test class path as Maven gave it (even where the JVM's own is a manifest-only jar), less the
     * jars that only other tests use. Jazzer scans every class of every jar on it for its hooks' targets
     * and reads every manifest for its settings, at each start: these jars cost about 1.3 CPU seconds
     * a JVM. A harness that needed one would fail here with a {@code NoClassDefFoundError}.
     */
    private static String classPath() {
        String maven = System.getProperty("surefire.test.class.path");
        String full = maven != null && !maven.isBlank() ? maven : System.getProperty("java.class.path");
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(entry ->
                        !OTHER_TESTS_ONLY.matcher(entry.replace('\\', '/')).find())
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    /**
     * Test-scope jars no harness loads: Quarkus's test framework and build-time classes with the
     * Maven resolver they bring, Playwright, Helm, ArchUnit, REST Assured (and its Groovy), JMH and
     * the JSON Schema validator.
     */
    private static final Pattern OTHER_TESTS_ONLY = Pattern.compile("/(com/microsoft/playwright|com/marcnuri/helm-java"
            + "|com/tngtech/archunit|io/rest-assured|org/apache/groovy|org/openjdk/jmh|org/apache/maven"
            + "|io/quarkus/quarkus-(bootstrap|core-deployment|junit|test-common|builder|class-change-agent"
            + "|ide-launcher)|com/networknt|org/eclipse/sisu|org/codehaus/plexus|io/smallrye/beanbag|org/aesh"
            + "|com/google/inject|org/graalvm|io/quarkus/gizmo)");

    private static String tail(String output) {
        String[] lines = output.lines()
                .filter(line -> !line.startsWith("INFO: Instrumented"))
                .toArray(String[]::new);
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
