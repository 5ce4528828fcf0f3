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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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

        // The console comes with the jar (issue 15): its shells, scripts and styles, under its policy.
        HttpResponse<String> console = get(port, "/console/");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<script type=\"module\" src=\"/console/assets/pages/overview.js\">");
        assertThat(console.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'; script-src 'self'; style-src 'self';");
        for (String asset : List.of(
                "/console/assets/console.js",
                "/console/assets/console.css",
                "/console/assets/import-reasons.js",
                "/console/assets/pages/lookup.js",
                "/console/sign-in")) {
            assertThat(get(port, asset).statusCode()).as(asset).isEqualTo(200);
        }

        // While the server owns the data directory, an offline import is refused with a clear reason.
        Result clash =
                cli("import", REPO.resolve("offline-bundles/demo.bundle").toString(), "--data-dir", dir.toString());
        assertThat(clash.exitCode).isEqualTo(1);
        assertThat(clash.err).contains("in use by a running server");

        // The CLI reads beside the running server.
        Result lookup = cli("lookup", EICAR_MD5, "--data-dir", dir.toString());
        assertThat(lookup.exitCode).isZero();
        assertThat(lookup.out).contains("\"zone\":\"RED\"");
    }

    /**
     * No default credentials, end to end on the packaged jar (issue 14): the first start writes the
     * bootstrap admin token and logs where it is, never the token; the CLI makes an admin token with it
     * through the running server's API, which retires it; the CLI then works on the stopped server's
     * data directory.
     */
    @Test
    void theBootstrapTokenMakesTheFirstAdminAndThenStopsWorking() throws Exception {
        int port = freePort();
        server = startServer(port);
        awaitReady(port);
        Path bootstrap = dir.resolve("bootstrap-admin.token");
        String token = Files.readString(bootstrap).strip();
        assertThat(log()).contains(bootstrap.toString()).doesNotContain(token);
        assertThat(get(port, "/api/v1/admin/tokens").statusCode()).isEqualTo(401);

        Result created = cli(
                "token",
                "create",
                "--name",
                "first-admin",
                "--role",
                "admin",
                "--url",
                "http://127.0.0.1:" + port,
                "--admin-token-file",
                bootstrap.toString());
        assertThat(created.exitCode).as(created.err).isZero();
        assertThat(created.out).contains("\"name\":\"first-admin\"").contains("\"token\":\"opt_");
        assertThat(bootstrap).doesNotExist();
        assertThat(log()).doesNotContain(token);

        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
        Result listed = cli("token", "list", "--data-dir", dir.toString());
        assertThat(listed.exitCode).as(listed.err).isZero();
        assertThat(listed.out).contains("\"name\":\"first-admin\"").contains("\"state\":\"revoked\"");
        assertThat(listed.out).doesNotContain("opt_");
        Result refused = cli("token", "create", "--name", "x", "--role", "root", "--data-dir", dir.toString());
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).contains("role must be one of");
    }

    /**
     * {@code outpost local-verdicts import|export} beside a stopped server (issue 14): a bad file is
     * refused whole with each bad row named and nothing applied; a good one is imported, exported,
     * and served once the server starts.
     */
    @Test
    void localVerdictsImportAndExportBesideAStoppedServer() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(
                bad, "kind,value,verdict\ndomain,blocked.example,MALWARE\ndomain,second.example,NOT-A-VERDICT\n");
        Result refused = cli("local-verdicts", "import", bad.toString(), "--data-dir", dir.toString());
        assertThat(refused.exitCode).as(refused.err).isEqualTo(2);
        assertThat(refused.out + refused.err).contains("row 3");

        Path good = dir.resolve("good.csv");
        Files.writeString(
                good,
                "kind,value,verdict,comment\ndomain,blocked.example,MALWARE,ticket 1\nip,198.51.100.0/24,SUSPICIOUS,\n");
        Result imported = cli("local-verdicts", "import", good.toString(), "--data-dir", dir.toString());
        assertThat(imported.exitCode).as(imported.err).isZero();

        Path export = dir.resolve("export.jsonl");
        Result exported = cli("local-verdicts", "export", "--out", export.toString(), "--data-dir", dir.toString());
        assertThat(exported.exitCode).as(exported.err).isZero();
        List<String> lines = Files.readAllLines(export);
        assertThat(lines).hasSize(2);
        assertThat(String.join("\n", lines)).contains("blocked.example").contains("198.51.100.0/24");
        assertThat(String.join("\n", lines)).doesNotContain("second.example");

        int port = freePort();
        server = startServer(port);
        awaitReady(port);
        HttpResponse<String> domain = get(port, "/api/v1/domains/www.blocked.example");
        assertThat(domain.body()).contains("\"zone\":\"RED\"").contains("\"type\":\"local\"");
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
        assertThat(lookup.out).contains("\"threatName\":\"Trojan.Test\"");

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

    /**
     * Issue 11 item 19: with stdout and stderr merged, as a terminal or a log file shows them, the
     * first line is the command's result or its error: no library warning from the boot before it,
     * and no progress bar on its line.
     */
    @Test
    void theFirstLineOfOutputIsTheResultOrTheError() throws Exception {
        Path junk = Files.write(dir.resolve("junk.bundle"), new byte[4096]);
        Merged notABundle =
                merged("import", junk.toString(), "--data-dir", dir.resolve("a").toString());
        assertThat(notABundle.exitCode).as(notABundle.text).isEqualTo(2);
        assertThat(notABundle.firstLine()).startsWith("outpost: bundle rejected (not-a-bundle)");

        // Copied and verified first (the phases a progress bar shows), then refused: no key is trusted.
        String demo = REPO.resolve("offline-bundles/demo.bundle").toString();
        Merged untrusted = merged("import", demo, "--data-dir", dir.resolve("b").toString());
        assertThat(untrusted.exitCode).as(untrusted.text).isEqualTo(2);
        assertThat(untrusted.firstLine()).startsWith("outpost: bundle rejected (");

        Merged imported = merged(
                List.of("-Doutpost.trust.root-keys=" + REPO.resolve("offline-bundles/keys/demo-root.pub.pem")),
                Map.of(),
                "import",
                demo,
                "--data-dir",
                dir.resolve("c").toString());
        assertThat(imported.exitCode).as(imported.text).isZero();
        assertThat(imported.firstLine()).startsWith("Imported demo.bundle: dataset");

        // A boot that fails says why, in Outpost's words, though its logs are off.
        Merged noKey = merged(
                List.of("-Doutpost.trust.root-keys=" + dir.resolve("absent.pub.pem")),
                Map.of(),
                "import",
                demo,
                "--data-dir",
                dir.resolve("d").toString());
        assertThat(noKey.exitCode).as(noKey.text).isEqualTo(1);
        assertThat(noKey.firstLine()).startsWith("outpost: import failed: cannot read trusted key");
    }

    /** Issue 11 item 19: what is not a bundle file says what it is, on the first line, with exit 1. */
    @Test
    void aBundleThatIsNotARegularFileGetsItsOwnMessage() throws Exception {
        Path fifo = dir.resolve("pipe.bundle");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        Path folder = Files.createDirectories(dir.resolve("folder.bundle"));
        Map<Path, String> expected = Map.of(
                folder,
                " is a directory, not a bundle file",
                fifo,
                " is a named pipe (FIFO), not a bundle file",
                Path.of("/dev/zero"),
                " is a device, not a bundle file");
        for (Map.Entry<Path, String> bundle : expected.entrySet()) {
            Merged result = merged(
                    "import",
                    bundle.getKey().toString(),
                    "--data-dir",
                    dir.resolve("data").toString());
            assertThat(result.exitCode).as(result.text).isEqualTo(1);
            assertThat(result.text).isEqualTo("outpost: " + bundle.getKey() + bundle.getValue() + "\n");
        }
    }

    /**
     * Issue 11 item 19: a data directory that cannot be written or read is refused before anything
     * boots, in one line, with exit 1. Root may write anywhere, so as root the commands run as nobody.
     */
    @Test
    void unusableDataDirectoriesGetTheirOwnMessages() throws Exception {
        List<String> asUser = unprivileged();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path unreadable = Files.createDirectories(dir.resolve("unreadable"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        // The checkout may sit where the unprivileged user cannot read (a clone in a private
        // directory): the application and the bundle are copied where it can.
        Path app = copyTree(APP, dir.resolve("app"));
        String demo = Files.copy(REPO.resolve("offline-bundles/demo.bundle"), dir.resolve("demo.bundle"))
                .toString();
        try {
            Map<List<String>, String> expected = Map.of(
                    List.of("import", demo, "--data-dir", readOnly.toString()),
                    "outpost: the data directory " + readOnly + " is read-only for this user; run as the user"
                            + " that owns it",
                    List.of(
                            "import",
                            demo,
                            "--data-dir",
                            readOnly.resolve("new").toString()),
                    "outpost: the data directory " + readOnly.resolve("new") + " does not exist and cannot be"
                            + " created: " + readOnly + " is read-only for this user",
                    List.of("import", demo, "--data-dir", unreadable.toString()),
                    "outpost: the data directory " + unreadable + " cannot be read by this user (permission denied)",
                    List.of("lookup", EICAR_MD5, "--data-dir", unreadable.toString()),
                    "outpost: the data directory " + unreadable + " cannot be read by this user (permission denied)",
                    List.of("import", demo, "--data-dir", file.toString()),
                    "outpost: the data directory " + file + " is not a directory");
            for (Map.Entry<List<String>, String> command : expected.entrySet()) {
                List<String> jvm = new ArrayList<>(asUser);
                jvm.addAll(javaCommand());
                Merged result = run(app, jvm, Map.of(), command.getKey().toArray(String[]::new));
                assertThat(result.exitCode)
                        .as("%s: %s", command.getKey(), result.text)
                        .isEqualTo(1);
                assertThat(result.text).as("%s", command.getKey()).isEqualTo(command.getValue() + "\n");
            }
        } finally {
            Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Issue 11 item 19: {@code --help} exits 0 for every command of the packaged application. */
    @Test
    void helpExitsZeroForEveryCommand() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        commands(dev.outpost.cli.OutpostCommand.commandLine(), List.of(), commands);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Merged help = merged(args.toArray(String[]::new));
            assertThat(help.exitCode).as("%s: %s", args, help.text).isZero();
            assertThat(help.text).as("%s", args).contains("Usage: outpost");
        }
    }

    private static void commands(picocli.CommandLine commandLine, List<String> path, List<List<String>> into) {
        into.add(path);
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // each command once, not once per alias
                List<String> next = new ArrayList<>(path);
                next.add(name);
                commands(sub, next, into);
            }
        });
    }

    /**
     * Issue 11 item 20: the packaged application opens the store without running a program found
     * through PATH; the fake {@code sh} would leave a mark.
     */
    @Test
    void theStoreOpensWithoutRunningAShellFromPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path marker = dir.resolve("ran");
        for (String name : List.of("sh", "ldd", "grep")) {
            Path fake = bin.resolve(name);
            Files.writeString(fake, "#!/bin/sh\necho " + name + " >> '" + marker + "'\nexit 1\n");
            assertThat(fake.toFile().setExecutable(true)).isTrue();
        }
        Merged lookup = run(
                javaCommand(),
                Map.of("PATH", bin.toString()),
                "lookup",
                EICAR_MD5,
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(lookup.text).contains("no verified dataset is active yet");
        assertThat(marker).as("a program found through PATH ran").doesNotExist();
    }

    /** Runs the packaged CLI as the current user; stdout and stderr merged in the order written. */
    private Merged merged(String... args) throws Exception {
        return merged(List.of(), Map.of(), args);
    }

    private Merged merged(List<String> jvmOptions, Map<String, String> environment, String... args) throws Exception {
        List<String> jvm = new ArrayList<>(javaCommand());
        jvm.addAll(jvmOptions);
        return run(jvm, environment, args);
    }

    private Merged run(List<String> jvm, Map<String, String> environment, String... args) throws Exception {
        return run(APP, jvm, environment, args);
    }

    private Merged run(Path app, List<String> jvm, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(jvm);
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Merged(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Copies a directory tree, readable by every user (rwxr-xr-x directories, rw-r--r-- files). */
    private static Path copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(source, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        return to;
    }

    /** As root, the prefix that runs a command as nobody (root bypasses file permissions). */
    private List<String> unprivileged() throws IOException {
        Path probe = Files.createTempFile(dir, "uid", ".txt");
        int uid = (Integer) Files.getAttribute(probe, "unix:uid");
        if (uid != 0) {
            return List.of();
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is needed to drop root");
        return List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    }

    /** Output of a run with both streams merged. */
    private record Merged(int exitCode, String text) {
        /** Up to the first line break of any kind: a progress bar's carriage return ends a line too. */
        String firstLine() {
            return text.split("[\r\n]", 2)[0];
        }
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
