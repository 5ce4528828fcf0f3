package dev.outpost.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.RecordSource;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.UrlKey;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.web.IpRange;

/** URL, domain and IP range records from a publisher's CSV through a real bundle into the store (ADR 0008). */
class WebRecordsBundleTest {
    private static final String CSV = """
            kind,url,domain,ip,verdict,threat_name
            url,HTTP://Evil.EXAMPLE/phish/%6Cogin.html?x=1#frag,,,PHISHING,Phish.Test
            url,http://evil.example/phish/,,,PHISHING,Phish.Test
            domain,,MALWARE.Testing.Google.Test.,,MALWARE,Test.Domain
            ip,,,192.0.2.0/24,SUSPICIOUS,
            ip,,,2001:db8::/32,MALWARE,
            """;

    @TempDir
    Path dir;

    @Test
    void buildsAndImportsUrlDomainAndIpRecordsKeyedAsLookupsKeyThem() throws Exception {
        TestBundles keys = new TestBundles();
        BundleWriter writer = new BundleWriter();
        writer.add(TestBundles.eicar());
        RecordSource.readCsv(new BufferedReader(new StringReader(CSV)), writer::add);
        Manifest manifest = writer.write(
                dir.resolve("web.bundle"), "test", 1, TestBundles.CREATED, TestBundles.EXPIRES, Signers.of(keys.key));
        assertThat(manifest.counts())
                .containsEntry("urls", 2L)
                .containsEntry("domains", 1L)
                .containsEntry("ipRanges", 2L)
                .containsEntry("files", 1L);

        try (RocksGenerationStore store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS)) {
            ImportOutcome outcome = new BundleImporter(store, keys.trust(), BundleLimits.DEFAULTS, Clock.systemUTC())
                    .importBundle(dir.resolve("web.bundle"), "x", ImportProgress.NONE);
            assertThat(outcome).isInstanceOf(ImportOutcome.Activated.class);
            assertThat(store.activeInfo().orElseThrow().counts())
                    .containsEntry("urls", 2L)
                    .containsEntry("ipRanges", 2L);
            try (Generation generation = store.acquire().orElseThrow()) {
                byte[] login = generation.get(KeySpace.URL_EXPRESSION, UrlKey.of("evil.example/phish/login.html?x=1"));
                assertThat(login).as("canonical expression of the listed URL").isNotNull();
                assertThat(RecordCodec.decode(
                                        KeySpace.URL_EXPRESSION,
                                        UrlKey.of("evil.example/phish/login.html?x=1"),
                                        login,
                                        generation.threatNames())
                                .verdict()
                                .category())
                        .isEqualTo(Category.PHISHING);
                assertThat(generation.get(KeySpace.URL_EXPRESSION, UrlKey.of("evil.example/phish/")))
                        .isNotNull();
                assertThat(generation.get(KeySpace.DOMAIN_SHA256, DomainKey.of("malware.testing.google.test")))
                        .isNotNull();
                assertThat(generation.get(
                                KeySpace.IP_RANGE, IpRange.parse("192.0.2.0/24").key()))
                        .isNotNull();
                assertThat(generation.get(
                                KeySpace.IP_RANGE,
                                IpRange.parse("2001:db8::/32").key()))
                        .isNotNull();
            }
        }
    }

    @Test
    void namesWhatIsWrongWithAWebRecord() {
        assertThatThrownBy(
                        () -> read("kind,url,sha256,verdict\nurl,http://a.example/," + "0".repeat(64) + ",MALWARE\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.detail())
                        .contains("line 2", "'url' column only"));
        assertThatThrownBy(() -> read("kind,ip,verdict\nip,10.1.2.3/8,MALWARE\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("invalid-ip");
                    assertThat(e.detail()).contains("line 2", "10.0.0.0/8");
                });
        assertThatThrownBy(() -> read("kind,domain,verdict\ndomain,evil.example/path,MALWARE\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-domain"));
        assertThatThrownBy(() -> read("kind,domain,verdict\ndomain,192.0.2.1,MALWARE\n"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.detail()).contains("ip record"));
        assertThatThrownBy(() -> read("kind,url,verdict\nurl,mailto:a@b.example,MALWARE\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-url"));
    }

    @Test
    void readsWebRecordsFromJsonLinesToo() throws Exception {
        List<dev.outpost.reputation.ReputationRecord> records = new java.util.ArrayList<>();
        RecordSource.readJsonLines(new BufferedReader(new StringReader("""
                        {"kind": "url", "url": "http://Evil.example/phish/", "verdict": "PHISHING", "threatName": "P"}
                        {"kind": "domain", "domain": "evil.example", "verdict": "MALWARE"}
                        {"kind": "ip", "ip": "2001:db8::/32", "verdict": "SUSPICIOUS"}
                        """)), records::add);

        assertThat(records).hasSize(3);
        assertThat(((dev.outpost.reputation.ReputationRecord.Keyed) records.get(0)).key())
                .isEqualTo(UrlKey.of("evil.example/phish/"));
        assertThat(((dev.outpost.reputation.ReputationRecord.Keyed) records.get(2)).key())
                .isEqualTo(IpRange.parse("2001:db8::/32").key());
    }

    private static void read(String csv) throws Exception {
        RecordSource.readCsv(new BufferedReader(new StringReader(csv)), record -> {});
    }
}
