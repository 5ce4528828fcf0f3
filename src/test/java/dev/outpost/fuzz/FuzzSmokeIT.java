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
 * costs more than the fuzzing itself, about 15 s a JVM here. Everything a run writes (the corpus it
 * grows, a crashing input) stays under {@code target/fuzz-smoke/}. A finding fails the test with
 * Jazzer's report.
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
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                // Jazzer looks for a source tree's inputs directory here to write findings into: not ours.
                "-Djazzer.internal.basedir=" + directory,
                "-cp",
                classPath(),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + method.getDeclaringClass().getName(),
                "--target_method=" + method.getName(),
                "--instrumentation_includes=dev.outpost.**",
                "-max_total_time=" + SECONDS,
                "-artifact_prefix=" + directory + File.separator,
                corpus.toString()));
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
        System.out.printf("%s: %s runs in %s s%n", target, done.group(1), done.group(2));
    }

    /** The test class path as Maven gave it, even where the JVM's own is a manifest-only jar. */
    private static String classPath() {
        String maven = System.getProperty("surefire.test.class.path");
        return maven != null && !maven.isBlank() ? maven : System.getProperty("java.class.path");
    }

    private static String tail(String output) {
        String[] lines = output.lines()
                .filter(line -> !line.startsWith("INFO: Instrumented"))
                .toArray(String[]::new);
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
