package dev.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outpost.it.support.LoopbackHttp;
import dev.outpost.it.support.PackagedServer;
import dev.outpost.it.support.Publisher;
import dev.outpost.it.support.ScratchDatabase;

/**
 * Issue 13: several replicas, for real. Two packaged servers of the PostgreSQL build, each with its
 * own data directory and port, share one fresh database on the machine's PostgreSQL and one inbox
 * ({@code outpost.inbox.after-import=keep}, as a shared inbox must be). Both activate a bundle
 * dropped into the inbox, answer every kind of lookup byte for byte alike, serve a local verdict
 * written through the other within {@code outpost.local.refresh-interval}, and move together to a
 * delta. A restarted replica does not import the kept bundles again (its memory,
 * {@code <data-dir>/inbox-handled.json}); the same restart without that file does, which shows
 * that the check would see it.
 *
 * <p>Skipped where no PostgreSQL answers on 127.0.0.1:5432, unless OUTPOST_REQUIRE_POSTGRES=1
 * (.ci/run). Alone: {@code ./mvnw -B package -DskipTests && ./mvnw -B verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ReplicasIT}.
 */
class ReplicasIT {
    private static final String TOKEN = "replicas-it-operator-token-not-secret";
    private static final Duration SCAN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);
    /** Beyond the refresh interval: a scheduler tick that runs late on a busy machine, one query. */
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(5);

    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ADWARE_SHA256 = "d".repeat(64);
    private static final String ISRG_ROOT_X1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";
    private static final String OTHER_CERT = "c".repeat(64);
    private static final String UNKNOWN_SHA256 = "0".repeat(63) + "1";
    private static final String HEADER = "kind,md5,sha1,sha256,url,domain,ip,verdict,threat_name\n";
    private static final String EICAR =
            "file," + EICAR_MD5 + "," + EICAR_SHA1 + "," + EICAR_SHA256 + ",,,,MALWARE,EICAR-Test-File\n";
    private static final String SEQUENCE_1 = HEADER
            + EICAR
            + "file,,," + EMPTY_SHA256 + ",,,,TRUSTED,\n"
            + "certificate,,," + ISRG_ROOT_X1 + ",,,,TRUSTED,\n"
            + "certificate,,," + OTHER_CERT + ",,,,MALWARE,Test.Bad.Certificate\n"
            + "url,,,,http://phish.example/login/,,,PHISHING,Test.Phishing.Prefix\n"
            + "domain,,,,,malware.example,,MALWARE,Test.Malware.Domain\n"
            + "ip,,,,,,192.0.2.0/24,SUSPICIOUS,\n"
            + "ip,,,,,,2001:db8::/32,SUSPICIOUS,\n";
    /** Sequence 2: the empty file and 192.0.2.0/24 gone, a file, a URL and an address added, a verdict changed. */
    private static final String SEQUENCE_2 = HEADER
            + EICAR
            + "file,,," + ADWARE_SHA256 + ",,,,ADWARE,Test.Adware\n"
            + "certificate,,," + ISRG_ROOT_X1 + ",,,,TRUSTED,\n"
            + "certificate,,," + OTHER_CERT + ",,,,CLEAN,\n"
            + "url,,,,http://phish.example/login/,,,PHISHING,Test.Phishing.Prefix\n"
            + "url,,,,http://files.example/dropper.exe,,,MALWARE,Test.Dropper\n"
            + "domain,,,,,malware.example,,MALWARE,Test.Malware.Domain\n"
            + "ip,,,,,,198.51.100.7,MALWARE,Test.Bad.Host\n"
            + "ip,,,,,,2001:db8::/32,SUSPICIOUS,\n";

    /** Single lookups of every kind, hits and misses; the bulk ones follow in {@link #bulkLookups}. */
    private static final List<String> LOOKUPS = List.of(
            "/api/v1/files/" + EICAR_MD5,
            "/api/v1/files/" + EICAR_SHA1,
            "/api/v1/files/" + EICAR_SHA256,
            "/api/v1/files/" + EMPTY_SHA256,
            "/api/v1/files/" + ADWARE_SHA256,
            "/api/v1/files/" + UNKNOWN_SHA256,
            "/api/v1/certificates/" + ISRG_ROOT_X1,
            "/api/v1/certificates/" + OTHER_CERT,
            "/api/v1/certificates/" + UNKNOWN_SHA256,
            "/api/v1/urls?url=" + encode("http://phish.example/login/form.html?u=1"),
            "/api/v1/urls?url=" + encode("http://files.example/dropper.exe"),
            "/api/v1/urls?url=" + encode("https://unlisted.example/"),
            "/api/v1/domains/a.malware.example",
            "/api/v1/domains/unlisted.example",
            "/api/v1/ips/192.0.2.55",
            "/api/v1/ips/198.51.100.7",
            "/api/v1/ips/2001:db8::1",
            "/api/v1/ips/203.0.113.1");

    @TempDir
    Path dir;

    private ScratchDatabase database;
    private Path inbox;
    private Publisher publisher;
    private final List<PackagedServer> started = new ArrayList<>();

    @BeforeEach
    void needsPostgres() throws Exception {
        if (!ScratchDatabase.reachable()) {
            if (ScratchDatabase.required()) {
                throw new AssertionError("OUTPOST_REQUIRE_POSTGRES=1 but no PostgreSQL answers on 127.0.0.1:5432");
            }
            Assumptions.abort("no PostgreSQL on 127.0.0.1:5432");
        }
        database = ScratchDatabase.create("outpost_replicas_it");
        inbox = Files.createDirectories(dir.resolve("inbox"));
        publisher = Publisher.create(PackagedServer.POSTGRESQL_APP, Files.createDirectories(dir.resolve("publisher")));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (PackagedServer server : started) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void twoReplicasOnOneDatabaseAndOneInboxServeAlike() throws Exception {
        Path bundle = publisher.bundle("acme", 1, SEQUENCE_1, dir.resolve("acme-1.bundle"));
        Path delta = publisher.delta("acme", 1, 2, SEQUENCE_2, dir.resolve("acme-1-2.delta"));
        Replica a = new Replica("a", PackagedServer.freePort());
        Replica b = new Replica("b", PackagedServer.freePort());
        // Both at once, as an orchestrator starts them: both run the migrations on one database.
        a.start();
        b.start();
        a.server.await("/q/health/started", ok());
        b.server.await("/q/health/started", ok());

        // Sequence 1 through the shared inbox: both activate it.
        Publisher.drop(bundle, inbox);
        a.server.awaitReady(body -> body.contains("\"sequence\": 1"));
        b.server.awaitReady(body -> body.contains("\"sequence\": 1"));
        assertSameDataset(a, b, 1);
        awaitActivations(a, 2);
        assertAnswersAlike(a, b);
        assertThat(zone(a, "/api/v1/files/" + EMPTY_SHA256)).isEqualTo("GREEN");
        assertThat(zone(a, "/api/v1/ips/192.0.2.55")).isEqualTo("YELLOW");

        localVerdictsCrossReplicas(a, b);

        // Sequence 2 as a delta: both move to it.
        Publisher.drop(delta, inbox);
        a.server.awaitReady(body -> body.contains("\"sequence\": 2"));
        b.server.awaitReady(body -> body.contains("\"sequence\": 2"));
        assertSameDataset(a, b, 2);
        awaitActivations(a, 4);
        assertAnswersAlike(a, b);
        assertThat(zone(b, "/api/v1/files/" + EMPTY_SHA256)).isEqualTo("GREY");
        assertThat(zone(b, "/api/v1/files/" + ADWARE_SHA256)).isEqualTo("YELLOW");
        assertThat(zone(b, "/api/v1/ips/192.0.2.55")).isEqualTo("GREY");
        assertThat(zone(b, "/api/v1/ips/198.51.100.7")).isEqualTo("RED");

        // A file that is not a bundle, after the kept ones in name order: once a replica logs that
        // it leaves it alone, its scanner has been over the kept bundles with a settled view.
        Files.writeString(inbox.resolve("zz-not-a-bundle.bundle"), "not an Outpost bundle\n");

        // B restarts with its memory: the kept bundles are not imported again. The shared import
        // history would gain a row for any attempt (UNCHANGED for the delta, REJECTED for the
        // older bundle), and B's log a line.
        JsonNode before = history(a);
        b.restart(false);
        b.server.awaitReady(body -> body.contains("\"sequence\": 2"));
        b.awaitLeftAlone();
        assertThat(history(a)).as("import history after B's restart").isEqualTo(before);
        assertThat(b.server.log())
                .doesNotContain("Imported acme", "nothing to do", "Rejected bundle", "handled before");

        // The same restart of A without its memory: now the kept bundles are looked at again, and
        // both observables show it. So the check above is one that can fail.
        a.restart(true);
        a.server.awaitReady(body -> body.contains("\"sequence\": 2"));
        a.awaitLeftAlone();
        JsonNode after = history(b);
        System.out.println("ReplicasIT: import history after A restarted without inbox-handled.json: " + after);
        assertThat(after).as("import history after A's restart without memory").isNotEqualTo(before);
        assertThat(a.server.log()).containsAnyOf("nothing to do", "Rejected bundle");
        assertThat(zone(a, "/api/v1/files/" + ADWARE_SHA256))
                .as("still sequence 2")
                .isEqualTo("YELLOW");
        assertAnswersAlike(a, b);
    }

    /** A verdict through A is served by B within the refresh interval, and its removal through B by A. */
    private void localVerdictsCrossReplicas(Replica a, Replica b) throws Exception {
        String path = "/api/v1/domains/www.shared.example";
        assertThat(zone(b, path)).isEqualTo("GREY");
        LoopbackHttp.Response created = a.server
                .http()
                .post(
                        "/api/v1/local-verdicts",
                        "{\"kind\":\"domain\",\"value\":\"shared.example\",\"verdict\":\"PHISHING\","
                                + "\"comment\":\"ReplicasIT\"}",
                        TOKEN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(zone(a, path)).as("at once on the replica that took it").isEqualTo("RED");

        Duration seen = awaitWithin(
                b, path, answer -> answer.path("source").path("type").asText().equals("local"));
        System.out.println("ReplicasIT: a local verdict written through A was served by B after " + seen.toMillis()
                + " ms (refresh interval " + REFRESH_INTERVAL.toMillis() + " ms)");
        JsonNode fromB = get(b, path);
        assertThat(fromB.path("zone").asText()).isEqualTo("RED");
        assertThat(fromB.path("source").path("localVerdictId").asLong()).isEqualTo(id);
        assertThat(fromB.path("source").path("createdBy").asText()).isEqualTo("it-operator");
        assertAnswersAlike(a, b);

        assertThat(b.server.http().delete("/api/v1/local-verdicts/" + id, TOKEN).status())
                .isEqualTo(204);
        Duration gone =
                awaitWithin(a, path, answer -> answer.path("zone").asText().equals("GREY"));
        System.out.println("ReplicasIT: its deletion through B reached A after " + gone.toMillis() + " ms");
    }

    /** Polls one replica until the answer satisfies the condition, within the refresh interval and the margin. */
    private static Duration awaitWithin(Replica replica, String path, Predicate<JsonNode> condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + REFRESH_INTERVAL.plus(REFRESH_MARGIN).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(replica, path);
            if (condition.test(last)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replica " + replica.name + " did not answer as expected within "
                + REFRESH_INTERVAL.plus(REFRESH_MARGIN) + ": " + last);
    }

    private static void assertSameDataset(Replica a, Replica b, long sequence) throws IOException {
        JsonNode fromA = get(a, "/api/v1/dataset").path("active");
        JsonNode fromB = get(b, "/api/v1/dataset").path("active");
        assertThat(fromA.path("sequence").asLong()).isEqualTo(sequence);
        for (String field :
                List.of("dataset", "sequence", "created", "expires", "counts", "bundleSha256", "stateSha256")) {
            assertThat(fromB.path(field)).as(field).isEqualTo(fromA.path(field));
        }
    }

    /** The exact bodies of every lookup, single and bulk, from both replicas. */
    private static void assertAnswersAlike(Replica a, Replica b) throws IOException {
        for (String path : LOOKUPS) {
            LoopbackHttp.Response fromA = a.server.http().get(path);
            LoopbackHttp.Response fromB = b.server.http().get(path);
            assertThat(fromA.status()).as("%s: %s", path, fromA.body()).isEqualTo(200);
            assertThat(fromB.body()).as(path).isEqualTo(fromA.body());
        }
        for (Map.Entry<String, String> bulk : bulkLookups().entrySet()) {
            LoopbackHttp.Response fromA = a.server.http().post(bulk.getKey(), bulk.getValue());
            LoopbackHttp.Response fromB = b.server.http().post(bulk.getKey(), bulk.getValue());
            assertThat(fromA.status()).as("%s: %s", bulk.getKey(), fromA.body()).isEqualTo(200);
            assertThat(fromB.body()).as(bulk.getKey()).isEqualTo(fromA.body());
        }
    }

    private static Map<String, String> bulkLookups() {
        return Map.of(
                "/api/v1/files/lookup",
                "{\"hashes\":[\"" + EICAR_SHA1 + "\",\"" + EMPTY_SHA256 + "\",\"" + ADWARE_SHA256 + "\",\""
                        + UNKNOWN_SHA256 + "\",\"not-a-hash\"]}",
                "/api/v1/certificates/lookup",
                "{\"hashes\":[\"" + ISRG_ROOT_X1 + "\",\"" + OTHER_CERT + "\",\"" + UNKNOWN_SHA256 + "\"]}",
                "/api/v1/urls/lookup",
                "{\"urls\":[\"http://phish.example/login/\",\"http://files.example/dropper.exe\","
                        + "\"http://www.shared.example/\",\"http://malware.example/x\",\"http://[\"]}",
                "/api/v1/ips/lookup",
                "{\"addresses\":[\"192.0.2.55\",\"198.51.100.7\",\"2001:db8::1\",\"203.0.113.1\",\"not-an-ip\"]}");
    }

    /**
     * Waits until the shared history counts the activations (a replica serves a dataset a moment
     * before its history row is written).
     */
    private static void awaitActivations(Replica replica, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (history(replica).path("activated").asLong() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(history(replica).path("activated").asLong()).isEqualTo(count);
    }

    /** The import history summary, which every replica reads from the shared database. */
    private static JsonNode history(Replica replica) throws IOException {
        return get(replica, "/api/v1/dataset").path("imports");
    }

    private static JsonNode get(Replica replica, String path) throws IOException {
        LoopbackHttp.Response response = replica.server.http().get(path);
        assertThat(response.status())
                .as("%s %s: %s", replica.name, path, response.body())
                .isEqualTo(200);
        return response.json();
    }

    private static String zone(Replica replica, String path) throws IOException {
        return get(replica, path).path("zone").asText();
    }

    private static Predicate<LoopbackHttp.Response> ok() {
        return answer -> answer.status() == 200;
    }

    private static String encode(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** One replica: its data directory and port stay across restarts; each run logs to a file of its own. */
    private final class Replica {
        final String name;
        final int port;
        final Path data;
        PackagedServer server;
        int runs;

        Replica(String name, int port) {
            this.name = name;
            this.port = port;
            this.data = dir.resolve("replica-" + name);
        }

        void start() throws IOException {
            runs++;
            server = new PackagedServer.Launch(PackagedServer.POSTGRESQL_APP, port)
                    .env("OUTPOST_DATA_DIR", data.toString())
                    .env("OUTPOST_TRUST_ROOT_KEYS", publisher.rootPublicKey().toString())
                    .env("OUTPOST_INBOX_DIRECTORY", inbox.toString())
                    .env("OUTPOST_INBOX_AFTER_IMPORT", "keep")
                    .env("OUTPOST_INBOX_SCAN_INTERVAL", SCAN_INTERVAL.toSeconds() + "s")
                    .env("OUTPOST_LOCAL_REFRESH_INTERVAL", REFRESH_INTERVAL.toSeconds() + "s")
                    .env("OUTPOST_OPERATOR_TOKENS", Publisher.operatorTokenEntry("it-operator", TOKEN))
                    .env("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl())
                    .env("QUARKUS_DATASOURCE_USERNAME", ScratchDatabase.USER)
                    // The first connection loads and starts the driver; on a machine busy with other
                    // builds (load 22 on 2 cores, seen here) that outlasted Agroal's default 5 s and
                    // a replica's start failed. How fast a start connects is not what this test is
                    // about.
                    .env("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60s")
                    .log(dir.resolve("replica-" + name + "-run-" + runs + ".log"))
                    .start();
            started.add(server);
        }

        /** Stops (SIGTERM) and starts again on the same data directory, optionally without its inbox memory. */
        void restart(boolean forgetInbox) throws Exception {
            assertThat(server.stop()).as("exit status after SIGTERM").isIn(0, 143);
            Path memory = data.resolve("inbox-handled.json");
            assertThat(memory).as("the replica's memory of handled bundles").exists();
            if (forgetInbox) {
                Files.delete(memory);
            }
            start();
        }

        /** Waits until this run's scanner has left the non-bundle alone: it went over the whole inbox. */
        void awaitLeftAlone() {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (server.log().contains("Leaving zz-not-a-bundle.bundle in the inbox")) {
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            throw new AssertionError("replica " + name + " never scanned the inbox: " + server.log());
        }
    }
}
