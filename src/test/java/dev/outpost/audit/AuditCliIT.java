package dev.outpost.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outpost.it.support.LoopbackHttp;
import dev.outpost.it.support.PackagedServer;
import dev.outpost.it.support.ScratchDatabase;

/**
 * The audit log end to end, with the packaged application: a server's start writes entries and
 * logs the chain's head; beside the stopped server {@code outpost audit verify} passes and
 * {@code outpost audit export} writes what the auditor's script accepts, ending at the logged
 * head; a row altered in the database makes verify exit 1 naming it. And two PostgreSQL replicas
 * writing at once build one valid chain. Alone: {@code ./mvnw -B package -DskipTests && ./mvnw -B
 * verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AuditCliIT}.
 */
class AuditCliIT {
    private static final String ADMIN = "audit-it-admin-token-not-secret";
    private static final Pattern ANCHOR = Pattern.compile("Audit chain head: seq (\\d+) hash ([0-9a-f]{64})");

    @TempDir
    Path dir;

    @Test
    void verifyAndExportBesideAStoppedServerAndATamperedRowIsNamed() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String anchor;
        try (PackagedServer server = server(PackagedServer.H2_APP, data, null, "h2.log")) {
            awaitEntries(server, 1);
            // A CLI command beside the running server refuses: the server holds the data directory.
            Result clash = cli(PackagedServer.H2_APP, "audit", "verify", "--data-dir", data.toString());
            assertThat(clash.exit).isEqualTo(1);
            assertThat(clash.err).contains("in use by a running server");
            server.stop();
            anchor = lastAnchor(server.log());
        }

        Result verify = cli(PackagedServer.H2_APP, "audit", "verify", "--data-dir", data.toString());
        assertThat(verify.exit).as(verify.err).isZero();
        assertThat(verify.out).startsWith("Audit log valid: ");

        Path export = dir.resolve("audit.jsonl");
        Result exported = cli(
                PackagedServer.H2_APP, "audit", "export", "--out", export.toString(), "--data-dir", data.toString());
        assertThat(exported.exit).as(exported.err).isZero();
        assertThat(Files.readAllLines(export, StandardCharsets.UTF_8).get(0))
                .contains("\"action\":\"configuration.changed\"", "\"actor\":\"system\"");
        // The auditor's script accepts it, and it ends at the head the server logged.
        AuditExportTest.Result python = AuditExportTest.python(export, anchor);
        assertThat(python.exit()).as(python.output()).isZero();

        Result again = cli(
                PackagedServer.H2_APP, "audit", "export", "--out", export.toString(), "--data-dir", data.toString());
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.err).contains("exists; give --force");
        Result forced = cli(
                PackagedServer.H2_APP,
                "audit",
                "export",
                "--out",
                export.toString(),
                "--force",
                "--data-dir",
                data.toString());
        assertThat(forced.exit).as(forced.err).isZero();

        try (Connection connection = DriverManager.getConnection(
                        "jdbc:h2:file:" + data.resolve("db/outpost").toAbsolutePath(), "outpost", "");
                Statement statement = connection.createStatement()) {
            statement.execute("update audit_entry set actor = 'mallory' where seq = 1");
        }
        Result broken = cli(PackagedServer.H2_APP, "audit", "verify", "--data-dir", data.toString());
        assertThat(broken.exit).isEqualTo(1);
        assertThat(broken.out).contains("BROKEN at entry 1 (content-altered)");
    }

    /** Issue 14: two instances sharing PostgreSQL, both writing, keep one valid chain. */
    @Test
    void twoReplicasOnPostgresqlWritingAtOnceBuildOneChain() throws Exception {
        if (!ScratchDatabase.reachable()) {
            Assumptions.assumeTrue(ScratchDatabase.required(), "no PostgreSQL on 127.0.0.1:5432");
            throw new AssertionError("OUTPOST_REQUIRE_POSTGRES=1 but no PostgreSQL answers on 127.0.0.1:5432");
        }
        int each = 15;
        try (ScratchDatabase database = ScratchDatabase.create("outpost_audit_it")) {
            List<PackagedServer> servers = new ArrayList<>();
            try {
                for (String name : List.of("a", "b")) {
                    Path data = Files.createDirectories(dir.resolve("replica-" + name));
                    servers.add(server(PackagedServer.POSTGRESQL_APP, data, database, "replica-" + name + ".log"));
                }
                for (PackagedServer server : servers) {
                    awaitEntries(server, 1);
                }
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Future<?>> writers = new ArrayList<>();
                    for (PackagedServer server : servers) {
                        writers.add(pool.submit(() -> {
                            for (int i = 0; i < each; i++) {
                                LoopbackHttp.Response created = server.http()
                                        .post(
                                                "/api/v1/admin/tokens",
                                                "{\"name\":\"t" + server.port() + "-" + i + "\",\"role\":\"lookup\"}",
                                                ADMIN);
                                assertThat(created.status()).as(created.body()).isEqualTo(201);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> writer : writers) {
                        writer.get(180, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                for (PackagedServer server : servers) {
                    JsonNode verdict = server.http()
                            .get("/api/v1/admin/audit/verify", ADMIN)
                            .json();
                    assertThat(verdict.get("valid").booleanValue())
                            .as(verdict.toString())
                            .isTrue();
                    assertThat(verdict.get("entries").longValue()).isGreaterThanOrEqualTo(2L * each + 2);
                }
                JsonNode created = servers.get(0)
                        .http()
                        .get("/api/v1/admin/audit?action=token.created&size=1000", ADMIN)
                        .json();
                assertThat(created.size()).isEqualTo(2 * each);

                // Issue 14: a token made on one replica works on the other; revoked on one, it stops
                // working on the other within the verifier's cache time (5 s).
                JsonNode made = servers.get(0)
                        .http()
                        .post("/api/v1/admin/tokens", "{\"name\":\"shared-operator\",\"role\":\"operator\"}", ADMIN)
                        .json();
                String shared = made.get("token").asText();
                assertThat(servers.get(1)
                                .http()
                                .get("/api/v1/local-verdicts", shared)
                                .status())
                        .isEqualTo(200);
                assertThat(servers.get(0)
                                .http()
                                .delete("/api/v1/admin/tokens/" + made.get("id").longValue(), ADMIN)
                                .status())
                        .isEqualTo(204);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                int status;
                do {
                    Thread.sleep(500);
                    status = servers.get(1)
                            .http()
                            .get("/api/v1/local-verdicts", shared)
                            .status();
                } while (status != 401 && System.nanoTime() < deadline);
                assertThat(status)
                        .as("revoked on one replica, refused on the other")
                        .isEqualTo(401);
                for (PackagedServer server : servers) {
                    assertThat(server.http()
                                    .get("/api/v1/admin/audit/verify", ADMIN)
                                    .json()
                                    .get("valid")
                                    .booleanValue())
                            .isTrue();
                }
            } finally {
                for (PackagedServer server : servers) {
                    server.close();
                }
            }
        }
    }

    private PackagedServer server(Path app, Path data, ScratchDatabase database, String log) throws Exception {
        PackagedServer.Launch launch = new PackagedServer.Launch(app, PackagedServer.freePort())
                .env("OUTPOST_DATA_DIR", data.toString())
                .env("OUTPOST_INBOX_ENABLED", "false")
                .env("OUTPOST_SECURITY_TOKENS", "audit-it-admin:admin:" + AuditCanonical.sha256(ADMIN))
                .log(dir.resolve(log));
        if (database != null) {
            launch.env("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl())
                    .env("QUARKUS_DATASOURCE_USERNAME", ScratchDatabase.USER)
                    .env("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60s");
        }
        return launch.start();
    }

    /** Waits until the server answers verify (as admin) with at least {@code atLeast} entries. */
    private static void awaitEntries(PackagedServer server, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited: " + server.log());
            }
            try {
                LoopbackHttp.Response answer = server.http().get("/api/v1/admin/audit/verify", ADMIN);
                last = answer.status() + " " + answer.body();
                if (answer.status() == 200 && answer.json().get("entries").longValue() >= atLeast) {
                    return;
                }
            } catch (java.io.IOException notListening) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no audit entries: " + last + "\n" + server.log());
    }

    /** The last "Audit chain head" line of a server's log, as SEQ:HASH. */
    private static String lastAnchor(String log) {
        Matcher matcher = ANCHOR.matcher(log);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1) + ":" + matcher.group(2);
        }
        assertThat(last).as("an anchor in the log:\n" + log).isNotNull();
        return last;
    }

    private record Result(int exit, String out, String err) {}

    private Result cli(Path app, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                app.resolve("quarkus-run.jar").toString()));
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
}
