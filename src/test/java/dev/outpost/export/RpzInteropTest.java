package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/**
 * The exported zone in real DNS software from Debian (interop.md §3.4): BIND's {@code named-checkzone}
 * loads it, and a real Unbound on loopback enforces it. Unbound answers from two zones of its own
 * ({@code auth-zone} with {@code for-upstream}, so that answers pass its RPZ and response-IP modules
 * as if they came from the internet, which this machine has no route to): every test name exists
 * there, so an NXDOMAIN can only be the policy's, and a passthru shows as the real answer.
 */
class RpzInteropTest {
    private static final String ZONE = "rpz.outpost.internal";

    @TempDir
    static Path dir;

    static GenerationStore store;

    @BeforeAll
    static void importDemoAndCases() throws IOException {
        store = ExportTestData.store(
                dir,
                writer -> ExportTestData.addCsv(writer, ExportWalkTest.EXTRA, "hashed.example", "hashedlocal.example"));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    private static Path export(String name, RpzOptions options) throws IOException {
        Path file = dir.resolve(name);
        try (Generation generation = store.acquire().orElseThrow();
                OutputStream out = Files.newOutputStream(file)) {
            RpzExport.write(options, generation, ExportWalkTest.LOCAL, Instant.now(), out);
        }
        return file;
    }

    @Test
    void namedCheckzoneLoadsEveryVariantOfTheZone() throws Exception {
        Path checkzone = ExportTestData.tool("/usr/bin/named-checkzone");
        for (RpzOptions options : List.of(
                RpzOptions.DEFAULTS,
                RpzOptions.parse("policy.example", "true", "60", "nodata"),
                RpzOptions.parse(null, "true", "0", "drop"))) {
            Path file =
                    export("check-" + options.zone() + "-" + options.action().id() + ".zone", options);
            ExportTestData.Run run = ExportTestData.run(List.of(
                    checkzone.toString(), "-k", "fail", "-n", "fail", "-i", "full", options.zone(), file.toString()));
            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(run.out())
                    .contains("zone " + options.zone() + "/IN: loaded serial " + ExportTestData.SEQUENCE)
                    .endsWith("OK\n")
                    .doesNotContain("ignoring");
        }
    }

    /** The names Unbound's own zones answer for, as if they came from the internet. */
    private static final String EXAMPLE_ZONE = """
            $ORIGIN example.
            $TTL 300
            @ SOA localhost. hostmaster.localhost. 1 3600 600 604800 300
            @ NS localhost.
            bad A 192.0.2.20
            x.bad A 192.0.2.21
            ok.bad A 192.0.2.22
            fp A 192.0.2.23
            deep.partner A 192.0.2.24
            phish.internal A 192.0.2.25
            urlroot A 192.0.2.26
            victim A 198.51.100.7
            ranged A 203.0.113.9
            excepted A 203.0.113.5
            cleared A 203.0.113.130
            safe A 192.0.2.10
            victim6 AAAA 2001:db8:bad::1
            """;

    private static final String GOOGLE_TEST_ZONE = """
            $ORIGIN google.test.
            $TTL 300
            @ SOA localhost. hostmaster.localhost. 1 3600 600 604800 300
            @ NS localhost.
            malware.testing A 192.0.2.66
            sub.malware.testing A 192.0.2.67
            clean.testing A 192.0.2.68
            """;

    @Test
    void unboundAnswersNxdomainForListedNamesAndAddressesAndPassesTheExceptions() throws Exception {
        Path unbound = ExportTestData.tool("/usr/sbin/unbound");
        Path checkconf = ExportTestData.tool("/usr/sbin/unbound-checkconf");
        Path work = Files.createDirectories(dir.resolve("unbound"));
        Path zone = export("unbound/" + ZONE + ".zone", RpzOptions.DEFAULTS);
        Files.writeString(work.resolve("example.zone"), EXAMPLE_ZONE);
        Files.writeString(work.resolve("google.test.zone"), GOOGLE_TEST_ZONE);
        int port = freePort();
        Path config = work.resolve("unbound.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        List.of(
                                "server:",
                                "  interface: 127.0.0.1",
                                "  port: " + port,
                                "  do-ip6: no",
                                "  do-daemonize: no",
                                "  username: \"\"",
                                "  chroot: \"\"",
                                "  directory: \"" + work + "\"",
                                "  pidfile: \"" + work.resolve("unbound.pid") + "\"",
                                "  use-syslog: no",
                                "  logfile: \"\"",
                                "  verbosity: 1",
                                // RPZ needs the respip module (interop.md §3.4).
                                "  module-config: \"respip validator iterator\"",
                                "  do-not-query-localhost: yes",
                                // Unbound serves .test itself (RFC 6761 default zones): hand it to the zone below.
                                "  local-zone: \"test.\" nodefault",
                                "auth-zone:",
                                "  name: \"example.\"",
                                "  zonefile: \"" + work.resolve("example.zone") + "\"",
                                "  for-upstream: yes",
                                "  for-downstream: no",
                                "  fallback-enabled: no",
                                "auth-zone:",
                                "  name: \"google.test.\"",
                                "  zonefile: \"" + work.resolve("google.test.zone") + "\"",
                                "  for-upstream: yes",
                                "  for-downstream: no",
                                "  fallback-enabled: no",
                                "rpz:",
                                "  name: \"" + ZONE + ".\"",
                                "  zonefile: \"" + zone + "\"",
                                "")));
        ExportTestData.Run checked = ExportTestData.run(List.of(checkconf.toString(), config.toString()));
        assertThat(checked.exitCode()).as(checked.out()).isZero();

        Path log = work.resolve("unbound.log");
        Process process = new ProcessBuilder(unbound.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofSeconds(2));
            awaitAnswers(resolver, process, log);

            Map<String, Integer> expected = new java.util.LinkedHashMap<>();
            // QNAME rules: a listed name and every name below it.
            expected.put("malware.testing.google.test", Rcode.NXDOMAIN);
            expected.put("sub.malware.testing.google.test", Rcode.NXDOMAIN);
            expected.put("clean.testing.google.test", Rcode.NOERROR);
            expected.put("bad.example", Rcode.NXDOMAIN);
            expected.put("x.bad.example", Rcode.NXDOMAIN);
            expected.put("phish.internal.example", Rcode.NXDOMAIN);
            expected.put("urlroot.example", Rcode.NXDOMAIN);
            // Local TRUSTED or CLEAN verdicts: rpz-passthru., the real answer comes through.
            expected.put("fp.example", Rcode.NOERROR);
            expected.put("ok.bad.example", Rcode.NOERROR);
            expected.put("deep.partner.example", Rcode.NOERROR);
            // rpz-ip rules: answers whose address lies in a listed range.
            expected.put("victim.example", Rcode.NXDOMAIN);
            expected.put("ranged.example", Rcode.NXDOMAIN);
            expected.put("excepted.example", Rcode.NOERROR);
            expected.put("cleared.example", Rcode.NOERROR);
            expected.put("safe.example", Rcode.NOERROR);
            for (Map.Entry<String, Integer> each : expected.entrySet()) {
                Message answer = query(resolver, each.getKey(), Type.A);
                assertThat(Rcode.string(answer.getRcode()))
                        .as(each.getKey() + "\n" + Files.readString(log))
                        .isEqualTo(Rcode.string(each.getValue()));
                if (each.getValue() == Rcode.NOERROR) {
                    assertThat(answer.getSection(Section.ANSWER))
                            .as(each.getKey())
                            .hasSize(1);
                }
            }
            assertThat(Rcode.string(
                            query(resolver, "victim6.example", Type.AAAA).getRcode()))
                    .as("an IPv6 answer in 2001:db8:bad::/48, written 48.zz.bad.db8.2001.rpz-ip")
                    .isEqualTo("NXDOMAIN");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Message query(SimpleResolver resolver, String name, int type) throws IOException {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    /** Waits until Unbound answers (it has loaded its zones), or fails with its log if it exited. */
    private static void awaitAnswers(SimpleResolver resolver, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("unbound exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                query(resolver, "clean.testing.google.test", Type.A);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("unbound does not answer: " + Files.readString(log), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /** A loopback port free for both UDP and TCP a moment ago (never a fixed port). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free loopback port for both UDP and TCP");
    }
}
