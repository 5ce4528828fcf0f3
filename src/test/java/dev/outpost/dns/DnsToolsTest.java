package dev.outpost.dns;

import static dev.outpost.dns.DnsServerTest.EICAR_MD5;
import static dev.outpost.dns.DnsServerTest.EICAR_SHA1;
import static dev.outpost.dns.DnsServerTest.EICAR_SHA256;
import static dev.outpost.dns.DnsServerTest.UNKNOWN_MD5;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The DNS front end against the real clients: BIND's {@code dig}, PyHashlookup's DNS calls
 * reproduced with dnspython (PyHashlookup itself is on PyPI only; interop.md §1.5), and an
 * {@code unbound} resolver that reaches the zones through a stub-zone, as docs/dns.md tells an
 * operator to set it up.
 */
@QuarkusTest
@TestProfile(DnsProfile.class)
class DnsToolsTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    DnsServer server;

    private List<String> dig(String... arguments) {
        Path dig = InteropTools.require("dig (Debian bind9-dnsutils)", List.of("dig"), List.of());
        List<String> command = new ArrayList<>(
                List.of(dig.toString(), "@127.0.0.1", "-p", Integer.toString(server.port()), "+time=5", "+tries=1"));
        command.addAll(List.of(arguments));
        return command;
    }

    private String output(List<String> command) {
        InteropTools.Result result = InteropTools.run(TOOL_TIMEOUT, command);
        assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
        return result.output().strip();
    }

    @Test
    void digReadsEveryZoneOverUdpAndTcp() {
        assertThat(output(dig("+short", EICAR_MD5 + ".hash.outpost.internal"))).isEqualTo("127.0.0.2");
        assertThat(output(dig("+short", "+tcp", EICAR_SHA1 + ".malware.hash.outpost.internal", "TXT")))
                .isEqualTo("\"1795132800 100\"");
        String sha256 = EICAR_SHA256.substring(0, 32) + "." + EICAR_SHA256.substring(32);
        assertThat(output(dig("+short", sha256 + ".hash.outpost.internal"))).isEqualTo("127.0.0.2");
        assertThat(output(dig("+short", "7.100.51.198.ip.outpost.internal"))).isEqualTo("127.0.0.5");
        assertThat(output(dig("+short", "+tcp", "7.100.51.198.ip.outpost.internal", "TXT")))
                .isEqualTo("\"MALWARE Test.Malware.Host; vendor demo#1; ip 198.51.100.7/32\"");
        assertThat(output(dig("+short", "malware.testing.google.test.domain.outpost.internal")))
                .isEqualTo("127.0.1.5");
        // RFC 5782 §5.
        assertThat(output(dig("+short", "2.0.0.127.ip.outpost.internal"))).isEqualTo("127.0.0.2");
        assertThat(output(dig("+short", "TEST.domain.outpost.internal"))).isEqualTo("127.0.1.2");
        assertThat(output(dig("+short", "1.0.0.127.ip.outpost.internal"))).isEmpty();

        String miss = output(dig("+norecurse", UNKNOWN_MD5 + ".hash.outpost.internal"));
        assertThat(miss).contains("status: NXDOMAIN").contains("flags: qr aa;");
        assertThat(miss)
                .containsPattern("hash\\.outpost\\.internal\\.\\s+60\\s+IN\\s+SOA\\s+ns\\.outpost\\.internal\\.");
        assertThat(output(dig("example.com"))).contains("status: REFUSED");
        assertThat(output(dig("+short", "ip.outpost.internal", "SOA")))
                .isEqualTo("ns.outpost.internal. hostmaster.outpost.internal. 1 3600 600 86400 60");
    }

    @Test
    void digCannotTransferAZone() {
        InteropTools.Result result = InteropTools.run(TOOL_TIMEOUT, dig("domain.outpost.internal", "AXFR"));
        assertThat(result.output()).contains("Transfer failed.");
    }

    /**
     * PyHashlookup's {@code md5_lookup_over_dns}, {@code sha1_lookup_over_dns} and {@code
     * info_over_dns}: {@code json.loads(json.loads(str(answer[0])))} on a TXT answer for the name it
     * hard-codes, with dnspython's resolver pointed at the front end instead of the system's.
     */
    @Test
    void pyHashlookupsDnsCallsReadTheRecords() throws IOException {
        Path python = InteropTools.python3WithDnspython();
        String script = String.join(
                "\n",
                "import json, sys, dns.resolver",
                "r = dns.resolver.Resolver(configure=False)",
                "r.nameservers = ['127.0.0.1']",
                "r.port = int(sys.argv[1])",
                "r.lifetime = 10",
                "def over_dns(name):",
                "    answer = r.resolve(name, 'TXT')",
                "    return json.loads(json.loads(str(answer[0])))",
                "out = {}",
                "out['md5'] = over_dns(sys.argv[2].lower() + '.dns.hashlookup.circl.lu')",
                "out['sha1'] = over_dns(sys.argv[3].lower() + '.dns.hashlookup.circl.lu')",
                "out['info'] = over_dns('info.dns.hashlookup.circl.lu')",
                "try:",
                "    r.resolve(sys.argv[4] + '.dns.hashlookup.circl.lu', 'TXT')",
                "    out['miss'] = 'answered'",
                "except Exception as e:",
                "    out['miss'] = type(e).__name__",
                "print(json.dumps(out))");
        String printed = output(List.of(
                python.toString(),
                "-c",
                script,
                Integer.toString(server.port()),
                EICAR_MD5.toUpperCase(),
                EICAR_SHA1,
                UNKNOWN_MD5));
        JsonNode out = new ObjectMapper().readTree(printed);
        assertThat(out.at("/md5/MD5").asText()).isEqualTo(EICAR_MD5.toUpperCase());
        assertThat(out.at("/md5/SHA-1").asText()).isEqualTo(EICAR_SHA1.toUpperCase());
        assertThat(out.at("/md5/KnownMalicious").asText()).isEqualTo("demo");
        assertThat(out.at("/sha1/MD5").asText()).isEqualTo(EICAR_MD5.toUpperCase());
        assertThat(out.at("/info").has("nsrl-version")).isTrue();
        assertThat(out.at("/info/stat:hashlookup_total_keys").asInt()).isEqualTo(5);
        // A miss is an empty answer, as from CIRCL's server: dnspython raises NoAnswer.
        assertThat(out.at("/miss").asText()).isEqualTo("NoAnswer");
    }

    /**
     * An unbound resolver with the zones as a stub-zone (docs/dns.md): it iterates with QNAME
     * minimisation, so it asks the empty non-terminals of a SHA-256 or a reversed address first, and
     * must still reach the answer. It sends from 127.0.0.1 only, so that it cannot reach anything
     * else (there is nothing else to reach).
     */
    @Test
    void unboundResolvesTheZonesThroughAStubZone(@TempDir Path directory) throws Exception {
        Path unbound =
                InteropTools.require("unbound (Debian unbound)", List.of("unbound"), List.of("/usr/sbin/unbound"));
        int port = freePort();
        Files.writeString(
                directory.resolve("unbound.conf"),
                String.join(
                        "\n",
                        "server:",
                        "    interface: 127.0.0.1@" + port,
                        "    port: " + port,
                        "    outgoing-interface: 127.0.0.1",
                        "    do-ip6: no",
                        "    do-daemonize: no",
                        "    username: \"\"",
                        "    chroot: \"\"",
                        "    directory: \"" + directory + "\"",
                        "    pidfile: \"" + directory.resolve("unbound.pid") + "\"",
                        "    use-syslog: no",
                        "    logfile: \"\"",
                        "    module-config: \"iterator\"",
                        "    access-control: 127.0.0.0/8 allow",
                        "    do-not-query-localhost: no",
                        "stub-zone:",
                        "    name: \"outpost.internal\"",
                        "    stub-addr: 127.0.0.1@" + server.port(),
                        ""));
        Process resolver = new ProcessBuilder(
                        unbound.toString(),
                        "-d",
                        "-c",
                        directory.resolve("unbound.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("unbound.log").toFile())
                .start();
        try {
            Message ready = awaitAnswer(port, "ip.outpost.internal", Type.SOA, resolver, directory);
            assertThat(ready.getRcode()).isEqualTo(Rcode.NOERROR);
            String sha256 = EICAR_SHA256.substring(0, 32) + "." + EICAR_SHA256.substring(32);
            // The second half of the SHA-256 alone is an MD5 nobody knows: NXDOMAIN, and the whole name
            // is still found below it.
            assertThat(ask(port, EICAR_SHA256.substring(32) + ".hash.outpost.internal", Type.A)
                            .getRcode())
                    .isEqualTo(Rcode.NXDOMAIN);
            assertThat(DnsServerTest.addresses(ask(port, sha256 + ".hash.outpost.internal", Type.A)))
                    .containsExactly("127.0.0.2");
            assertThat(DnsServerTest.addresses(ask(port, "7.100.51.198.ip.outpost.internal", Type.A)))
                    .containsExactly("127.0.0.5");
            assertThat(DnsServerTest.addresses(
                            ask(port, DnsServerTest.NIBBLES_2001_DB8_1 + ".ip.outpost.internal", Type.A)))
                    .containsExactly("127.0.0.2");
            assertThat(DnsServerTest.addresses(
                            ask(port, "malware.testing.google.test.domain.outpost.internal", Type.A)))
                    .containsExactly("127.0.1.5");
            assertThat(ask(port, UNKNOWN_MD5 + ".hash.outpost.internal", Type.A).getRcode())
                    .isEqualTo(Rcode.NXDOMAIN);
        } finally {
            resolver.destroy();
            resolver.waitFor();
        }
    }

    private static Message ask(int port, String name, int type) throws IOException {
        var resolver = new org.xbill.DNS.SimpleResolver(new InetSocketAddress(DnsClient.LOOPBACK, port));
        resolver.setTimeout(Duration.ofSeconds(10));
        return resolver.send(DnsClient.query(name, type));
    }

    /** Asks until the resolver answers (it needs a moment to start), or fails with its log. */
    private static Message awaitAnswer(int port, String name, int type, Process resolver, Path directory)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            if (!resolver.isAlive()) {
                throw new AssertionError("unbound stopped: " + Files.readString(directory.resolve("unbound.log")));
            }
            try {
                var client = new org.xbill.DNS.SimpleResolver(new InetSocketAddress(DnsClient.LOOPBACK, port));
                client.setTimeout(Duration.ofSeconds(2));
                return client.send(DnsClient.query(name, type));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "unbound did not answer: " + Files.readString(directory.resolve("unbound.log")), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** A port free for both UDP and TCP right now (the resolver binds it a moment later). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(DnsClient.LOOPBACK, 0));
                try (DatagramSocket udp =
                        new DatagramSocket(new InetSocketAddress(DnsClient.LOOPBACK, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException taken) {
                    // that port's UDP side is in use: another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on loopback");
    }
}
