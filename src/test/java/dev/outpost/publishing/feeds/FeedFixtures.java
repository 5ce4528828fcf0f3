package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/** The hand-written feed files under src/test/resources/feeds and ways to find records among those read. */
final class FeedFixtures {
    /** The build time the tests read feeds at (a STIX indicator expired before it is not read). */
    static final Instant AS_OF = Instant.parse("2026-11-30T00:00:00Z");

    private static final Verdict ANY = new Verdict(Category.MALWARE, null, null, null, 0);

    private FeedFixtures() {}

    record Read(List<ReputationRecord> records, FeedReport report, List<String> warnings) {}

    static Path fixture(String name) {
        URL url = FeedFixtures.class.getResource("/feeds/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Read read(FeedFormat format, String fixture) throws IOException {
        return read(format, fixture(fixture), false);
    }

    static Read read(FeedFormat format, Path path, boolean skipInvalid) throws IOException {
        List<ReputationRecord> records = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        FeedReport report = Feeds.read(
                new FeedSource(format, path), new FeedOptions(skipInvalid, AS_OF, warnings::add), records::add);
        return new Read(records, report, warnings);
    }

    /** The file record holding {@code hex} among its digests. */
    static ReputationRecord.File file(List<ReputationRecord> records, String hex) {
        Hash wanted = Hash.parse(hex);
        return records.stream()
                .filter(ReputationRecord.File.class::isInstance)
                .map(ReputationRecord.File.class::cast)
                .filter(file -> wanted.equals(file.hashes().get(wanted.type())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no file record with " + hex + " in " + records));
    }

    static ReputationRecord.Certificate certificate(List<ReputationRecord> records, String sha256) {
        Hash wanted = Hash.parse(sha256, HashType.SHA256);
        return records.stream()
                .filter(ReputationRecord.Certificate.class::isInstance)
                .map(ReputationRecord.Certificate.class::cast)
                .filter(certificate -> certificate.sha256().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no certificate record " + sha256));
    }

    static ReputationRecord.Keyed url(List<ReputationRecord> records, String url) {
        return keyed(records, KeyedRecords.url(url, ANY), url);
    }

    static ReputationRecord.Keyed domain(List<ReputationRecord> records, String domain) {
        return keyed(records, KeyedRecords.domain(domain, ANY), domain);
    }

    static ReputationRecord.Keyed ip(List<ReputationRecord> records, String range) {
        return keyed(records, KeyedRecords.ipRange(range, ANY), range);
    }

    private static ReputationRecord.Keyed keyed(
            List<ReputationRecord> records, ReputationRecord.Keyed wanted, String what) {
        return records.stream()
                .filter(ReputationRecord.Keyed.class::isInstance)
                .map(ReputationRecord.Keyed.class::cast)
                .filter(keyed -> keyed.space() == wanted.space() && Arrays.equals(keyed.key(), wanted.key()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + wanted.space().id() + " record for " + what));
    }

    /** "CATEGORY name first last", for one assertion per record. */
    static String describe(ReputationRecord record) {
        Verdict verdict = record.verdict();
        return verdict.category() + " " + verdict.threatName() + " " + verdict.firstSeen() + " " + verdict.lastSeen();
    }
}
