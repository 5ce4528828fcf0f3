package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.describe;
import static dev.outpost.publishing.feeds.FeedFixtures.domain;
import static dev.outpost.publishing.feeds.FeedFixtures.file;
import static dev.outpost.publishing.feeds.FeedFixtures.ip;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static dev.outpost.publishing.feeds.FeedFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatFoxTest {
    @TempDir
    Path dir;

    @Test
    void csvMapsEveryIocTypeWithNoneAsEmptyAndCompromisedOrDoubtfulIocsAsSuspicious() throws Exception {
        var read = read(FeedFormat.THREATFOX_CSV, "threatfox/recent.csv");

        assertThat(read.report().summary()).endsWith(": 7 entries, 6 records, 1 not mapped, 0 invalid skipped");
        // ip:port is the address alone; the port is not part of an IP key.
        assertThat(describe(ip(read.records(), "155.103.71.242"))).isEqualTo("MALWARE Remcos 2026-09-24 null");
        assertThat(describe(domain(read.records(), "c2.evil.example")))
                .isEqualTo("MALWARE Cobalt Strike 2026-09-24 2026-09-30");
        assertThat(describe(url(read.records(), "https://blog.victim.example/wp-content/x.php")))
                .as("is_compromised: a legitimate site, warned about rather than blocked")
                .isEqualTo("SUSPICIOUS SocGholish 2026-09-24 null");
        assertThat(describe(file(read.records(), "7526ec633e0d937fa840e4dabd1c883d9e9d9e59fc90bcfddcc20f8918bcd98b")))
                .as("confidence 25")
                .isEqualTo("SUSPICIOUS Agent Tesla 2026-09-24 null");
        assertThat(describe(file(read.records(), "a14c93573b2e7d3538b36a553c454047")))
                .as("confidence 50")
                .isEqualTo("MALWARE Unknown malware 2026-09-24 null");
        assertThat(describe(file(read.records(), "bebd3df6808733a47737cf4b6463883931c25c31")))
                .as("malware_printable None: the malware id instead")
                .isEqualTo("MALWARE elf.mirai 2026-09-24 null");
    }

    @Test
    void csvFromBeforeIsCompromisedExistedReadsByItsOwnHeader() throws Exception {
        var read = read(FeedFormat.THREATFOX_CSV, "threatfox/old.csv");

        assertThat(read.records()).singleElement().satisfies(record -> assertThat(describe(record))
                .isEqualTo("MALWARE Emotet 2021-03-01 2021-03-05"));
        assertThat(describe(ip(read.records(), "198.51.100.23"))).startsWith("MALWARE");
    }

    @Test
    void jsonReadsValuesOfAnyTypeAndNamesTheIocOfAnError() throws Exception {
        var read = read(FeedFormat.THREATFOX_JSON, "threatfox/recent.json");

        assertThat(read.report().summary()).endsWith(": 5 entries, 4 records, 1 not mapped, 0 invalid skipped");
        assertThat(describe(ip(read.records(), "188.165.224.129"))).isEqualTo("MALWARE VShell 2026-10-05 null");
        assertThat(describe(domain(read.records(), "shop.victim.example")))
                .isEqualTo("SUSPICIOUS magecart 2026-10-05 2026-10-05");
        assertThat(describe(file(read.records(), "f52c34912698b9905f2aa1ee86f591e1a28de9d9addb3046a0cfbde7f0e0716d")))
                .isEqualTo("SUSPICIOUS Formbook 2026-10-05 null");
        assertThat(describe(ip(read.records(), "2001:db8::7"))).isEqualTo("MALWARE Sliver 2026-10-05 null");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"7": [{"ioc_value": "10.0.0.1:99999", "ioc_type": "ip:port", "first_seen_utc": "2026-10-05 02:05:04"}]}
                """);
        assertThatThrownBy(() -> read(FeedFormat.THREATFOX_JSON, bad, false))
                .hasMessage(bad + ":1: ioc 7: '99999' is not a port number");
    }

    @Test
    void anUnbracketedIpv6WithAPortIsAmbiguousAndRefused() throws Exception {
        Path csv = dir.resolve("v6.csv");
        Files.writeString(
                csv,
                "# \"first_seen_utc\",\"ioc_id\",\"ioc_value\",\"ioc_type\"\n"
                        + "\"2026-01-01 00:00:00\", \"1\", \"2001:db8::1:443\", \"ip:port\"\n");
        assertThatThrownBy(() -> read(FeedFormat.THREATFOX_CSV, csv, false))
                .hasMessageStartingWith(csv + ":2: expected IPv4:port or [IPv6]:port");
    }

    @Test
    void aJsonSyntaxErrorEndsTheFeedWithItsLineEvenWhenSkipping() throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"1\": [\n{\"ioc_value\": \"x\",,}\n]}\n");
        assertThatThrownBy(() -> read(FeedFormat.THREATFOX_JSON, bad, true))
                .hasMessageStartingWith(bad + ":2: not valid JSON: ");
    }

    /** Found by FeedsFuzzTest#feed: zero bytes after the first make Jackson read UTF-32. */
    @Test
    void aDocumentThatDoesNotDecodeIsInvalidJsonNotAnUnexpectedError() throws Exception {
        Path bad = dir.resolve("utf32.json");
        Files.write(bad, new byte[] {'{', 0, 0, 0, 0, 0, 0, 0, 0x1e, '#', '#', '#', '2', '3', '0'});
        assertThatThrownBy(() -> read(FeedFormat.THREATFOX_JSON, bad, true))
                .isInstanceOf(dev.outpost.reputation.InvalidInputException.class)
                .hasMessageStartingWith(bad + ":1: not valid JSON: the text does not decode: Invalid UTF-32");
    }
}
