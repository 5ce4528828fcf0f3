package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.certificate;
import static dev.outpost.publishing.feeds.FeedFixtures.describe;
import static dev.outpost.publishing.feeds.FeedFixtures.domain;
import static dev.outpost.publishing.feeds.FeedFixtures.file;
import static dev.outpost.publishing.feeds.FeedFixtures.fixture;
import static dev.outpost.publishing.feeds.FeedFixtures.ip;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static dev.outpost.publishing.feeds.FeedFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

class MispFeedTest {
    private static final String LOOSE = "57c4445b-c548-4654-af0b-4be3950d210f";

    @TempDir
    Path dir;

    @Test
    void readsEveryEventOfTheManifestWithNumbersWrittenAsStrings() throws Exception {
        var read = read(FeedFormat.MISP_FEED, "misp");
        var records = read.records();

        // 11 event attributes + 5 + 2 object attributes + 1 deleted object's + 2 in the second event, less the
        // file object's 3 digests read as one entry: 19 entries.
        assertThat(read.report().summary()).endsWith(": 19 entries, 13 records, 7 not mapped, 0 invalid skipped");
        assertThat(describe(file(records, "82e9bf5c1854952cb54b2dc1d5ee0f18")))
                .as("the event's galaxy tag names it; date and string timestamp date it")
                .isEqualTo("MALWARE Locky 2016-08-30 2016-08-30");
        assertThat(describe(file(records, "8cbe7216babeb2fb16e437e750b90a60cbd1f3a22f189f281e54c6316388ac0f")))
                .as("its own galaxy tag, first_seen and last_seen (converted to UTC)")
                .isEqualTo("MALWARE Zepto 2016-08-29 2016-08-31");
        assertThat(describe(url(records, "http://locky.example/upload/abc.php")))
                .startsWith("MALWARE Locky");
        assertThat(describe(ip(records, "198.51.100.7"))).as("ip-dst|port").startsWith("MALWARE Locky");
        assertThat(describe(domain(records, "c2.locky.example")))
                .as("domain|ip")
                .startsWith("MALWARE");
        assertThat(describe(ip(records, "198.51.100.8"))).as("domain|ip").startsWith("MALWARE");
        assertThat(file(records, "a1573e810c28f952152478a5d67c3b10cc3f8cb2")
                        .hashes()
                        .md5())
                .as("filename|sha1 whose file name holds a '|'")
                .isNull();
        assertThat(describe(certificate(records, "7e3e5b641bb95284ab02e6b9f694727d27337f1bc7d89a3d9a7f9788b51667f3")))
                .startsWith("MALWARE");
        ReputationRecord.File object = file(records, "924f8f7726995dceccd7b772f0712bee");
        assertThat(object.hashes().sha1().hex()).isEqualTo("a798ad5325a7b4ed6e80aa5fdfc41e6ecdf7336e");
        assertThat(object.hashes().sha256().hex())
                .isEqualTo("64ce0340de4a803566939006afcd8c3406d7b32f19bd2d4be40bf98032aaa284");
        assertThat(describe(domain(records, "pay.locky.example"))).startsWith("MALWARE");
        assertThat(describe(ip(records, "203.0.113.0/28"))).startsWith("MALWARE");
        assertThat(records)
                .as("not read: to_ids false, deleted, sha512, a deleted object's digest")
                .noneMatch(r -> r instanceof ReputationRecord.File f
                        && f.hashes().md5() != null
                        && f.hashes().md5().hex().equals("f8a6e4016cf2f94a0337bee133d62ab6"));
        assertThat(records.stream().filter(r -> r.kind() == dev.outpost.reputation.ObjectKind.DOMAIN))
                .as("www.google.com was context (to_ids false)")
                .hasSize(3);
    }

    @Test
    void readsAnEventWhoseOwnFieldsComeAfterItsAttributesAndFitsItsInfoAsThreatName() throws Exception {
        var records = read(FeedFormat.MISP_FEED, "misp").records();

        var phish = url(records, "https://secure-login.bank.example/session/");
        Verdict verdict = phish.verdict();
        assertThat(verdict.category()).as("the event's rsit phishing tag").hasToString("PHISHING");
        assertThat(verdict.threatName())
                .startsWith("Phishing campaign against the customers")
                .doesNotContain("\t");
        assertThat(verdict.threatName().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Verdict.MAX_THREAT_NAME_BYTES);
        assertThat(verdict.firstSeen()).hasToString("2026-09-01");
        assertThat(verdict.lastSeen())
                .as("the timestamp (2026-08-29) falls before the event's date: dropped")
                .isNull();
        assertThat(describe(domain(records, "mail.bank.example"))).startsWith("PHISHING");
    }

    @Test
    void refusesAManifestKeyThatIsNotAUuidBeforeUsingItAsAFileName() throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{\n  \"../../etc/passwd\": {}\n}\n");
        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessage(dir.resolve("manifest.json") + ":2: manifest key '../../etc/passwd' is not an event UUID");
    }

    @Test
    void underSkipInvalidAMissingOrBrokenEventIsOneSkippedEntryAndTheOthersAreRead() throws Exception {
        String missing = "11111111-2222-4333-8444-555555555555";
        String broken = "66666666-7777-4888-9999-000000000000";
        Files.writeString(
                dir.resolve("manifest.json"),
                "{\"" + missing + "\": {}, \"" + broken + "\": {}, \"" + LOOSE + "\": {}}");
        Files.writeString(dir.resolve(broken + ".json"), "{\"Event\": {\"Attribute\": [\n{\"type\": }]}}");
        Files.copy(fixture("misp/" + LOOSE + ".json"), dir.resolve(LOOSE + ".json"));

        var read = read(FeedFormat.MISP_FEED, dir, true);

        assertThat(read.report().skipped()).isEqualTo(2);
        assertThat(read.report().records()).isEqualTo(11);
        assertThat(read.warnings().get(0)).contains("the manifest lists event " + missing + " but");
        assertThat(read.warnings().get(1))
                .startsWith("skipped " + dir.resolve(broken + ".json") + ":2: not valid JSON");
        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessageStartingWith(dir.resolve("manifest.json") + ":1: the manifest lists event " + missing);
    }

    @Test
    void anInvalidAttributeNamesItsFileLineAndUuid() throws Exception {
        String uuid = "11111111-2222-4333-8444-555555555555";
        Files.writeString(dir.resolve("manifest.json"), "{\"" + uuid + "\": {}}");
        Path event = dir.resolve(uuid + ".json");
        Files.writeString(event, """
                {"Event": {"info": "x", "date": "2026-01-01", "Attribute": [
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000001", "type": "md5", "value": "nothex", "to_ids": true}
                ]}}
                """);
        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessageStartingWith(event + ":2: attribute aaaaaaaa-0000-4000-8000-000000000001: hash has 6");
    }

    @Test
    void anEventWhoseOwnFieldsAreInvalidIsOneEntryNamedByItsLine() throws Exception {
        String uuid = "11111111-2222-4333-8444-555555555555";
        Files.writeString(dir.resolve("manifest.json"), "{\"" + uuid + "\": {}}");
        Path event = dir.resolve(uuid + ".json");
        Files.writeString(event, """
                {
                  "Event": {"info": "x", "date": "30/08/2016", "Attribute": [
                    {"type": "md5", "value": "82e9bf5c1854952cb54b2dc1d5ee0f18", "to_ids": true}]}
                }
                """);
        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessageStartingWith(event + ":2: event " + uuid + ": Event.date is not a date");
        Files.writeString(event, "[]");
        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessage(event + ":1: expected an object with an \"Event\"");
    }

    @Test
    void anIpRangeWiderThanASlash16OrSlash32IsAnInvalidEntry() throws Exception {
        String uuid = "11111111-2222-4333-8444-555555555555";
        Files.writeString(dir.resolve("manifest.json"), "{\"" + uuid + "\": {}}");
        Path event = dir.resolve(uuid + ".json");
        Files.writeString(event, """
                {"Event": {"info": "x", "date": "2026-01-01", "Attribute": [
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000001", "type": "ip-dst", "value": "0.0.0.0/0", "to_ids": true},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000002", "type": "ip-src", "value": "10.0.0.0/15", "to_ids": true},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000003", "type": "domain|ip", "value": "a.example|2001:db8::/31",
                   "to_ids": true},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000004", "type": "ip-dst", "value": "10.1.0.0/16", "to_ids": true},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000005", "type": "ip-dst", "value": "2001:db8::/32", "to_ids": true}
                ]}}
                """);

        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessage(event + ":2: attribute aaaaaaaa-0000-4000-8000-000000000001: 0.0.0.0/0 is wider than a feed"
                        + " may list (/16 at most; write wider ranges in a record file)");
        var read = read(FeedFormat.MISP_FEED, dir, true);
        assertThat(read.report().skipped()).isEqualTo(3);
        assertThat(read.warnings().get(2))
                .endsWith(
                        "2001:db8::/31 is wider than a feed may list (/32 at most; write wider ranges in a record file)");
        assertThat(read.records())
                .as("the /16 and the /32 are kept; domain|ip is one entry, skipped whole")
                .hasSize(2);
        assertThat(ip(read.records(), "10.1.0.0/16")).isNotNull();
        assertThat(ip(read.records(), "2001:db8::/32")).isNotNull();
    }

    @Test
    void anAttributeOrObjectKeepingMoreTextThanTheEntryLimitIsInvalidWhateverEachStringsLength() throws Exception {
        String uuid = "11111111-2222-4333-8444-555555555555";
        Files.writeString(dir.resolve("manifest.json"), "{\"" + uuid + "\": {}}");
        // Each tag is within the string limit; five of them are more than one entry may keep.
        String tag = "{\"name\": \"" + "t".repeat(1_000_000) + "\"}";
        String tags = String.join(",", java.util.Collections.nCopies(5, tag));
        Path event = dir.resolve(uuid + ".json");
        Files.writeString(
                event,
                "{\"Event\": {\"info\": \"x\", \"date\": \"2026-01-01\", \"Attribute\": [\n"
                        + "{\"uuid\": \"aaaaaaaa-0000-4000-8000-000000000001\", \"type\": \"md5\", \"to_ids\": true,"
                        + " \"value\": \"82e9bf5c1854952cb54b2dc1d5ee0f18\", \"Tag\": [" + tags + "]},\n"
                        + "{\"uuid\": \"aaaaaaaa-0000-4000-8000-000000000002\", \"type\": \"md5\", \"to_ids\": true,"
                        + " \"value\": \"8cbe7216babeb2fb16e437e750b90a60\", \"Tag\": [" + tag + "]}],\n"
                        + "\"Object\": [{\"uuid\": \"bbbbbbbb-0000-4000-8000-000000000001\", \"name\": \"file\", \"Attribute\": ["
                        + String.join(
                                ",",
                                java.util.Collections.nCopies(
                                        5,
                                        "{\"type\": \"md5\", \"to_ids\": true, \"value\": \"924f8f7726995dceccd7b772f0712bee\","
                                                + " \"Tag\": [" + tag + "]}"))
                        + "]}]}}");

        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, dir, false))
                .hasMessage(
                        event + ":2: attribute aaaaaaaa-0000-4000-8000-000000000001: the entry holds more than 4194304"
                                + " characters of text in the fields Outpost reads (offline-bundles/FEEDS.md §Limits)");
        var read = read(FeedFormat.MISP_FEED, dir, true);
        assertThat(read.records())
                .as("the attribute with one long tag is read; the object's five attributes share one budget")
                .singleElement()
                .satisfies(r -> assertThat(file(read.records(), "8cbe7216babeb2fb16e437e750b90a60"))
                        .isNotNull());
        assertThat(read.warnings()).anySatisfy(w -> assertThat(w)
                .contains("object bbbbbbbb-0000-4000-8000-000000000001")
                .contains("the entry holds more than"));
    }

    @Test
    void aFeedGivenAsAFileIsRefused() {
        assertThatThrownBy(() -> read(FeedFormat.MISP_FEED, fixture("misp/manifest.json"), false))
                .hasMessageContaining("is not a directory (misp-feed reads a directory)");
    }
}
