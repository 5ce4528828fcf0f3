package dev.outpost.deploy.kit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/outpost serve} from a kit, on a free loopback port, with its output in a log file. The
 * test talks to it over loopback only.
 */
public final class KitServer implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private KitServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server; {@code settings} are environment variables on top of the kit's clean ones. */
    public static KitServer start(Kit kit, Map<String, String> settings, Path workingDirectory, Path log)
            throws IOException {
        int port = freePort();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return start(kit.launcher(environment, workingDirectory, List.of("serve")), port, log);
    }

    /** Starts a command that runs the server on {@code port} (e.g. the launcher inside a sandbox). */
    public static KitServer start(ProcessBuilder command, int port, Path log) throws IOException {
        Process process =
                command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KitServer(process, port, log);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** Waits until {@code /q/health/ready} answers 200 and returns its body. */
    public String awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<String> ready = get("/q/health/ready");
                if (ready.statusCode() == 200) {
                    return ready.body();
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + timeout + ": " + log());
    }

    /** GET over loopback; {@code headers} are name, value pairs. */
    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /**
     * SIGTERM, then the exit code (143 after an orderly shutdown). A wrapper's descendants (a
     * sandbox's JVM) are signalled first: they may have dropped the signal that ties them to it.
     */
    public int stop() throws InterruptedException {
        for (ProcessHandle descendant : process.descendants().toList()) {
            descendant.destroy();
            descendant
                    .onExit()
                    .completeOnTimeout(descendant, 60, TimeUnit.SECONDS)
                    .join();
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
