package dev.outpost.dns;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.outpost.metrics.MetricsScrape;

/**
 * The DNS front end against the demo dataset, over UDP and TCP with dnsjava as the client: what each
 * zone answers (offline-bundles/demo-records.csv), the RFC 5782 test entries, local verdicts, the
 * protocol's edges (EDNS, truncation, malformed packets, refusals) and its bounds (rate limit, TCP
 * connections), and the metrics a query leaves.
 */
@QuarkusTest
@TestProfile(DnsProfile.class)
class DnsServerTest {
    private static final String OPERATOR = "test-operator-token-not-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    /** /usr/bin/true of Debian 12's coreutils: CLEAN in the demo data. */
    static final String TRUE_MD5 = "7a52c94ace40d9c052cf40f3541637c3";

    static final String UNKNOWN_MD5 = "0123456789abcdef0123456789abcdef";
    static final String HASHLOOKUP = "dns.hashlookup.circl.lu";
    /** 2001:db8::1, in the demo's SUSPICIOUS 2001:db8::/32. */
    static final String NIBBLES_2001_DB8_1 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";

    @Inject
    DnsServer server;

    @Inject
    DnsLookups lookups;

    private int port() {
        assertThat(server.port()).as("the DNS front end listens").isPositive();
        return server.port();
    }

    private Message udp(String name, int type) throws IOException {
        return DnsClient.ask(port(), name, type, false);
    }

    private Message tcp(String name, int type) throws IOException {
        return DnsClient.ask(port(), name, type, true);
    }

    static List<String> addresses(Message answer) {
        List<String> addresses = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress().getHostAddress());
            }
        }
        return addresses;
    }

    private static List<String> texts(Message answer) {
        List<String> texts = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt) {
                assertThat(txt.getStringsAsByteArrays())
                        .as("one character-string per TXT")
                        .hasSize(1);
                byte[] bytes = txt.getStringsAsByteArrays().get(0);
                assertThat(bytes.length).isLessThanOrEqualTo(255);
                texts.add(new String(bytes, StandardCharsets.US_ASCII));
            }
        }
        return texts;
    }

    private static void assertAuthoritative(Message answer, int rcode) {
        assertThat(Rcode.string(answer.getRcode())).isEqualTo(Rcode.string(rcode));
        assertThat(answer.getHeader().getFlag(Flags.AA)).as("AA").isTrue();
        assertThat(answer.getHeader().getFlag(Flags.RA)).as("RA: no recursion").isFalse();
    }

    /** NXDOMAIN or NODATA: no answer, the zone's SOA in authority with the negative TTL. */
    private static void assertNegative(Message answer, int rcode, String zone) {
        assertAuthoritative(answer, rcode);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        List<Record> authority = answer.getSection(Section.AUTHORITY);
        assertThat(authority).hasSize(1);
        SOARecord soa = (SOARecord) authority.get(0);
        assertThat(soa.getName().toString()).isEqualTo(zone + ".");
        assertThat(soa.getMinimum()).isEqualTo(60);
        assertThat(soa.getTTL()).isEqualTo(60);
    }

    @Test
    void hashZoneListsEicarByEveryDigestOverUdpAndTcp() throws IOException {
        String sha256 = EICAR_SHA256.substring(0, 32) + "." + EICAR_SHA256.substring(32);
        for (String name : new String[] {
            EICAR_MD5 + ".hash.outpost.internal",
            EICAR_SHA1.toUpperCase() + ".hash.outpost.internal",
            sha256 + ".hash.outpost.internal",
            EICAR_MD5 + ".malware.hash.outpost.internal",
            sha256 + ".malware.hash.outpost.internal"
        }) {
            for (boolean overTcp : new boolean[] {false, true}) {
                Message a = overTcp ? tcp(name, Type.A) : udp(name, Type.A);
                assertAuthoritative(a, Rcode.NOERROR);
                assertThat(addresses(a)).as(name).containsExactly("127.0.0.2");
                assertThat(a.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(300);
                assertThat(a.getSection(Section.AUTHORITY)).isEmpty();
            }
            // Team Cymru's "<last seen epoch> <percent>": EICAR was last seen 2026-11-20.
            assertThat(texts(udp(name, Type.TXT))).as(name).containsExactly("1795132800 100");
        }
        // The name keeps the case it was asked in (resolvers check it, draft-vixie-dnsext-dns0x20).
        Message mixed = udp(EICAR_MD5.toUpperCase() + ".Hash.Outpost.Internal", Type.A);
        assertThat(mixed.getQuestion().getName().toString()).startsWith(EICAR_MD5.toUpperCase() + ".Hash.Outpost");
        assertThat(mixed.getSection(Section.ANSWER).get(0).getName().toString())
                .startsWith(EICAR_MD5.toUpperCase() + ".Hash.Outpost");
    }

    @Test
    void hashZoneAnswersNxdomainForWhatIsNotListed() throws IOException {
        assertNegative(udp(UNKNOWN_MD5 + ".hash.outpost.internal", Type.A), Rcode.NXDOMAIN, "hash.outpost.internal");
        assertNegative(tcp(UNKNOWN_MD5 + ".hash.outpost.internal", Type.TXT), Rcode.NXDOMAIN, "hash.outpost.internal");
        // CLEAN is not malware: Team Cymru leaves NSRL files out too.
        assertNegative(udp(TRUE_MD5 + ".hash.outpost.internal", Type.A), Rcode.NXDOMAIN, "hash.outpost.internal");
        assertNegative(udp("not-a-hash.hash.outpost.internal", Type.A), Rcode.NXDOMAIN, "hash.outpost.internal");
        // A listed name has no other data; the legacy parent exists without data.
        assertNegative(udp(EICAR_MD5 + ".hash.outpost.internal", Type.AAAA), Rcode.NOERROR, "hash.outpost.internal");
        assertNegative(udp("malware.hash.outpost.internal", Type.A), Rcode.NOERROR, "hash.outpost.internal");
    }

    /** PyHashlookup's reading (interop.md §1.5): one TXT string, JSON, CIRCL's field names. */
    @Test
    void hashlookupZoneAnswersTheRecordAsJsonInOneTxtString() throws IOException {
        Message answer = udp(EICAR_MD5 + "." + HASHLOOKUP, Type.TXT);
        assertAuthoritative(answer, Rcode.NOERROR);
        List<String> texts = texts(answer);
        assertThat(texts).hasSize(1);
        JsonNode record = JSON.readTree(texts.get(0));
        assertThat(record.get("MD5").asText()).isEqualTo(EICAR_MD5.toUpperCase());
        assertThat(record.get("SHA-1").asText()).isEqualTo(EICAR_SHA1.toUpperCase());
        assertThat(record.get("SHA-256").asText()).isEqualTo(EICAR_SHA256.toUpperCase());
        assertThat(record.get("KnownMalicious").asText()).isEqualTo(dataset());
        assertThat(record.get("hashlookup:trust").asInt()).isZero();

        JsonNode clean = JSON.readTree(
                texts(tcp(TRUE_MD5.toUpperCase() + "." + HASHLOOKUP, Type.TXT)).get(0));
        assertThat(clean.has("KnownMalicious")).isFalse();
        assertThat(clean.get("hashlookup:trust").asInt()).isEqualTo(90);
        assertThat(clean.get("SHA-1").asText()).isEqualTo("8AE191681FA09D78923D555996D8746F8601146A");

        // A miss is empty, as CIRCL's server answers it (NOERROR, no answer).
        assertNegative(udp(UNKNOWN_MD5 + "." + HASHLOOKUP, Type.TXT), Rcode.NOERROR, HASHLOOKUP);
        assertNegative(udp("nothing-here." + HASHLOOKUP, Type.TXT), Rcode.NOERROR, HASHLOOKUP);
        assertNegative(udp(EICAR_MD5 + "." + HASHLOOKUP, Type.A), Rcode.NOERROR, HASHLOOKUP);

        JsonNode info = JSON.readTree(texts(udp("info." + HASHLOOKUP, Type.TXT)).get(0));
        assertThat(info.get("nsrl-version").asText()).isEqualTo(dataset() + ":1");
        assertThat(info.get("stat:hashlookup_total_keys").asLong()).isEqualTo(5);
        assertThat(info.get("hashlookup-version").asText()).isEqualTo("0.2");
    }

    private String dataset() {
        return lookups.dataset().orElseThrow().dataset();
    }

    @Test
    void ipZoneListsAddressesWithTheCodeOfTheirCategory() throws IOException {
        Message malware = udp("7.100.51.198.ip.outpost.internal", Type.A);
        assertAuthoritative(malware, Rcode.NOERROR);
        assertThat(addresses(malware)).containsExactly("127.0.0.5");
        assertThat(texts(tcp("7.100.51.198.ip.outpost.internal", Type.TXT)))
                .containsExactly("MALWARE Test.Malware.Host; vendor " + dataset() + "#1; ip 198.51.100.7/32");
        assertThat(addresses(udp("55.2.0.192.ip.outpost.internal", Type.A))).containsExactly("127.0.0.2");
        assertThat(addresses(udp(NIBBLES_2001_DB8_1 + ".ip.outpost.internal", Type.A)))
                .containsExactly("127.0.0.2");
        assertThat(texts(udp(NIBBLES_2001_DB8_1 + ".ip.outpost.internal", Type.TXT)))
                .containsExactly("SUSPICIOUS Test.Suspicious.Range6; vendor " + dataset() + "#1; ip 2001:db8::/32");
        assertNegative(udp("8.8.8.8.ip.outpost.internal", Type.A), Rcode.NXDOMAIN, "ip.outpost.internal");
        assertNegative(udp("51.198.ip.outpost.internal", Type.A), Rcode.NXDOMAIN, "ip.outpost.internal");
    }

    /** RFC 5782 §5, whatever the dataset says. */
    @Test
    void theRfc5782TestEntriesAnswerAsTheRfcSays() throws IOException {
        Message v4 = udp("2.0.0.127.ip.outpost.internal", Type.A);
        assertThat(addresses(v4)).containsExactly("127.0.0.2");
        assertThat(texts(udp("2.0.0.127.ip.outpost.internal", Type.TXT))).containsExactly("RFC 5782 test entry");
        assertNegative(udp("1.0.0.127.ip.outpost.internal", Type.A), Rcode.NXDOMAIN, "ip.outpost.internal");
        String mapped = "0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip.outpost.internal";
        assertThat(addresses(udp("2.0.0.0." + mapped, Type.A))).containsExactly("127.0.0.2");
        assertNegative(udp("1.0.0.0." + mapped, Type.A), Rcode.NXDOMAIN, "ip.outpost.internal");
        assertThat(addresses(udp("test.domain.outpost.internal", Type.A))).containsExactly("127.0.1.2");
        assertNegative(udp("INVALID.domain.outpost.internal", Type.A), Rcode.NXDOMAIN, "domain.outpost.internal");
    }

    @Test
    void domainZoneListsDomainsAndTheirSubdomains() throws IOException {
        assertThat(addresses(udp("malware.testing.google.test.domain.outpost.internal", Type.A)))
                .containsExactly("127.0.1.5");
        assertThat(addresses(tcp("a.b.MALWARE.testing.google.test.domain.outpost.internal", Type.A)))
                .containsExactly("127.0.1.5");
        assertThat(texts(udp("malware.testing.google.test.domain.outpost.internal", Type.TXT)))
                .containsExactly(
                        "MALWARE Test.Malware.Domain; vendor " + dataset() + "#1; domain malware.testing.google.test");
        // CLEAN is not listed; neither is what the dataset does not know.
        assertNegative(
                udp("testsafebrowsing.appspot.com.domain.outpost.internal", Type.A),
                Rcode.NXDOMAIN,
                "domain.outpost.internal");
        assertNegative(udp("example.com.domain.outpost.internal", Type.A), Rcode.NXDOMAIN, "domain.outpost.internal");
        // An address asked of the domain list: Spamhaus DBL's error code.
        assertThat(addresses(udp("2.0.0.127.domain.outpost.internal", Type.A))).containsExactly("127.0.1.255");
        assertThat(texts(udp("7.100.51.198.domain.outpost.internal", Type.TXT)).get(0))
                .startsWith("error: an IP address was queried in the domain list");
    }

    @Test
    void zoneApexesAnswerSoaAndNsForResolvers() throws IOException {
        for (String zone :
                new String[] {"hash.outpost.internal", HASHLOOKUP, "ip.outpost.internal", "domain.outpost.internal"}) {
            Message soa = udp(zone, Type.SOA);
            assertAuthoritative(soa, Rcode.NOERROR);
            SOARecord record = (SOARecord) soa.getSection(Section.ANSWER).get(0);
            assertThat(record.getSerial()).as("the dataset's sequence").isEqualTo(1);
            assertThat(record.getHost().toString()).isEqualTo("ns.outpost.internal.");
            assertThat(record.getMinimum()).isEqualTo(60);
            Message ns = tcp(zone, Type.NS);
            assertThat(((NSRecord) ns.getSection(Section.ANSWER).get(0))
                            .getTarget()
                            .toString())
                    .isEqualTo("ns.outpost.internal.");
            assertNegative(udp(zone, Type.A), Rcode.NOERROR, zone);
        }
    }

    @Test
    void refusesNamesOutsideItsZonesAndNeverRecurses() throws IOException {
        for (String name : new String[] {"example.com", "outpost.internal", "ns.outpost.internal", "."}) {
            Message answer = udp(name, Type.A);
            assertThat(answer.getRcode()).as(name).isEqualTo(Rcode.REFUSED);
            assertThat(answer.getHeader().getFlag(Flags.AA)).isFalse();
            assertThat(answer.getHeader().getFlag(Flags.RA)).isFalse();
            assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        }
        // CHAOS version.bind tells nothing.
        Message chaos = DnsClient.resolver(port(), false).send(DnsClient.query("version.bind", Type.TXT, DClass.CH));
        assertThat(chaos.getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void refusesZoneTransfers() throws IOException {
        try (DnsClient.Tcp connection = new DnsClient.Tcp(port(), DnsClient.LOOPBACK)) {
            for (int type : new int[] {Type.AXFR, Type.IXFR}) {
                Message answer = connection.ask(DnsClient.query("domain.outpost.internal", type));
                assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
                assertThat(answer.getSection(Section.ANSWER)).isEmpty();
            }
        }
        byte[] overUdp = DnsClient.udp(
                port(),
                DnsClient.query("ip.outpost.internal", Type.AXFR).toWire(),
                DnsClient.LOOPBACK,
                Duration.ofSeconds(10));
        assertThat(new Message(overUdp).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    /** RFC 8482: ANY gets one RRset, the one a client most likely wants. */
    @Test
    void answersAnyMinimally() throws IOException {
        Message listed = tcp(EICAR_MD5 + ".hash.outpost.internal", Type.ANY);
        assertThat(listed.getSection(Section.ANSWER)).hasSize(1);
        assertThat(addresses(listed)).containsExactly("127.0.0.2");
        Message apex = tcp("hash.outpost.internal", Type.ANY);
        assertThat(apex.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(texts(tcp(EICAR_SHA1 + "." + HASHLOOKUP, Type.ANY))).hasSize(1);
    }

    @Test
    void understandsEdnsAndRefusesVersionsItDoesNotSpeak() throws IOException {
        Message query = DnsClient.query(EICAR_MD5 + ".hash.outpost.internal", Type.A);
        query.addRecord(new OPTRecord(4096, 0, 0, 0x8000), Section.ADDITIONAL);
        Message answer = new Message(DnsClient.udp(port(), query.toWire(), DnsClient.LOOPBACK, Duration.ofSeconds(10)));
        assertThat(answer.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(answer.getOPT().getFlags() & 0x8000).as("DO copied").isEqualTo(0x8000);
        assertThat(addresses(answer)).containsExactly("127.0.0.2");

        Message v1 = DnsClient.query(EICAR_MD5 + ".hash.outpost.internal", Type.A);
        v1.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        Message badVersion =
                new Message(DnsClient.udp(port(), v1.toWire(), DnsClient.LOOPBACK, Duration.ofSeconds(10)));
        assertThat(badVersion.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(badVersion.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void malformedPacketsGetFormerrOrNothingAndTheServerGoesOn() throws IOException {
        Duration wait = Duration.ofMillis(1500);
        // Twelve bytes of header claiming a question that is not there.
        byte[] noQuestion = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
        Message formerr = new Message(DnsClient.udp(port(), noQuestion, DnsClient.LOOPBACK, wait));
        assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getFlag(Flags.QR)).isTrue();
        // A compression pointer that points at itself.
        byte[] loop = {0x00, 0x07, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 0x0C, 0, 1, 0, 1};
        assertThat(new Message(DnsClient.udp(port(), loop, DnsClient.LOOPBACK, wait)).getRcode())
                .isEqualTo(Rcode.FORMERR);
        // Two questions.
        Message two = DnsClient.query(EICAR_MD5 + ".hash.outpost.internal", Type.A);
        two.addRecord(DnsClient.query("ip.outpost.internal", Type.SOA).getQuestion(), Section.QUESTION);
        assertThat(new Message(DnsClient.udp(port(), two.toWire(), DnsClient.LOOPBACK, wait)).getRcode())
                .isEqualTo(Rcode.FORMERR);
        // Another opcode (NOTIFY).
        Message notify = DnsClient.query("ip.outpost.internal", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(new Message(DnsClient.udp(port(), notify.toWire(), DnsClient.LOOPBACK, wait)).getRcode())
                .isEqualTo(Rcode.NOTIMP);
        // Not answered at all: shorter than a header, a response (QR set), larger than any query.
        assertThat(DnsClient.udp(port(), new byte[] {1, 2, 3, 4, 5}, DnsClient.LOOPBACK, wait))
                .isNull();
        Message response = DnsClient.query("ip.outpost.internal", Type.SOA);
        response.getHeader().setFlag(Flags.QR);
        assertThat(DnsClient.udp(port(), response.toWire(), DnsClient.LOOPBACK, wait))
                .isNull();
        assertThat(DnsClient.udp(port(), new byte[1500], DnsClient.LOOPBACK, wait))
                .isNull();
        // Over 512 bytes a UDP query needs EDNS (RFC 6891 §4.3): padded with an additional TXT record.
        Message large = DnsClient.query(EICAR_MD5 + ".hash.outpost.internal", Type.A);
        large.addRecord(
                new TXTRecord(org.xbill.DNS.Name.root, DClass.IN, 0, List.of("x".repeat(255), "y".repeat(255))),
                Section.ADDITIONAL);
        assertThat(large.toWire().length).isBetween(513, 1232 - 11);
        assertThat(DnsClient.udp(port(), large.toWire(), DnsClient.LOOPBACK, wait))
                .isNull();
        large.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        assertThat(addresses(new Message(DnsClient.udp(port(), large.toWire(), DnsClient.LOOPBACK, wait))))
                .containsExactly("127.0.0.2");
        // Over TCP a frame longer than any query closes the connection.
        try (DnsClient.Tcp connection = new DnsClient.Tcp(port(), DnsClient.LOOPBACK)) {
            connection.send(new byte[4000]);
            assertThat(connection.closedByServer()).isTrue();
        }
        assertThat(addresses(udp(EICAR_MD5 + ".hash.outpost.internal", Type.A))).containsExactly("127.0.0.2");
    }

    /**
     * An answer that does not fit 512 bytes is sent truncated over UDP without EDNS, whole with EDNS
     * or over TCP. It takes a long name and a long TXT: a local verdict on a long domain.
     */
    @Test
    void truncatesWhatDoesNotFitTheClientsSizeAndTcpCarriesIt() throws IOException {
        String zone = ".domain.outpost.internal";
        // Labels of 57 characters up to 253 characters of name in all (the wire form is then 255 bytes).
        StringBuilder domain = new StringBuilder();
        while (domain.length() + zone.length() < 253 - 58) {
            domain.append("a".repeat(57)).append('.');
        }
        int room = 253 - zone.length() - domain.length() - ".example".length();
        domain.append("b".repeat(room)).append(".example");
        String name = domain + zone;
        assertThat(name).hasSize(253);
        long id = localVerdict("domain", domain.toString(), "MALWARE", "Long.Threat." + "x".repeat(180));
        try {
            SimpleResolver classic = DnsClient.resolver(port(), false);
            classic.setEDNS(-1, 0, 0, List.of());
            classic.setIgnoreTruncation(true);
            Message truncated = classic.send(DnsClient.query(name, Type.TXT));
            assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(truncated.getSection(Section.ANSWER)).isEmpty();
            assertThat(truncated.getQuestion().getName().toString()).isEqualTo(name + ".");
            assertThat(truncated.toWire().length).isLessThanOrEqualTo(512);

            Message overTcp = tcp(name, Type.TXT);
            assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(texts(overTcp).get(0))
                    .startsWith("MALWARE Long.Threat.xxx")
                    .hasSize(255);

            Message withEdns = DnsClient.resolver(port(), false).send(DnsClient.query(name, Type.TXT));
            assertThat(withEdns.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(texts(withEdns)).hasSize(1);
            // dnsjava's own resolver retries a truncated answer over TCP.
            classic.setIgnoreTruncation(false);
            assertThat(texts(classic.send(DnsClient.query(name, Type.TXT)))).hasSize(1);
            // The A answer is small and fits.
            assertThat(addresses(classic.send(DnsClient.query(name, Type.A)))).containsExactly("127.0.1.5");
        } finally {
            deleteLocalVerdict(id);
        }
    }

    /** Local verdicts decide over DNS as over the API (ADR 0009): TRUSTED delists, MALWARE lists. */
    @Test
    void localVerdictsDecideAsInTheApi() throws IOException {
        List<Long> ids = new ArrayList<>();
        try {
            ids.add(localVerdict("file", EICAR_SHA256, "TRUSTED", null));
            ids.add(localVerdict("domain", "malware.testing.google.test", "TRUSTED", null));
            ids.add(localVerdict("ip", "203.0.113.9", "PHISHING", "Phish.Local"));
            // A verdict on EICAR's SHA-256 answers for its MD5 too.
            assertNegative(udp(EICAR_MD5 + ".hash.outpost.internal", Type.A), Rcode.NXDOMAIN, "hash.outpost.internal");
            JsonNode record = JSON.readTree(
                    texts(udp(EICAR_MD5 + "." + HASHLOOKUP, Type.TXT)).get(0));
            assertThat(record.has("KnownMalicious")).isFalse();
            assertThat(record.get("hashlookup:trust").asInt()).isEqualTo(100);
            assertNegative(
                    udp("malware.testing.google.test.domain.outpost.internal", Type.A),
                    Rcode.NXDOMAIN,
                    "domain.outpost.internal");
            assertThat(addresses(udp("9.113.0.203.ip.outpost.internal", Type.A)))
                    .containsExactly("127.0.0.4");
            assertThat(texts(udp("9.113.0.203.ip.outpost.internal", Type.TXT)))
                    .containsExactly("PHISHING Phish.Local; local verdict " + ids.get(2) + "; ip 203.0.113.9/32");
        } finally {
            ids.forEach(DnsServerTest::deleteLocalVerdict);
        }
        assertThat(addresses(udp(EICAR_MD5 + ".hash.outpost.internal", Type.A))).containsExactly("127.0.0.2");
    }

    @Test
    void lookupsCountInTheMetricsUnderTheDnsEndpoints() throws IOException {
        Map<String, Double> before = MetricsScrape.samples();
        udp(EICAR_SHA1 + ".hash.outpost.internal", Type.A);
        udp(EICAR_SHA1 + "." + HASHLOOKUP, Type.TXT);
        udp(UNKNOWN_MD5 + ".hash.outpost.internal", Type.A);
        udp("7.100.51.198.ip.outpost.internal", Type.A);
        udp("malware.testing.google.test.domain.outpost.internal", Type.A);
        // Test entries, names of no shape and apexes are no lookups.
        udp("2.0.0.127.ip.outpost.internal", Type.A);
        udp("nothing.hash.outpost.internal", Type.A);
        udp("ip.outpost.internal", Type.SOA);
        Map<String, Double> after = MetricsScrape.samples();
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"dns_hash\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"dns_ip\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"dns_domain\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"none\",zone=\"grey\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"ip\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"domain\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(after.keySet())
                .noneMatch(series -> series.contains("outpost.internal") || series.contains(EICAR_SHA1));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    /**
     * Over its burst a client's TCP queries are REFUSED; its UDP queries are dropped, every second one
     * answered truncated instead (RRL's slip). Each test client has a loopback address of its own, so
     * that its bucket is its own.
     */
    @Test
    void aClientOverItsRateIsRefusedOverTcpAndSlippedOverUdp() throws IOException {
        InetAddress client = DnsClient.address("127.0.0.9");
        byte[] query = DnsClient.query("ip.outpost.internal", Type.SOA).toWire();
        int answered = 0;
        int refused = 0;
        try (DnsClient.Tcp connection = new DnsClient.Tcp(port(), client)) {
            for (int i = 0; i < DnsProfile.BURST + 100; i++) {
                Message answer = new Message(connection.exchange(query));
                if (answer.getRcode() == Rcode.REFUSED) {
                    refused++;
                } else {
                    answered++;
                }
            }
            assertThat(answered).isBetween(DnsProfile.BURST, DnsProfile.BURST + 99);
            assertThat(refused).isPositive();
        }
        // The same client over UDP, still over its rate: some dropped, the rest truncated, none answered.
        int sent = 6;
        int truncated = 0;
        int unanswered = 0;
        for (int i = 0; i < sent; i++) {
            byte[] bytes = DnsClient.udp(port(), query, client, Duration.ofMillis(300));
            if (bytes == null) {
                unanswered++;
            } else {
                Message answer = new Message(bytes);
                assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
                if (answer.getHeader().getFlag(Flags.TC)) {
                    truncated++;
                    assertThat(answer.getSection(Section.ANSWER)).isEmpty();
                }
            }
        }
        assertThat(truncated).isPositive();
        assertThat(unanswered).isPositive();
        // Other clients are unaffected.
        assertThat(udp("ip.outpost.internal", Type.SOA).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void aClientHoldsAtMostItsTcpConnectionsAndAnIdleOneIsClosed() throws IOException {
        InetAddress client = DnsClient.address("127.0.0.11");
        List<DnsClient.Tcp> held = new ArrayList<>();
        try {
            for (int i = 0; i < DnsProfile.MAX_CONNECTIONS_PER_CLIENT; i++) {
                DnsClient.Tcp connection = new DnsClient.Tcp(port(), client);
                held.add(connection);
                // Each is open: it answers.
                assertThat(connection
                                .ask(DnsClient.query("ip.outpost.internal", Type.SOA))
                                .getRcode())
                        .isEqualTo(Rcode.NOERROR);
            }
            try (DnsClient.Tcp oneTooMany = new DnsClient.Tcp(port(), client)) {
                assertThat(oneTooMany.closedByServer()).isTrue();
            }
            // Another client still gets in.
            try (DnsClient.Tcp other = new DnsClient.Tcp(port(), DnsClient.address("127.0.0.12"))) {
                assertThat(other.ask(DnsClient.query("ip.outpost.internal", Type.SOA))
                                .getRcode())
                        .isEqualTo(Rcode.NOERROR);
                // Idle for longer than the idle timeout (2 s): closed by the server.
                assertThat(other.closedByServer()).isTrue();
            }
        } finally {
            for (DnsClient.Tcp connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void aQueryTrickledByteByByteIsCutOffAtTheIdleTimeoutThoughEachByteArrivesSooner() throws IOException {
        byte[] query = DnsClient.query("ip.outpost.internal", Type.SOA).toWire();
        byte[] frame = new byte[query.length + 2];
        frame[0] = (byte) (query.length >>> 8);
        frame[1] = (byte) query.length;
        System.arraycopy(query, 0, frame, 2, query.length);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(DnsClient.address("127.0.0.13"), 0));
            socket.connect(new java.net.InetSocketAddress(DnsClient.LOOPBACK, port()), 10_000);
            socket.setTcpNoDelay(true);
            // One byte every 500 ms, a quarter of the 2 s idle timeout: the whole frame would take
            // over 20 s. The server must close the connection long before the last byte.
            socket.setSoTimeout(500);
            int sent = 0;
            boolean closed = false;
            while (sent < frame.length && !closed) {
                try {
                    socket.getOutputStream().write(frame[sent++]);
                    socket.getOutputStream().flush();
                    closed = socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing from the server yet: go on trickling
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed before the query was complete").isTrue();
            assertThat(sent).as("bytes sent before the server closed").isLessThan(frame.length / 2);
        }
    }

    static long localVerdict(String kind, String value, String verdict, String threatName) {
        Map<String, String> body = threatName == null
                ? Map.of("kind", kind, "value", value, "verdict", verdict)
                : Map.of("kind", kind, "value", value, "verdict", verdict, "threatName", threatName);
        return given().header("Authorization", "Bearer " + OPERATOR)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .<Number>path("id")
                .longValue();
    }

    static void deleteLocalVerdict(long id) {
        given().header("Authorization", "Bearer " + OPERATOR)
                .delete("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(204);
    }
}
