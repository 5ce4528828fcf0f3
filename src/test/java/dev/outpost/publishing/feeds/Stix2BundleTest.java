package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.certificate;
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

class Stix2BundleTest {
    @TempDir
    Path dir;

    @Test
    void readsTheIndicatorsOfABundleAndPassesOverEverythingElse() throws Exception {
        var read = read(FeedFormat.STIX2, "stix/bundle.json");
        var records = read.records();

        assertThat(read.report().summary()).endsWith(": 13 entries, 12 records, 6 not mapped, 0 invalid skipped");
        assertThat(describe(file(records, "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c")))
                .isEqualTo("MALWARE File hash for Poison Ivy variant 2014-02-20 null");
        var dropper = file(records, "7f5a5ce083e3a8863416d363f45d55f6");
        assertThat(dropper.hashes().sha1().hex())
                .as("two digests ANDed in one observation: one file")
                .isEqualTo("fd0cc26aed64d11d62a55657e4e2867e7d4e3839");
        assertThat(describe(dropper)).isEqualTo("MALWARE Dropper 2026-01-02 null");
        assertThat(describe(url(records, "http://x.example/p/")))
                .isEqualTo("PHISHING Credential phishing pages 2026-01-01 null");
        assertThat(describe(domain(records, "evil-login.example"))).startsWith("PHISHING");
        assertThat(describe(domain(records, "in1.example"))).as("IN ( … )").startsWith("PHISHING");
        assertThat(describe(domain(records, "in2.example"))).startsWith("PHISHING");
        assertThat(describe(ip(records, "198.51.100.0/24")))
                .as("valid_from 2026-01-01T00:00:00+01:00 is 2025-12-31 in UTC")
                .isEqualTo("SUSPICIOUS Scanner networks 2025-12-31 null");
        assertThat(describe(ip(records, "2001:db8::/32"))).startsWith("SUSPICIOUS");
        assertThat(describe(ip(records, "203.0.113.0/25"))).as("ISSUBSET").startsWith("SUSPICIOUS");
        assertThat(describe(certificate(records, "7e3e5b641bb95284ab02e6b9f694727d27337f1bc7d89a3d9a7f9788b51667f3")))
                .isEqualTo("CLEAN Our own code-signing certificate 2026-01-01 null");
        assertThat(describe(domain(records, "maybe.example")))
                .as("confidence 20")
                .startsWith("SUSPICIOUS");
        assertThat(describe(url(records, "http://quoted.example/it's/a\\b"))).startsWith("MALWARE Quoted");
    }

    @Test
    void readsAStix20BundleWhoseIndicatorTypesAreLabelsAndWhichHasNoPatternType() throws Exception {
        Path bundle = dir.resolve("stix20.json");
        Files.writeString(bundle, """
                {"type": "bundle", "id": "bundle--2", "spec_version": "2.0", "objects": [
                  {"type": "indicator", "id": "indicator--20", "labels": ["benign"], "name": "Vendor tool",
                   "pattern": "[file:hashes.'SHA-256' = 'dc0b026e6cd630018c8b9f478b5ecf20fe31c1ecd2719fa8aad28414d36bbbe0']",
                   "valid_from": "2017-01-01T00:00:00Z"}
                ]}
                """);
        assertThat(read(FeedFormat.STIX2, bundle, false).records())
                .singleElement()
                .satisfies(record -> assertThat(describe(record)).isEqualTo("CLEAN Vendor tool 2017-01-01 null"));
    }

    @Test
    void anInvalidPatternNamesTheLineAndTheIndicator() throws Exception {
        Path bundle = dir.resolve("bad.json");
        Files.writeString(bundle, """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "indicator", "id": "indicator--bad",
                   "pattern": "[file:hashes.MD5 = 'abc'", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"}
                ]}
                """);
        assertThatThrownBy(() -> read(FeedFormat.STIX2, bundle, false))
                .hasMessage(bundle + ":2: indicator--bad: pattern: expected ']' at character 25");
    }

    @Test
    void refusesADocumentThatIsNotABundle() throws Exception {
        Path indicator = dir.resolve("indicator.json");
        Files.writeString(indicator, "{\"type\": \"indicator\", \"pattern\": \"[url:value = 'http://a.example/']\"}");
        assertThatThrownBy(() -> read(FeedFormat.STIX2, indicator, false))
                .hasMessage(indicator + ":1: not a STIX bundle: \"type\" must be \"bundle\"");
    }

    @Test
    void anIpRangeWiderThanASlash16IsAnInvalidEntryWhateverItsOperator() throws Exception {
        Path bundle = dir.resolve("wide.json");
        Files.writeString(bundle, """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "indicator", "id": "indicator--everything", "pattern_type": "stix",
                   "pattern": "[ipv4-addr:value ISSUBSET '0.0.0.0/1']", "valid_from": "2026-01-01T00:00:00Z"},
                  {"type": "indicator", "id": "indicator--v6", "pattern_type": "stix",
                   "pattern": "[ipv6-addr:value = '::/0']", "valid_from": "2026-01-01T00:00:00Z"},
                  {"type": "indicator", "id": "indicator--narrow", "pattern_type": "stix",
                   "pattern": "[ipv4-addr:value = '198.51.100.0/24']", "valid_from": "2026-01-01T00:00:00Z"}
                ]}
                """);
        assertThatThrownBy(() -> read(FeedFormat.STIX2, bundle, false))
                .hasMessage(bundle + ":2: indicator--everything: 0.0.0.0/1 is wider than a feed may list"
                        + " (/16 at most; write wider ranges in a record file)");
        var read = read(FeedFormat.STIX2, bundle, true);
        assertThat(read.report().skipped()).isEqualTo(2);
        assertThat(read.records()).singleElement().satisfies(r -> assertThat(r.kind())
                .isEqualTo(dev.outpost.reputation.ObjectKind.IP_RANGE));
    }

    @Test
    void aStringLongerThanTheLimitIsRefusedButOnlyWhenItIsRead() throws Exception {
        String huge = "A".repeat(FeedLimits.MAX_JSON_STRING_CHARS + 10);
        Path skipped = dir.resolve("long-description.json");
        Files.writeString(
                skipped,
                "{\"type\": \"bundle\", \"objects\": [{\"type\": \"indicator\", \"id\": \"indicator--1\","
                        + " \"description\": \"" + huge + "\", \"pattern\": \"[domain-name:value = 'a.example']\"}]}");
        assertThat(read(FeedFormat.STIX2, skipped, false).records()).hasSize(1);

        Path read = dir.resolve("long-pattern.json");
        Files.writeString(
                read,
                "{\"type\": \"bundle\", \"objects\": [{\"type\": \"indicator\", \"id\": \"indicator--1\","
                        + " \"pattern\": \"" + huge + "\"}]}");
        assertThatThrownBy(() -> read(FeedFormat.STIX2, read, false))
                .hasMessageStartingWith(read + ":1: the document exceeds a limit of the feed reader");
    }
}
