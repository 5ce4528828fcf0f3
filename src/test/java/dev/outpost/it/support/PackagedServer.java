package dev.outpost.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A packaged Outpost server ({@code quarkus-run.jar serve}) in a process of its own, started as
 * {@code deploy/systemd/outpost.service} starts it: a clean environment holding only what is
 * given (so that no {@code OUTPOST_*} or {@code HOSTNAME} of the developer's shell leaks in),
 * {@code PATH=/usr/bin:/bin}, {@code MALLOC_ARENA_MAX=2}, the launcher's JVM options ({@link
 * HttpBenchSuite.Settings#PRODUCTION_JVM_OPTIONS}). Configuration goes in
 * as environment variables, the form operators use ({@code OUTPOST_DATA_DIR}). Optionally under a
 * wrapper such as strace, whose child is then the JVM.
 */
public final class PackagedServer implements AutoCloseable {
    /** The H2 build; the PostgreSQL build sits beside it. */
    public static final Path H2_APP = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));

    public static final Path POSTGRESQL_APP = H2_APP.resolveSibling("quarkus-app-postgresql");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final boolean wrapped;
    private final Path log;
    private final int port;
    private final LoopbackHttp http;

    private PackagedServer(Process process, boolean wrapped, Path log, int port) {
        this.process = process;
        this.wrapped = wrapped;
        this.log = log;
        this.port = port;
        this.http = new LoopbackHttp(port);
    }

    /** What to start: the application directory, environment, log file and an optional wrapper. */
    public static final class Launch {
        private final Path app;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> wrapper = new ArrayList<>();
        private final int port;
        private Path log;
        private Path launcher;

        public Launch(Path app, int port) {
            this.app = app;
            this.port = port;
            environment.put("PATH", "/usr/bin:/bin");
            environment.put("MALLOC_ARENA_MAX", "2");
            environment.put("LANG", "C.UTF-8");
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        }

        public Launch env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** A command the JVM runs under, e.g. {@code strace -f … -o FILE}; the JVM is its child. */
        public Launch under(List<String> command) {
            wrapper.clear();
            wrapper.addAll(command);
            return this;
        }

        /**
         * Starts the server with the install kit's launcher ({@code bin/outpost serve}, its own
         * runtime and JVM options, as systemd and the container image start it) instead of {@code
         * java -jar}; the kit's build is chosen by {@code OUTPOST_DATABASE_KIND}.
         */
        public Launch launcher(Path kitLauncher) {
            launcher = kitLauncher;
            environment.put("OUTPOST_CONFIG", "none");
            environment.put("OUTPOST_DATABASE_KIND", app.equals(POSTGRESQL_APP) ? "postgresql" : "h2");
            return this;
        }

        public Launch log(Path file) {
            log = file;
            return this;
        }

        /** The command line, wrapper first: what a reader can run by hand. */
        public List<String> command() {
            List<String> command = new ArrayList<>(wrapper);
            if (launcher != null) {
                command.add(launcher.toAbsolutePath().toString());
                command.add("serve");
                return command;
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(dev.outpost.bench.HttpBenchSuite.Settings.PRODUCTION_JVM_OPTIONS);
            command.add("-jar");
            command.add(app.resolve("quarkus-run.jar").toAbsolutePath().toString());
            command.add("serve");
            return command;
        }

        public PackagedServer start() throws IOException {
            if (log == null) {
                throw new IllegalStateException("no log file");
            }
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(environment);
            return new PackagedServer(builder.start(), !wrapper.isEmpty(), log, port);
        }
    }

    public int port() {
        return port;
    }

    public LoopbackHttp http() {
        return http;
    }

    /** The server's JVM: the started process, or the wrapper's child (waited for, briefly). */
    public ProcessHandle jvm() {
        if (!wrapped) {
            return process.toHandle();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = process.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new AssertionError("the wrapper started no JVM: " + log());
    }

    /** Waits until readiness answers 200 and its body satisfies the condition; returns the body. */
    public String awaitReady(Predicate<String> condition) {
        return await("/q/health/ready", ready -> ready.status() == 200 && condition.test(ready.body()))
                .body();
    }

    /** Polls a path until its answer satisfies the condition, while the server runs. */
    public LoopbackHttp.Response await(String path, Predicate<LoopbackHttp.Response> condition) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ": " + log());
            }
            try {
                LoopbackHttp.Response answer = http.get(path);
                last = answer.status() + " " + answer.body();
                if (condition.test(answer)) {
                    return answer;
                }
            } catch (IOException notListening) {
                // Not listening yet.
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError(
                "no awaited answer at " + path + " within " + START_TIMEOUT + ": " + last + "\n" + log());
    }

    /**
     * Stops the server as systemd does, SIGTERM to the JVM (not to a wrapper: strace passes no
     * signal on), and waits for the JVM and then the wrapper to end. Returns the exit status of the
     * started process (a wrapper such as strace exits with its child's status).
     */
    public int stop() throws InterruptedException {
        ProcessHandle jvm = jvm();
        jvm.destroy();
        try {
            jvm.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the JVM did not stop within 60 s of SIGTERM: " + log(), e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the wrapper did not end after its JVM did");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server wrote so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills what is left after a failed test: the JVM first, then its wrapper. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().children().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
