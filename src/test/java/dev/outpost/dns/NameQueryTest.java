package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import dev.outpost.reputation.InvalidInputException;

/** How query names read, zone by zone: every accepted form, and the near misses that are not. */
class NameQueryTest {
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    private static final Zones ZONES = zones(Optional.empty());

    static Zones zones(Optional<String> hashlookup) {
        return new Zones(
                Zones.name("hash.outpost.internal", "hash"),
                Zones.name(hashlookup.orElse("hashlookup.outpost.internal"), "hashlookup"),
                Zones.name("ip.outpost.internal", "ip"),
                Zones.name("domain.outpost.internal", "domain"),
                Zones.name("ns.outpost.internal", "ns"),
                Zones.name("hostmaster.outpost.internal", "hostmaster"));
    }

    private static NameQuery read(String name) {
        try {
            Name parsed = Name.fromString(name, Name.root);
            return NameQuery.of(ZONES.locate(parsed).orElseThrow());
        } catch (TextParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256Labels(String hex) {
        return hex.substring(0, 32) + "." + hex.substring(32);
    }

    @Test
    void readsMd5Sha1AndSplitSha256InTheHashZone() {
        assertThat(read(MD5 + ".hash.outpost.internal")).isEqualTo(new NameQuery.Digest(MD5));
        assertThat(read(SHA1 + ".hash.outpost.internal.")).isEqualTo(new NameQuery.Digest(SHA1));
        assertThat(read(sha256Labels(SHA256) + ".hash.outpost.internal")).isEqualTo(new NameQuery.Digest(SHA256));
    }

    @Test
    void readsUpperCaseHexAndZoneNamesInAnyCaseAsLowerCase() {
        assertThat(read(MD5.toUpperCase() + ".HASH.Outpost.Internal.")).isEqualTo(new NameQuery.Digest(MD5));
        assertThat(read(sha256Labels(SHA256.toUpperCase()) + ".hashlookup.outpost.internal"))
                .isEqualTo(new NameQuery.Digest(SHA256));
    }

    @Test
    void readsTheLegacyMalwareNamesOfTeamCymru() {
        assertThat(read(MD5 + ".malware.hash.outpost.internal")).isEqualTo(new NameQuery.Digest(MD5));
        assertThat(read(sha256Labels(SHA256) + ".MALWARE.hash.outpost.internal"))
                .isEqualTo(new NameQuery.Digest(SHA256));
        assertThat(read("malware.hash.outpost.internal")).isEqualTo(NameQuery.EMPTY_NON_TERMINAL);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "44d88612fea8a8f36de82e1278abb02.hash.outpost.internal", // 31 digits
                "44d88612fea8a8f36de82e1278abb02f0.hash.outpost.internal", // 33 digits
                "44d88612fea8a8f36de82e1278abb02g.hash.outpost.internal", // not hex
                "3395856ce81f2b7382dee72602f798b642f1414.hash.outpost.internal", // 39 digits
                // a SHA-256 in one piece of 64 is not a label; split 31 + 33 it is no SHA-256
                "275a021bbfb6489e54d471899f7db9d.1663fc695ec2fe2a2c4538aabf651fd0f0.hash.outpost.internal",
                // an MD5 below another label, three labels, the legacy label on its own with junk
                "x.44d88612fea8a8f36de82e1278abb02f.hash.outpost.internal",
                "a.b.c.hash.outpost.internal",
                "malware.malware.hash.outpost.internal",
                "44d88612fea8a8f36de82e1278abb02f.malware.x.hash.outpost.internal",
                "\\032" + "4d88612fea8a8f36de82e1278abb02f.hash.outpost.internal", // a space byte
                "44d88612fea8a8f36de82e1278abb02\\255.hash.outpost.internal" // a non-ASCII byte
            })
    void anythingElseInTheHashZoneIsNoSuchName(String name) {
        assertThat(read(name)).isEqualTo(NameQuery.NO_SUCH_NAME);
    }

    @Test
    void readsTheApexOfEveryZone() {
        for (String zone : new String[] {"hash", "hashlookup", "ip", "domain"}) {
            assertThat(read(zone + ".outpost.internal.")).isEqualTo(NameQuery.APEX);
        }
    }

    @Test
    void namesOutsideTheZonesAreNone() throws TextParseException {
        assertThat(ZONES.locate(Name.fromString("outpost.internal."))).isEmpty();
        assertThat(ZONES.locate(Name.fromString("example.com."))).isEmpty();
        assertThat(ZONES.locate(Name.fromString("hash.outpost.internal.example.")))
                .isEmpty();
        assertThat(ZONES.locate(Name.fromString("xhash.outpost.internal."))).isEmpty();
    }

    @Test
    void readsInfoAndHashesInTheHashlookupZoneWhateverItsName() throws TextParseException {
        Zones circl = zones(Optional.of("dns.hashlookup.circl.lu"));
        Name info = Name.fromString("info.dns.hashlookup.circl.lu.");
        assertThat(NameQuery.of(circl.locate(info).orElseThrow())).isEqualTo(NameQuery.INFO);
        Name md5 = Name.fromString(MD5 + ".dns.hashlookup.circl.lu", Name.root);
        Zones.Located located = circl.locate(md5).orElseThrow();
        assertThat(located.kind()).isEqualTo(Zones.Kind.HASHLOOKUP);
        assertThat(NameQuery.of(located)).isEqualTo(new NameQuery.Digest(MD5));
        assertThat(read("INFO.hashlookup.outpost.internal")).isEqualTo(NameQuery.INFO);
        assertThat(read("information.hashlookup.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
        assertThat(read("malware.hashlookup.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
    }

    @Test
    void readsReversedIpv4Octets() {
        assertThat(read("7.100.51.198.ip.outpost.internal")).isEqualTo(new NameQuery.Address("198.51.100.7"));
        assertThat(read("0.0.0.0.ip.outpost.internal")).isEqualTo(new NameQuery.Address("0.0.0.0"));
        assertThat(read("255.255.255.255.ip.outpost.internal")).isEqualTo(new NameQuery.Address("255.255.255.255"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "100.51.198.ip.outpost.internal", // three octets
                "1.7.100.51.198.ip.outpost.internal", // five
                "07.100.51.198.ip.outpost.internal", // a leading zero: one spelling per address
                "256.100.51.198.ip.outpost.internal",
                "-1.100.51.198.ip.outpost.internal",
                "a.100.51.198.ip.outpost.internal",
                "1000.51.198.0.ip.outpost.internal",
                "example.com.ip.outpost.internal"
            })
    void anythingElseInTheIpZoneIsNoSuchName(String name) {
        assertThat(read(name)).isEqualTo(NameQuery.NO_SUCH_NAME);
    }

    /** RFC 5782 §2.4: 2001:db8::1 as 32 nibbles, least significant first. */
    @Test
    void readsReversedIpv6Nibbles() {
        String nibbles = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
        assertThat(read(nibbles + ".ip.outpost.internal"))
                .isEqualTo(new NameQuery.Address("2001:0db8:0000:0000:0000:0000:0000:0001"));
        assertThat(read(nibbles.toUpperCase() + ".ip.outpost.internal"))
                .isEqualTo(new NameQuery.Address("2001:0db8:0000:0000:0000:0000:0000:0001"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // 31 nibbles, 33 nibbles, a two-digit label, a non-hex label
                "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
                "1.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
                "10.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
                "g.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2"
            })
    void wrongNibbleFormsAreNoSuchName(String nibbles) {
        assertThat(read(nibbles + ".ip.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
    }

    /** RFC 5782 §5: the test entries, whatever the dataset says. */
    @Test
    void answersTheRfc5782TestPoints() {
        assertThat(read("2.0.0.127.ip.outpost.internal")).isEqualTo(NameQuery.LISTED_TEST_POINT);
        assertThat(read("1.0.0.127.ip.outpost.internal")).isEqualTo(NameQuery.UNLISTED_TEST_POINT);
        String mapped2 = "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
        String mapped1 = "1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
        assertThat(read(mapped2 + ".ip.outpost.internal")).isEqualTo(NameQuery.LISTED_TEST_POINT);
        assertThat(read(mapped1.toUpperCase() + ".ip.outpost.internal")).isEqualTo(NameQuery.UNLISTED_TEST_POINT);
        assertThat(read("TEST.domain.outpost.internal")).isEqualTo(NameQuery.LISTED_TEST_POINT);
        assertThat(read("invalid.domain.outpost.internal")).isEqualTo(NameQuery.UNLISTED_TEST_POINT);
        // Below them are ordinary names.
        assertThat(read("a.test.domain.outpost.internal")).isEqualTo(new NameQuery.Domain("a.test"));
        assertThat(read("3.0.0.127.ip.outpost.internal")).isEqualTo(new NameQuery.Address("127.0.0.3"));
    }

    @Test
    void readsDomainsAsTheyAreInLowerCase() {
        assertThat(read("malware.testing.google.test.domain.outpost.internal"))
                .isEqualTo(new NameQuery.Domain("malware.testing.google.test"));
        assertThat(read("Evil-Host.Example.domain.outpost.internal."))
                .isEqualTo(new NameQuery.Domain("evil-host.example"));
        assertThat(read("xn--bcher-kva.example.domain.outpost.internal"))
                .isEqualTo(new NameQuery.Domain("xn--bcher-kva.example"));
        assertThat(read("_dmarc.example.domain.outpost.internal")).isEqualTo(new NameQuery.Domain("_dmarc.example"));
    }

    @Test
    void domainsWithBytesNoHostNameHasAreNoSuchName() {
        assertThat(read("ex\\032ample.com.domain.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
        assertThat(read("ex\\.ample.com.domain.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
        assertThat(read("b\\195\\188cher.example.domain.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
        assertThat(read("a/b.example.domain.outpost.internal")).isEqualTo(NameQuery.NO_SUCH_NAME);
    }

    @Test
    void addressesAskedOfTheDomainListAreAnError() {
        assertThat(read("2.0.0.127.domain.outpost.internal")).isEqualTo(NameQuery.ADDRESS_IN_DOMAIN_LIST);
        assertThat(read("198.51.100.07.domain.outpost.internal")).isEqualTo(NameQuery.ADDRESS_IN_DOMAIN_LIST);
        String nibbles = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
        assertThat(read(nibbles + ".domain.outpost.internal")).isEqualTo(NameQuery.ADDRESS_IN_DOMAIN_LIST);
        // Three numeric labels and a name are a domain (the lookup decides what it makes of it).
        assertThat(read("1.2.3.domain.outpost.internal")).isEqualTo(new NameQuery.Domain("1.2.3"));
    }

    @Test
    void zonesMayNotOverlap() {
        assertThatThrownBy(() -> new Zones(
                        Zones.name("hash.outpost.internal", "hash"),
                        Zones.name("x.hash.outpost.internal", "hashlookup"),
                        Zones.name("ip.outpost.internal", "ip"),
                        Zones.name("domain.outpost.internal", "domain"),
                        Zones.name("ns.outpost.internal", "ns"),
                        Zones.name("hostmaster.outpost.internal", "hostmaster")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("x.hash.outpost.internal. is inside hash.outpost.internal.");
        assertThatThrownBy(() -> new Zones(
                        Zones.name("ip.outpost.internal", "hash"),
                        Zones.name("hashlookup.outpost.internal", "hashlookup"),
                        Zones.name("ip.outpost.internal", "ip"),
                        Zones.name("domain.outpost.internal", "domain"),
                        Zones.name("ns.outpost.internal", "ns"),
                        Zones.name("hostmaster.outpost.internal", "hostmaster")))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ".", "a..b", "-a.example", "a_b.example", "*.example", "a b", "ex\\.ample"})
    void refusesConfiguredNamesThatAreNoPlainDomainName(String text) {
        assertThatThrownBy(() -> Zones.name(text, "outpost.dns.suffix"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outpost.dns.suffix");
    }

    @Test
    void readsConfiguredNamesWithOrWithoutTheTrailingDotInAnyCase() {
        assertThat(Zones.name("Outpost.Internal.", "k")).isEqualTo(Zones.name("outpost.internal", "k"));
        assertThat(Zones.name("outpost.internal", "k").isAbsolute()).isTrue();
        assertThatThrownBy(() -> Zones.name("a".repeat(64) + ".example", "k"))
                .isInstanceOf(InvalidInputException.class);
    }
}
