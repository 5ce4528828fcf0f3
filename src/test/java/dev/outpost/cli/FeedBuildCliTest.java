package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.publishing.BundleRecords;
import dev.outpost.publishing.KeyedRecords;
import dev.outpost.publishing.feeds.FeedFormat;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/**
 * {@code outpost bundle build} from every kind of public feed at once, beside a record file, through
 * the real command line (in process, as in PublisherCliTest): the bundle verifies, the counts add
 * up, and records that share a key are merged by severity, then by command-line order
 * (offline-bundles/FEEDS.md §Precedence).
 */
class FeedBuildCliTest {
    private static final String MIRAI_SHA256 = "c6121c8e713a27da30f44ddf21aaed72a486da93ebcd6fecc42d43e258c62c6b";
    private static final String PAYLOAD_URL = "http://evil.example/payload.exe";
    private static final String RDS_SHA256 = "1bfe0015b95d9db0de2044222c82d3cabcd0294c82544cfdeb833eac7ebc25eb";
    private static final Verdict ANY = new Verdict(Category.MALWARE, null, null, null, 0);

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = OutpostCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Result ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private static String fixture(String name) {
        try {
            return Path.of(FeedBuildCliTest.class.getResource("/feeds/" + name).toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void releaseKeyAndVendorRecords() throws Exception {
        ok("keygen", "--name", "release", "--out-dir", dir.toString());
        // The vendor's own view of three objects that the feeds also list.
        Files.writeString(
                dir.resolve("vendor.csv"),
                "kind,sha256,url,domain,verdict,threat_name\n"
                        + "file," + MIRAI_SHA256 + ",,,SUSPICIOUS,Vendor.Suspicious\n"
                        + "url,," + PAYLOAD_URL + ",,MALWARE,Vendor.Downloader\n"
                        + "domain,,,c2.evil.example,TRUSTED,Vendor.Partner\n");
        // NSRL RDSv3 (minimal flavour): a file NSRL's legacy text also lists, in two packages.
        try (Connection connection = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + path("rds.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT"
                    + " NULL, crc32 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL,"
                    + " package_id INTEGER NOT NULL, PRIMARY KEY (sha256, sha1, md5, crc32, file_name, file_size,"
                    + " package_id))");
            for (int packageId : new int[] {1, 2}) {
                statement.execute("INSERT INTO FILE VALUES ('" + RDS_SHA256.toUpperCase(Locale.ROOT)
                        + "', 'C9CBAB277BB8A5CC106BFD02E4026F76FB062E73', '7831A7A5BCB1FCD819383071C88F9B20',"
                        + " '1234ABCD', 'cheese.txt', 12, " + packageId + ")");
            }
        }
    }

    private Result build(String out, String... sources) {
        List<String> args = new ArrayList<>(List.of("bundle", "build"));
        args.addAll(Arrays.asList(sources));
        args.addAll(List.of(
                "--dataset",
                "acme",
                "--sequence",
                "7",
                "--created",
                "2026-11-30T00:00:00Z",
                "--key",
                path("release.key.pem"),
                "--out",
                path(out)));
        return run(args.toArray(String[]::new));
    }

    private List<ReputationRecord> records(String bundle) throws Exception {
        List<ReputationRecord> records = new ArrayList<>();
        BundleRecords.read(
                dir.resolve(bundle),
                TrustedKeys.of(1, KeyFiles.readPublic(dir.resolve("release.pub.pem"))),
                records::add);
        return records;
    }

    @Test
    void buildsOneBundleFromEveryFeedAndARecordFileMergingByZoneThenCommandLineOrder() throws Exception {
        Result result = build(
                "feeds.bundle",
                "--records",
                path("vendor.csv"),
                "--feed",
                "malwarebazaar-csv=" + fixture("malwarebazaar/recent.csv"),
                "--feed",
                "urlhaus-csv=" + fixture("urlhaus/csv_recent.csv"),
                "--feed",
                "threatfox-csv=" + fixture("threatfox/recent.csv"),
                "--feed=threatfox-json=" + fixture("threatfox/recent.json"),
                "--feed",
                "feodo-csv=" + fixture("feodo/ipblocklist.csv"),
                "--feed",
                "misp-feed=" + fixture("misp"),
                "--feed",
                "stix2=" + fixture("stix/bundle.json"),
                "--feed",
                "nsrl-legacy=" + fixture("nsrl/NSRLFile.txt"),
                "--feed",
                "nsrl-rds3=" + path("rds.db"));
        assertThat(result.exitCode()).as(result.err()).isZero();

        assertThat(result.out().lines())
                .containsExactly(
                        "records " + path("vendor.csv") + ": 3 records",
                        "feed malwarebazaar-csv=" + fixture("malwarebazaar/recent.csv")
                                + ": 2 entries, 2 records, 0 not mapped, 0 invalid skipped",
                        "feed urlhaus-csv=" + fixture("urlhaus/csv_recent.csv")
                                + ": 3 entries, 3 records, 0 not mapped, 0 invalid skipped",
                        "feed threatfox-csv=" + fixture("threatfox/recent.csv")
                                + ": 7 entries, 6 records, 1 not mapped, 0 invalid skipped",
                        "feed threatfox-json=" + fixture("threatfox/recent.json")
                                + ": 5 entries, 4 records, 1 not mapped, 0 invalid skipped",
                        "feed feodo-csv=" + fixture("feodo/ipblocklist.csv")
                                + ": 2 entries, 2 records, 0 not mapped, 0 invalid skipped",
                        "feed misp-feed=" + fixture("misp")
                                + ": 19 entries, 13 records, 7 not mapped, 0 invalid skipped",
                        "feed stix2=" + fixture("stix/bundle.json")
                                + ": 13 entries, 12 records, 6 not mapped, 0 invalid skipped",
                        "feed nsrl-legacy=" + fixture("nsrl/NSRLFile.txt")
                                + ": 5 entries, 4 records, 0 not mapped, 1 consecutive duplicates, 0 invalid skipped",
                        "feed nsrl-rds3=" + path("rds.db")
                                + ": 2 entries, 1 records, 0 not mapped, 1 consecutive duplicates, 0 invalid skipped",
                        // The vendor's YELLOW file and GREEN domain, the vendor's URL listed again by URLhaus,
                        // the certificate MISP lists as malicious and STIX as benign, NSRL's repeated file.
                        "merged: 5 of 50 records shared a key with a more severe or earlier record and were dropped",
                        "Wrote " + path("feeds.bundle") + ": dataset acme sequence 7, 16 files, 1 certificates,"
                                + " 8 urls, 9 domains, 11 IP ranges, " + Files.size(dir.resolve("feeds.bundle"))
                                + " bytes");
        assertThat(ok("bundle", "verify", path("feeds.bundle"), "--trust", path("release.pub.pem"))
                        .out())
                .startsWith("OK: dataset acme sequence 7");

        List<ReputationRecord> records = records("feeds.bundle");
        assertThat(records).hasSize(45);
        assertThat(fileVerdict(records, MIRAI_SHA256))
                .as("RED from MalwareBazaar over the vendor's earlier YELLOW")
                .isEqualTo("MALWARE Mirai");
        assertThat(keyedVerdict(records, KeyedRecords.domain("c2.evil.example", ANY)))
                .as("RED from ThreatFox over the vendor's earlier TRUSTED")
                .isEqualTo("MALWARE Cobalt Strike");
        assertThat(keyedVerdict(records, KeyedRecords.url(PAYLOAD_URL, ANY)))
                .as("both RED: the source named first")
                .isEqualTo("MALWARE Vendor.Downloader");
        assertThat(fileVerdict(records, "6daa086577c91d8457ca0ead9ba2686b5122c10d"))
                .isEqualTo("CLEAN null");
    }

    @Test
    void theOrderBetweenRecordsAndFeedsOnTheCommandLineDecidesWithinAZone() throws Exception {
        Result result = build(
                "reversed.bundle",
                "--feed",
                "urlhaus-csv=" + fixture("urlhaus/csv_recent.csv"),
                "--records",
                path("vendor.csv"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("feed urlhaus-csv=");
        assertThat(keyedVerdict(records("reversed.bundle"), KeyedRecords.url(PAYLOAD_URL, ANY)))
                .isEqualTo("MALWARE exe,AgentTesla");
    }

    @Test
    void domainsAreHashedUnlessTheBuildListsThem() throws Exception {
        Result hashed = build("hashed.bundle", "--records", path("vendor.csv"));
        assertThat(hashed.exitCode()).as(hashed.err()).isZero();
        Result listed = build("listed.bundle", "--records", path("vendor.csv"), "--domain-names", "listed");
        assertThat(listed.exitCode()).as(listed.err()).isZero();

        assertThat(domainNames(records("hashed.bundle"))).containsExactly((String) null);
        assertThat(domainNames(records("listed.bundle"))).containsExactly("c2.evil.example");
        assertThat(manifestFormat("hashed.bundle"))
                .as("readable by appliances that predate names")
                .isEqualTo(1);
        assertThat(manifestFormat("listed.bundle")).isEqualTo(2);
        Result wrong = build("wrong.bundle", "--records", path("vendor.csv"), "--domain-names", "all");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).contains("--domain-names");
    }

    private int manifestFormat(String bundle) throws Exception {
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(dir.resolve(bundle))) {
            return new dev.outpost.bundle.BundleVerifier(
                            TrustedKeys.of(1, KeyFiles.readPublic(dir.resolve("release.pub.pem"))),
                            dev.outpost.bundle.BundleLimits.DEFAULTS)
                    .verify(file, java.time.Instant.now())
                    .manifest()
                    .format();
        }
    }

    private static List<String> domainNames(List<ReputationRecord> records) {
        return records.stream()
                .filter(r -> r instanceof ReputationRecord.Keyed keyed
                        && keyed.space() == dev.outpost.reputation.KeySpace.DOMAIN_SHA256)
                .map(r -> ((ReputationRecord.Keyed) r).name())
                .toList();
    }

    @Test
    void recordFilesAloneStillRefuseTwoRecordsForOneKeyAndAFeedMakesThemMerge() throws Exception {
        Files.writeString(
                dir.resolve("more.csv"), "kind,url,verdict,threat_name\nurl," + PAYLOAD_URL + ",PHISHING,Other\n");

        Result refused = build("refused.bundle", "--records", path("vendor.csv"), path("more.csv"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("more than one record for url-expression");

        Result merged = build(
                "merged.bundle",
                "--records",
                path("vendor.csv"),
                path("more.csv"),
                "--feed",
                "feodo-csv=" + fixture("feodo/ipblocklist.csv"));
        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(keyedVerdict(records("merged.bundle"), KeyedRecords.url(PAYLOAD_URL, ANY)))
                .isEqualTo("MALWARE Vendor.Downloader");
    }

    @Test
    void anInvalidFeedEntryStopsTheBuildNamingFileAndLineAndNothingIsWritten() {
        Result result = build(
                "bad.bundle",
                "--records",
                path("vendor.csv"),
                "--feed",
                "malwarebazaar-csv=" + fixture("malwarebazaar/invalid.csv"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("outpost: " + fixture("malwarebazaar/invalid.csv") + ":3: sha256_hash: hash has 12");
        assertThat(dir.resolve("bad.bundle")).doesNotExist();
        assertThat(dir.toFile().list()).noneMatch(name -> name.startsWith(".outpost-part-"));
    }

    @Test
    void skipInvalidTellsEachSkippedLineOnStderrAndCountsThemInTheSummary() throws Exception {
        Result result = build(
                "skipped.bundle",
                "--skip-invalid",
                "--feed",
                "malwarebazaar-csv=" + fixture("malwarebazaar/invalid.csv"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines())
                .hasSize(3)
                .allMatch(line -> line.startsWith("outpost: skipped " + fixture("malwarebazaar/invalid.csv") + ":"));
        assertThat(result.out()).contains(": 4 entries, 1 records, 0 not mapped, 3 invalid skipped");
        assertThat(records("skipped.bundle")).hasSize(1);
    }

    @Test
    void helpListsEveryFeedFormatAndASourceIsRequired() {
        Result help = ok("bundle", "build", "--help");
        for (String format : FeedFormat.ids()) {
            assertThat(help.out()).contains("  " + format + " ");
        }
        assertThat(help.out()).contains("--feed=FORMAT=FILE", "FORMAT:", "Precedence when sources are merged");

        Result none = build("none.bundle");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Give at least one source: --records FILE or --feed FORMAT=FILE");

        Result unknown = build("x.bundle", "--feed", "openphish=" + path("vendor.csv"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Invalid value for option '--feed': unknown feed format 'openphish'");
    }

    private static String fileVerdict(List<ReputationRecord> records, String hex) {
        Hash wanted = Hash.parse(hex);
        return records.stream()
                .filter(ReputationRecord.File.class::isInstance)
                .map(ReputationRecord.File.class::cast)
                .filter(file -> wanted.equals(file.hashes().get(wanted.type())))
                .map(file -> file.verdict().category() + " " + file.verdict().threatName())
                .findFirst()
                .orElseThrow();
    }

    private static String keyedVerdict(List<ReputationRecord> records, ReputationRecord.Keyed wanted) {
        return records.stream()
                .filter(ReputationRecord.Keyed.class::isInstance)
                .map(ReputationRecord.Keyed.class::cast)
                .filter(keyed -> keyed.space() == wanted.space() && Arrays.equals(keyed.key(), wanted.key()))
                .map(keyed -> keyed.verdict().category() + " " + keyed.verdict().threatName())
                .findFirst()
                .orElseThrow();
    }
}
