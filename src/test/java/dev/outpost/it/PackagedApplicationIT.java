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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main path on the packaged application: start the jar in the demo profile, watch it
 * import the demo bundle and answer for EICAR; then the CLI from the same jar.
 */
class PackagedApplicationIT {
    private static final Path APP = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));
    private static final Path REPO = Path.of(System.getProperty("outpost.repo.dir", "."));
    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void demoProfileServesEicarAsRedOnFirstStart() throws Exception {
        int port = freePort();
        server = startServer(port);
        String ready = awaitReady(port);
        assertThat(ready).contains("\"sequence\": 1");

        HttpResponse<String> eicar = get(port, "/api/v1/files/" + EICAR_MD5);
        assertThat(eicar.statusCode()).isEqualTo(200);
        assertThat(eicar.body()).contains("\"zone\":\"RED\"").contains("EICAR-Test-File");

        // While the server owns the data directory, an offline import is refused with a clear reason.
        Result clash =
                cli("import", REPO.resolve("offline-bundles/demo.bundle").toString(), "--data-dir", dir.toString());
        assertThat(clash.exitCode).isEqualTo(1);
        assertThat(clash.err).contains("in use by a running server");

        // The CLI reads beside the running server.
        Result lookup = cli("lookup", EICAR_MD5, "--data-dir", dir.toString());
        assertThat(lookup.exitCode).isZero();
        assertThat(lookup.out).contains("\"zone\" : \"RED\"");
    }

    @Test
    void cliBuildsVerifiesAndImportsABundleOffline() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        assertThat(cli("keygen", "--name", "release", "--out-dir", keys.toString()).exitCode)
                .isZero();
        Path records = Files.writeString(
                dir.resolve("records.csv"),
                "kind,sha256,verdict,threat_name\nfile," + "a".repeat(64) + ",MALWARE,Trojan.Test\ncertificate,"
                        + "b".repeat(64) + ",TRUSTED,\n");
        Path bundle = dir.resolve("seq1.bundle");
        Result build = cli(
                "bundle",
                "build",
                "--records",
                records.toString(),
                "--dataset",
                "acme",
                "--sequence",
                "1",
                "--key",
                keys.resolve("release.key.pem").toString(),
                "--out",
                bundle.toString());
        assertThat(build.exitCode).as(build.err).isZero();
        assertThat(build.out).contains("1 files, 1 certificates");

        Result verify = cli(
                "bundle",
                "verify",
                bundle.toString(),
                "--trust",
                keys.resolve("release.pub.pem").toString());
        assertThat(verify.exitCode).as(verify.err).isZero();
        assertThat(verify.out).startsWith("OK: dataset acme sequence 1");

        Result wrongKey = cli(
                "bundle",
                "verify",
                bundle.toString(),
                "--trust",
                REPO.resolve("offline-bundles/keys/demo-release.pub.pem").toString());
        assertThat(wrongKey.exitCode).isEqualTo(2);
        assertThat(wrongKey.err).contains("unknown-key");

        Path data = dir.resolve("data");
        Result imported = cli(
                List.of("-Doutpost.trust.public-keys=" + keys.resolve("release.pub.pem")),
                "import",
                bundle.toString(),
                "--data-dir",
                data.toString());
        assertThat(imported.exitCode).as(imported.err).isZero();
        assertThat(imported.out).contains("dataset acme sequence 1 is active");

        Result lookup = cli("lookup", "a".repeat(64), "--data-dir", data.toString());
        assertThat(lookup.out).contains("\"threatName\" : \"Trojan.Test\"");

        Result again = cli(
                List.of("-Doutpost.trust.public-keys=" + keys.resolve("release.pub.pem")),
                "import",
                bundle.toString(),
                "--data-dir",
                data.toString());
        assertThat(again.out).contains("already active");

        Path expired = dir.resolve("seq2-expired.bundle");
        Result buildExpired = cli(
                "bundle",
                "build",
                "--records",
                records.toString(),
                "--dataset",
                "acme",
                "--sequence",
                "2",
                "--created",
                "2020-01-01T00:00:00Z",
                "--valid-for",
                "P1D",
                "--key",
                keys.resolve("release.key.pem").toString(),
                "--out",
                expired.toString());
        assertThat(buildExpired.exitCode).as(buildExpired.err).isZero();
        List<String> trust = List.of("-Doutpost.trust.public-keys=" + keys.resolve("release.pub.pem"));
        Result refused = cli(trust, "import", expired.toString(), "--data-dir", data.toString());
        assertThat(refused.exitCode).isEqualTo(2);
        assertThat(refused.err).contains("rejected (expired)");
        Result noReason =
                cli(trust, "import", expired.toString(), "--allow-expired", " ", "--data-dir", data.toString());
        assertThat(noReason.exitCode).isEqualTo(1);
        assertThat(noReason.err).contains("needs a reason");
        // The refused copy went to quarantine; the operator imports the original again, on purpose.
        Result overridden = cli(
                trust,
                "import",
                expired.toString(),
                "--allow-expired",
                "no newer bundle reached the site",
                "--data-dir",
                data.toString());
        assertThat(overridden.exitCode).as(overridden.err).isZero();
        assertThat(overridden.out).contains("dataset acme sequence 2 is active").contains("imported by your override");
    }

    @Test
    void cliFailsWithOneLineReasons() throws Exception {
        Result help = cli("--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("serve", "import", "lookup", "keygen", "bundle");

        Result badHash = cli("lookup", "xyz", "--data-dir", dir.toString());
        assertThat(badHash.exitCode).isNotZero();

        Result missing = cli("import", dir.resolve("nope.bundle").toString(), "--data-dir", dir.toString());
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err.strip())
                .startsWith("outpost: no such bundle file")
                .doesNotContain("\n")
                .doesNotContain("Exception");

        Result unknownOption = cli("keygen", "--name", "x", "--out-dir", dir.toString(), "--bogus");
        assertThat(unknownOption.exitCode).isEqualTo(2);
        assertThat(unknownOption.err).contains("Unknown option");
    }

    private Process startServer(int port) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(
                "-Dquarkus.profile=demo",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Doutpost.data-dir=" + dir,
                "-jar",
                APP.resolve("quarkus-run.jar").toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
    }

    private String awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server exited: %s", log()).isTrue();
            try {
                HttpResponse<String> ready = get(port, "/q/health/ready");
                if (ready.statusCode() == 200) {
                    return ready.body();
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within 60 s: " + log());
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("server.log"));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        // Loopback only: the test talks to the server it started.
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Result cli(String... args) throws Exception {
        return cli(List.of(), args);
    }

    private Result cli(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(APP.resolve("quarkus-run.jar").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exitCode, String out, String err) {}
}
