package dev.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server with settings an operator may get wrong or choose (issue 11 items 16 and 17):
 * bad security settings stop the start with a reason instead of starting "ready" and failing every
 * call; Swagger UI and the OpenAPI document can be turned off.
 */
class BadConfigurationIT {
    private static final Path APP = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));

    @TempDir
    Path dir;

    @Test
    void malformedOperatorTokensStopTheStart() throws Exception {
        Started started = start(List.of("-Doutpost.operator.tokens=alice:not-a-digest"));
        assertThat(started.process.waitFor(90, TimeUnit.SECONDS))
                .as("still running: %s", started.log())
                .isTrue();
        assertThat(started.process.exitValue()).isNotZero();
        assertThat(started.log()).contains("outpost.operator.tokens entries are NAME:SHA256HEX");
    }

    @Test
    void aZeroConnectionLimitStopsTheStart() throws Exception {
        Started started = start(List.of("-Doutpost.http.max-connections-per-client=0"));
        assertThat(started.process.waitFor(90, TimeUnit.SECONDS))
                .as("still running: %s", started.log())
                .isTrue();
        assertThat(started.process.exitValue()).isNotZero();
        assertThat(started.log()).contains("outpost.http.max-connections-per-client must be at least 1");
    }

    @Test
    void aRoleThatIsNeitherServeNorCliStopsTheStart() throws Exception {
        Started started = start(List.of("-Doutpost.role=server"));
        assertThat(started.process.waitFor(90, TimeUnit.SECONDS))
                .as("still running: %s", started.log())
                .isTrue();
        assertThat(started.process.exitValue()).isNotZero();
        assertThat(started.log())
                .contains("outpost.role")
                .contains("\"server\"")
                .contains("cli,serve");
    }

    @Test
    void outOfRangeValuesStopTheStartAndAreAllNamed() throws Exception {
        Started started = start(List.of(
                "-Doutpost.inbox.scan-interval=0s",
                "-Doutpost.trust.threshold=0",
                "-Doutpost.inbox.pattern=*.{bundle"));
        assertThat(started.process.waitFor(90, TimeUnit.SECONDS))
                .as("still running: %s", started.log())
                .isTrue();
        assertThat(started.process.exitValue()).isNotZero();
        assertThat(started.log())
                .contains("outpost.inbox.scan-interval must be positive")
                .contains("outpost.trust.threshold must be at least 1")
                .contains("outpost.inbox.pattern must be a valid file-name glob");
    }

    @Test
    void swaggerUiAndTheOpenApiDocumentCanBeTurnedOff() throws Exception {
        Started started =
                start(List.of("-Dquarkus.swagger-ui.enabled=false", "-Dquarkus.smallrye-openapi.enabled=false"));
        try {
            HttpResponse<String> live = awaitLive(started);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(get(started.port, "/q/swagger-ui/").statusCode()).isEqualTo(404);
            assertThat(get(started.port, "/q/openapi").statusCode()).isEqualTo(404);
            assertThat(get(started.port, "/api/v1/files/44d88612fea8a8f36de82e1278abb02f")
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            started.process.destroy();
            started.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Started start(List<String> options) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.profile=demo");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Doutpost.data-dir=" + dir);
        command.addAll(options);
        command.add("-jar");
        command.add(APP.resolve("quarkus-run.jar").toString());
        Path log = dir.resolve("server.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Started(process, port, log);
    }

    private static HttpResponse<String> awaitLive(Started started) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(started.process.isAlive())
                    .as("server exited: %s", started.log())
                    .isTrue();
            try {
                HttpResponse<String> ready = get(started.port, "/q/health/ready");
                if (ready.statusCode() == 200) {
                    return ready;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within 60 s: " + started.log());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Started(Process process, int port, Path logFile) {
        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }
    }
}
