package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.lookup.Match;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.Subject;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.DatasetInfo;

/** The TXT strings: their exact formats, and that every one is a single ASCII string of at most 255 bytes. */
class TxtStringsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    private static final FileHashes EICAR = new FileHashes(Hash.parse(MD5), Hash.parse(SHA1), Hash.parse(SHA256));
    private static final Source.Vendor VENDOR = new Source.Vendor("outpost-demo", 3);

    private static Verdict verdict(Category category, LocalDate first, LocalDate last) {
        return new Verdict(category, "EICAR-Test-File", first, last, 0);
    }

    @Test
    void hashTxtIsEpochOfTheLastSeenDayAndThePercentOfTheZone() {
        Verdict malware = verdict(Category.MALWARE, LocalDate.of(2006, 5, 5), LocalDate.of(2026, 11, 20));
        assertThat(TxtStrings.hash(malware, 1)).isEqualTo("1795132800 100");
        assertThat(Instant.ofEpochSecond(1795132800)).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        Verdict adware = verdict(Category.ADWARE, LocalDate.of(2006, 5, 5), null);
        assertThat(TxtStrings.hash(adware, 1))
                .isEqualTo(Instant.parse("2006-05-05T00:00:00Z").getEpochSecond() + " 50");
        Verdict undated = verdict(Category.PHISHING, null, null);
        assertThat(TxtStrings.hash(undated, 1_700_000_000L)).isEqualTo("1700000000 100");
    }

    @Test
    void hashlookupRecordHasCirclsNamesAndTypes() throws Exception {
        Verdict malware = verdict(Category.MALWARE, null, null);
        String text = TxtStrings.hashlookup(new Subject.Digest(HashType.MD5, EICAR), MD5, malware, VENDOR);
        JsonNode record = JSON.readTree(text);
        assertThat(record.get("MD5").asText()).isEqualTo(MD5.toUpperCase());
        assertThat(record.get("SHA-1").asText()).isEqualTo(SHA1.toUpperCase());
        assertThat(record.get("SHA-256").asText()).isEqualTo(SHA256.toUpperCase());
        assertThat(record.get("KnownMalicious").asText()).isEqualTo("outpost-demo");
        assertThat(record.get("hashlookup:trust").isInt()).isTrue();
        assertThat(record.get("hashlookup:trust").asInt()).isZero();
        assertThat(text).startsWith("{\"SHA-1\":");

        Verdict clean = verdict(Category.CLEAN, null, null);
        JsonNode trusted =
                JSON.readTree(TxtStrings.hashlookup(new Subject.Digest(HashType.SHA1, EICAR), SHA1, clean, VENDOR));
        assertThat(trusted.has("KnownMalicious")).isFalse();
        assertThat(trusted.get("hashlookup:trust").asInt()).isEqualTo(90);
        assertThat(TxtStrings.trust(Category.TRUSTED)).isEqualTo(100);
        assertThat(TxtStrings.trust(Category.ADWARE)).isEqualTo(25);
        assertThat(TxtStrings.trust(Category.PHISHING)).isZero();
    }

    @Test
    void hashlookupRecordOfADigestWithoutVendorRecordNamesTheQueryInUpperCase() throws Exception {
        Source.Local local = new Source.Local(12, "alice");
        String text = TxtStrings.hashlookup(
                new Subject.Digest(HashType.SHA1, null), SHA1, verdict(Category.MALWARE, null, null), local);
        assertThat(JSON.readTree(text).properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("SHA-1", "KnownMalicious", "hashlookup:trust");
        assertThat(JSON.readTree(text).get("SHA-1").asText()).isEqualTo(SHA1.toUpperCase());
        assertThat(JSON.readTree(text).get("KnownMalicious").asText()).isEqualTo("local");
    }

    @Test
    void theLargestHashlookupRecordFitsOneString() throws Exception {
        Source.Vendor longName = new Source.Vendor("d".repeat(300), Long.MAX_VALUE);
        String text = TxtStrings.hashlookup(
                new Subject.Digest(HashType.SHA256, EICAR), SHA256, verdict(Category.MALWARE, null, null), longName);
        assertThat(text.getBytes(StandardCharsets.US_ASCII)).hasSizeLessThanOrEqualTo(255);
        JsonNode record = JSON.readTree(text);
        assertThat(record.get("KnownMalicious").asText()).hasSize(TxtStrings.MAX_SOURCE_CHARS);
        assertThat(record.has("MD5") && record.has("SHA-1") && record.has("SHA-256"))
                .isTrue();
    }

    @Test
    void infoIsCirclsShapeWithTheDatasetAndItsFileCount() throws Exception {
        DatasetInfo info = new DatasetInfo(
                "outpost-demo",
                7,
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                Instant.parse("2026-01-02T00:00:00Z"),
                "00",
                List.of(),
                Map.of("files", 5L, "certificates", 2L),
                null);
        JsonNode json = JSON.readTree(TxtStrings.info(info));
        assertThat(json.get("nsrl-version").asText()).isEqualTo("outpost-demo:7");
        assertThat(json.get("stat:hashlookup_total_keys").isNumber()).isTrue();
        assertThat(json.get("stat:hashlookup_total_keys").asLong()).isEqualTo(5);
        assertThat(json.get("hashlookup-version").asText()).isEqualTo("0.2");
    }

    @Test
    void listingTxtSaysCategoryThreatSourceAndMatch() {
        Verdict verdict = new Verdict(Category.MALWARE, "Test.Malware.Host", null, null, 0);
        assertThat(TxtStrings.listing(verdict, new Match(Match.Type.IP, "198.51.100.7/32"), VENDOR))
                .isEqualTo("MALWARE Test.Malware.Host; vendor outpost-demo#3; ip 198.51.100.7/32");
        Verdict bare = new Verdict(Category.SUSPICIOUS, null, null, null, 0);
        assertThat(TxtStrings.listing(bare, new Match(Match.Type.DOMAIN, "evil.example"), new Source.Local(4, "bob")))
                .isEqualTo("SUSPICIOUS; local verdict 4; domain evil.example");
    }

    @Test
    void listingTxtCutsTheThreatNameToFitAndKeepsItAscii() {
        Verdict verdict =
                new Verdict(Category.PHISHING, "Phish.\u00dcberweisung.\"x\"\\" + "y".repeat(170), null, null, 0);
        String text = TxtStrings.listing(verdict, new Match(Match.Type.DOMAIN, "d".repeat(200) + ".example"), VENDOR);
        assertThat(text.length()).isEqualTo(255);
        assertThat(text).startsWith("PHISHING Phish.?berweisung.?x??y");
        assertThat(text).endsWith("; vendor outpost-demo#3; domain " + "d".repeat(120));
        assertThat(text.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    @Test
    void rdataIsOneLengthPrefixedString() {
        assertThat(TxtStrings.rdata("1 2")).containsExactly(3, '1', ' ', '2');
        assertThat(TxtStrings.rdata("")).containsExactly(0);
        assertThat(TxtStrings.rdata("x".repeat(255))).hasSize(256);
    }

    @Test
    void asciiReplacesWhatWouldNeedEscaping() {
        assertThat(TxtStrings.ascii("a\"b\\c\u00e9d\u0007e\uD83D\uDE00f", 100)).isEqualTo("a?b?c?d?e?f");
        assertThat(TxtStrings.ascii("abcdef", 3)).isEqualTo("abc");
    }

    @Test
    void codesFollowTheDocumentedTable() {
        assertThat(ListingCodes.listed(Zones.Kind.IP, Category.MALWARE)).containsExactly(127, 0, 0, 5);
        assertThat(ListingCodes.listed(Zones.Kind.IP, Category.PHISHING)).containsExactly(127, 0, 0, 4);
        assertThat(ListingCodes.listed(Zones.Kind.IP, Category.SUSPICIOUS)).containsExactly(127, 0, 0, 2);
        assertThat(ListingCodes.listed(Zones.Kind.DOMAIN, Category.RISKWARE)).containsExactly(127, 0, 1, 7);
        assertThat(ListingCodes.listed(Zones.Kind.DOMAIN, Category.ADWARE)).containsExactly(127, 0, 1, 8);
        assertThat(ListingCodes.listed(Zones.Kind.DOMAIN, Category.CLEAN)).isNull();
        assertThat(ListingCodes.listed(Zones.Kind.IP, Category.TRUSTED)).isNull();
        assertThat(ListingCodes.test(Zones.Kind.IP)).containsExactly(127, 0, 0, 2);
        assertThat(ListingCodes.test(Zones.Kind.DOMAIN)).containsExactly(127, 0, 1, 2);
    }
}
