package dev.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outpost.deploy.kit.Kit;
import dev.outpost.it.support.EgressPolicy;
import dev.outpost.it.support.LoopbackHttp;
import dev.outpost.it.support.PackagedServer;
import dev.outpost.it.support.Publisher;
import dev.outpost.it.support.Strace;
import dev.outpost.it.support.StraceLog;

/**
 * Issue 13: no customer data leaves the appliance, checked on the packaged application (H2 build)
 * under strace through a whole working day: start, a signed bundle imported through the inbox,
 * every kind of lookup single and in bulk (hits and misses), local verdicts through the operator
 * API, a metrics scrape, and a stop by SIGTERM. The JVM may connect only to loopback (127.0.0.0/8,
 * ::1, ::ffff:127.0.0.0/104) and may not ask for any name: no port 53 on any address, no
 * systemd-resolved socket, no host lookup through nscd. {@link EgressPolicy} has the full rules,
 * including the one local socket allowed (nscd, for the JVM's own user name at start).
 *
 * <p>The server runs as {@code deploy/systemd/outpost.service} and the container image run it:
 * the install kit's launcher ({@code bin/outpost serve}, its own runtime and JVM options, which
 * make the H2 build resolve names from /etc/hosts only), a clean environment with {@code
 * PATH=/usr/bin:/bin}, and no {@code HOSTNAME} (systemd sets none). Only its HTTP port is bound to
 * 127.0.0.1 rather than every address.
 *
 * <p>Run it alone: {@code ./mvnw -B package -DskipTests && ./mvnw -B verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NoEgressIT}. Needs strace (skipped without
 * it, unless {@code OUTPOST_REQUIRE_STRACE=1}). By hand, on any running set-up:
 *
 * <pre>
 * strace -f -yy -k -e trace=connect,sendto,sendmsg,sendmmsg,io_uring_setup -e signal=none -o outpost.trace \
 *     /opt/outpost/bin/outpost serve
 * # ...use it, then stop the JVM (kill -TERM on strace's child, not on strace), and read outpost.trace
 * </pre>
 *
 * The test leaves the trace and the server's log in {@code target/no-egress/}.
 */
class NoEgressIT {
    private static final String TOKEN = "no-egress-it-operator-token-not-secret";
    private static final Path KEEP = Path.of("target", "no-egress");

    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ISRG_ROOT_X1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";
    private static final String BAD_CERT = "c".repeat(64);
    private static final String UNKNOWN_SHA256 = "0".repeat(63) + "1";
    private static final String RECORDS = String.join(
            "\n",
            "kind,md5,sha1,sha256,url,domain,ip,verdict,threat_name",
            "file," + EICAR_MD5 + "," + EICAR_SHA1 + "," + EICAR_SHA256 + ",,,,MALWARE,EICAR-Test-File",
            "file,,," + EMPTY_SHA256 + ",,,,TRUSTED,",
            "certificate,,," + ISRG_ROOT_X1 + ",,,,TRUSTED,",
            "certificate,,," + BAD_CERT + ",,,,MALWARE,Test.Bad.Certificate",
            "url,,,,http://phish.example/login/,,,PHISHING,Test.Phishing.Prefix",
            "url,,,,http://files.example/dropper.exe,,,MALWARE,Test.Dropper",
            "domain,,,,,malware.example,,MALWARE,Test.Malware.Domain",
            "ip,,,,,,192.0.2.0/24,SUSPICIOUS,",
            "ip,,,,,,198.51.100.7,MALWARE,Test.Bad.Host",
            "ip,,,,,,2001:db8::/32,SUSPICIOUS,",
            "");

    @TempDir
    Path dir;

    private PackagedServer server;

    @BeforeEach
    void needsStrace() {
        if (!Strace.installed()) {
            if (Strace.required()) {
                throw new AssertionError("OUTPOST_REQUIRE_STRACE=1 but " + Strace.BINARY + " is missing");
            }
            Assumptions.abort("strace is not installed (apt-get install -y strace); .ci/run installs it");
        }
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWholeWorkingDayConnectsOnlyToLoopbackAndAsksForNoName() throws Exception {
        Publisher publisher =
                Publisher.create(PackagedServer.H2_APP, Files.createDirectories(dir.resolve("publisher")));
        Path bundle = publisher.bundle("acme", 1, RECORDS, dir.resolve("acme-1.bundle"));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.createDirectories(KEEP);
        Path trace = KEEP.resolve("outpost.trace");
        Path log = KEEP.resolve("server.log");
        Files.deleteIfExists(trace);
        Files.deleteIfExists(log);

        // As systemd and the container image run it: the install kit's launcher, runtime and options.
        Kit kit = Kit.unpack(Kit.archive(PackagedServer.H2_APP), dir.resolve("kit"));
        int port = PackagedServer.freePort();
        server = new PackagedServer.Launch(PackagedServer.H2_APP, port)
                .launcher(kit.home().resolve("bin/outpost"))
                .under(Strace.command(trace))
                .env("OUTPOST_DATA_DIR", dir.resolve("data").toString())
                .env("OUTPOST_TRUST_ROOT_KEYS", publisher.rootPublicKey().toString())
                .env("OUTPOST_INBOX_DIRECTORY", inbox.toString())
                .env("OUTPOST_INBOX_SCAN_INTERVAL", "1s")
                .env("OUTPOST_OPERATOR_TOKENS", Publisher.operatorTokenEntry("it-operator", TOKEN))
                .log(log)
                .start();
        long jvm = server.jvm().pid();
        LoopbackHttp http = server.http();

        // Started, but nothing trusted has arrived yet: not ready.
        server.await("/q/health/started", started -> started.status() == 200);
        assertThat(http.get("/q/health/ready").status()).isEqualTo(503);

        Publisher.drop(bundle, inbox);
        server.awaitReady(body -> body.contains("\"sequence\": 1"));

        lookUpEveryKind(http);
        localVerdictRoundTrip(http);

        LoopbackHttp.Response metrics = http.get("/q/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        // Prometheus text or OpenMetrics text, whichever the scrape negotiates.
        assertThat(metrics.contentType()).matches("(text/plain|application/openmetrics-text);.*");
        assertThat(metrics.body()).contains("# TYPE ").contains("# HELP ");

        int exit = server.stop();
        // A JVM ended by SIGTERM whose shutdown hooks ran exits 143 (128 + 15); strace passes it on.
        assertThat(exit).as("exit status of strace, which is its child's").isIn(0, 143);
        assertThat(server.log()).contains("outpost stopped in").doesNotContain(" ERROR ");

        StraceLog traced = StraceLog.read(trace);
        assertThat(traced.unreadable())
                .as("lines of the trace this check cannot read")
                .isEmpty();
        assertThat(traced.exits())
                .as("the traced process is the server's JVM, traced to its end")
                .containsEntry((int) jvm, "exited with " + exit);
        // -f followed the JVM's threads (a connect from any of them would be in the trace): each
        // one's end is there. A trace of the main thread alone would hold a handful.
        assertThat(traced.exits().size()).as("threads traced").isGreaterThan(20);
        List<EgressPolicy.Judgement> judgements = EgressPolicy.judge(traced);
        System.out.println(summary(traced, judgements, jvm));
        List<String> forbidden = judgements.stream()
                .filter(EgressPolicy.Forbidden.class::isInstance)
                .map(judgement ->
                        judgement.reason() + "\n    " + judgement.call().describe())
                .toList();
        assertThat(forbidden)
                .as("connections and name lookups of the server (trace: %s)", trace.toAbsolutePath())
                .isEmpty();
    }

    /**
     * The check is not one that can never fail: the same strace options and the same reading of
     * their output, on a small program that makes one connection of each forbidden kind without
     * sending a byte (a UDP connect only names the peer; {@code localhost} is answered from
     * {@code /etc/hosts}).
     */
    @Test
    void theCheckCatchesEachForbiddenKindInARealTrace() throws Exception {
        Path trace = dir.resolve("canary.trace");
        List<String> command = Strace.command(trace);
        command.addAll(List.of(
                "/bin/bash",
                "-c",
                "exec 3<>/dev/udp/192.0.2.1/9; exec 4<>/dev/udp/127.0.0.1/53; exec 5<>/dev/udp/::ffff:127.0.0.1/9;"
                        + " exec 6<>/dev/udp/127.0.0.2/9; /usr/bin/getent ahosts localhost > /dev/null"));
        Process canary = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("canary.out").toFile())
                .start();
        assertThat(canary.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(canary.exitValue())
                .as(Files.readString(dir.resolve("canary.out")))
                .isZero();

        StraceLog traced = StraceLog.read(trace);
        assertThat(traced.unreadable()).isEmpty();
        List<EgressPolicy.Judgement> judgements = EgressPolicy.judge(traced);
        assertThat(reasons(judgements, EgressPolicy.Forbidden.class))
                .anyMatch(reason -> reason.startsWith("not loopback: 192.0.2.1 port 9"))
                .anyMatch(reason -> reason.startsWith("DNS: port 53 of 127.0.0.1"))
                .anyMatch(reason -> reason.startsWith("a host name lookup through nscd"))
                .noneMatch(reason -> reason.contains("::ffff:127.0.0.1") || reason.contains("127.0.0.2"));
        assertThat(reasons(judgements, EgressPolicy.Allowed.class))
                .contains("loopback ::ffff:127.0.0.1 port 9", "loopback 127.0.0.2 port 9");
    }

    private static List<String> reasons(
            List<EgressPolicy.Judgement> judgements, Class<? extends EgressPolicy.Judgement> kind) {
        return judgements.stream()
                .filter(kind::isInstance)
                .map(EgressPolicy.Judgement::reason)
                .toList();
    }

    private static void lookUpEveryKind(LoopbackHttp http) throws Exception {
        for (String digest : List.of(EICAR_MD5, EICAR_SHA1, EICAR_SHA256)) {
            JsonNode file = ok(http.get("/api/v1/files/" + digest));
            assertThat(file.path("zone").asText()).as(digest).isEqualTo("RED");
            assertThat(file.path("threatName").asText()).isEqualTo("EICAR-Test-File");
        }
        assertThat(zone(http.get("/api/v1/files/" + EMPTY_SHA256))).isEqualTo("GREEN");
        assertThat(zone(http.get("/api/v1/files/" + UNKNOWN_SHA256))).isEqualTo("GREY");
        JsonNode files = ok(http.post(
                "/api/v1/files/lookup",
                "{\"hashes\":[\"" + EICAR_SHA1 + "\",\"not-a-hash\",\"" + UNKNOWN_SHA256 + "\",\"" + EMPTY_SHA256
                        + "\"]}"));
        assertThat(zones(files)).containsExactly("RED", "error", "GREY", "GREEN");

        assertThat(zone(http.get("/api/v1/certificates/" + ISRG_ROOT_X1))).isEqualTo("GREEN");
        assertThat(zone(http.get("/api/v1/certificates/" + BAD_CERT))).isEqualTo("RED");
        assertThat(zone(http.get("/api/v1/certificates/" + UNKNOWN_SHA256))).isEqualTo("GREY");
        JsonNode certificates = ok(http.post(
                "/api/v1/certificates/lookup",
                "{\"hashes\":[\"" + BAD_CERT + "\",\"" + UNKNOWN_SHA256 + "\",\"" + ISRG_ROOT_X1 + "\"]}"));
        assertThat(zones(certificates)).containsExactly("RED", "GREY", "GREEN");

        // Host names in URLs and domains are matched as text, never resolved: a lookup that
        // resolved them would show in the trace as a query.
        assertThat(zone(http.get("/api/v1/urls?url=" + encode("http://phish.example/login/form.html?u=1"))))
                .isEqualTo("RED");
        assertThat(zone(http.get("/api/v1/urls?url=" + encode("https://www.unlisted.example/"))))
                .isEqualTo("GREY");
        JsonNode urls = ok(http.post(
                "/api/v1/urls/lookup",
                "{\"urls\":[\"http://files.example/dropper.exe\",\"http://unlisted.example/a\","
                        + "\"http://malware.example/x\",\"http://[\"]}"));
        assertThat(zones(urls)).containsExactly("RED", "GREY", "RED", "error");

        assertThat(zone(http.get("/api/v1/domains/a.b.malware.example"))).isEqualTo("RED");
        assertThat(zone(http.get("/api/v1/domains/unlisted.example"))).isEqualTo("GREY");

        assertThat(zone(http.get("/api/v1/ips/192.0.2.55"))).isEqualTo("YELLOW");
        assertThat(zone(http.get("/api/v1/ips/198.51.100.7"))).isEqualTo("RED");
        assertThat(zone(http.get("/api/v1/ips/2001:db8::1"))).isEqualTo("YELLOW");
        assertThat(zone(http.get("/api/v1/ips/203.0.113.1"))).isEqualTo("GREY");
        JsonNode ips = ok(http.post(
                "/api/v1/ips/lookup",
                "{\"addresses\":[\"198.51.100.7\",\"198.51.100.8\",\"2001:db8:1::5\",\"not-an-ip\"]}"));
        assertThat(zones(ips)).containsExactly("RED", "GREY", "YELLOW", "error");
    }

    private static void localVerdictRoundTrip(LoopbackHttp http) throws Exception {
        LoopbackHttp.Response created = http.post(
                "/api/v1/local-verdicts",
                "{\"kind\":\"ip\",\"value\":\"203.0.113.0/24\",\"verdict\":\"MALWARE\",\"comment\":\"NoEgressIT\"}",
                TOKEN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("id").asLong();

        JsonNode listed = ok(http.get("/api/v1/local-verdicts?kind=ip&page=0&size=100", TOKEN));
        assertThat(listed.toString()).contains("203.0.113.0/24");

        JsonNode seen = ok(http.get("/api/v1/ips/203.0.113.1"));
        assertThat(seen.path("zone").asText()).isEqualTo("RED");
        assertThat(seen.path("source").path("type").asText()).isEqualTo("local");
        assertThat(seen.path("source").path("createdBy").asText()).isEqualTo("it-operator");

        assertThat(http.delete("/api/v1/local-verdicts/" + id, TOKEN).status()).isEqualTo(204);
        assertThat(zone(http.get("/api/v1/ips/203.0.113.1"))).isEqualTo("GREY");
    }

    private static JsonNode ok(LoopbackHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String zone(LoopbackHttp.Response response) {
        return ok(response).path("zone").asText();
    }

    /** Each bulk result's zone, or "error" for an item refused as invalid. */
    private static List<String> zones(JsonNode bulk) {
        List<String> zones = new ArrayList<>();
        bulk.path("results")
                .forEach(result -> zones.add(
                        result.has("error") ? "error" : result.path("zone").asText()));
        return zones;
    }

    private static String encode(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** What the trace held, for the test's output: calls by name, addresses by family, verdicts. */
    private static String summary(StraceLog traced, List<EgressPolicy.Judgement> judgements, long jvm) {
        Map<String, Long> bySyscall = traced.calls().stream()
                .collect(Collectors.groupingBy(StraceLog.Call::syscall, TreeMap::new, Collectors.counting()));
        Map<String, Long> byFamily = judgements.stream()
                .filter(EgressPolicy.Allowed.class::isInstance)
                .map(EgressPolicy.Allowed.class::cast)
                .collect(Collectors.groupingBy(EgressPolicy.Allowed::family, TreeMap::new, Collectors.counting()));
        Map<String, Long> byReason = judgements.stream()
                .collect(Collectors.groupingBy(
                        judgement -> judgement.getClass().getSimpleName() + ": " + judgement.reason(),
                        TreeMap::new,
                        Collectors.counting()));
        return "NoEgressIT trace of JVM " + jvm + ": " + traced.calls().size() + " calls " + bySyscall
                + ", allowed by family " + byFamily + ", threads and processes ended "
                + traced.exits().size()
                + "\n  "
                + byReason.entrySet().stream()
                        .map(entry -> entry.getValue() + " × " + entry.getKey())
                        .collect(Collectors.joining("\n  "));
    }
}
