package dev.outpost.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.Category;

/** Reading import files: every bad row is named with its line, and the limits hold. */
class VerdictFileTest {
    /** The limits as the configuration would give them. */
    private record Limits(int rows, long bytes) {}

    private static Limits limits(int rows, long bytes) {
        return new Limits(rows, bytes);
    }

    private static VerdictFile.Contents read(String text, VerdictFile.Format format) {
        return read(text.getBytes(StandardCharsets.UTF_8), format, limits(100_000, 1 << 24));
    }

    private static VerdictFile.Contents read(byte[] bytes, VerdictFile.Format format, Limits limits) {
        return VerdictFile.read(new ByteArrayInputStream(bytes), format, limits.rows(), limits.bytes());
    }

    private static VerdictFile.BatchRejected rejection(String text, VerdictFile.Format format) {
        try {
            read(text, format);
        } catch (VerdictFile.BatchRejected e) {
            return e;
        }
        throw new AssertionError("the file was not rejected");
    }

    @Test
    void csvColumnsMayComeInAnyOrderAndAnExportsExtraColumnsAreIgnored() {
        String csv = "\uFEFFverdict,Kind,value,expiresAt,id,owner,comment\r\n"
                + "MALWARE,domain,Evil.Example.,2030-01-01T00:00:00+01:00,12,bob,\"ticket 1, urgent\"\r\n"
                + "\r\n"
                + "clean,ip,10.0.0.0/8,,13,bob,\n";
        VerdictFile.Contents contents = read(csv, VerdictFile.Format.CSV);
        assertThat(contents.rows()).hasSize(2);
        VerdictFile.Row first = contents.rows().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.subject()).isEqualTo(new SubjectKey(LocalKind.DOMAIN, "evil.example"));
        assertThat(first.fields().comment()).isEqualTo("ticket 1, urgent");
        assertThat(first.fields().expiresAt()).isEqualTo(Instant.parse("2029-12-31T23:00:00Z"));
        assertThat(contents.rows().get(1).fields().verdict()).isEqualTo(Category.CLEAN);
        assertThat(contents.rows().get(1).line()).isEqualTo(4);
        assertThat(contents.sha256()).hasSize(64);
    }

    @Test
    void everyBadRowIsNamedWithItsLineAndReason() {
        String csv = "kind,value,verdict,threatName\n"
                + "domain,ok.example,MALWARE,\n"
                + "url,mailto:x@y,MALWARE,\n"
                + "domain,ok2.example,EVIL,\n"
                + "registry,x,MALWARE,\n"
                + "domain,OK.example,CLEAN,\n"
                + "domain,short.example,MALWARE\n"
                + "file,xyz,MALWARE,Trojan\tTab\n";
        VerdictFile.BatchRejected rejected = rejection(csv, VerdictFile.Format.CSV);
        assertThat(rejected.errorCount()).isEqualTo(6);
        assertThat(rejected.errors())
                .extracting(VerdictFile.RowError::row, VerdictFile.RowError::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "invalid-url"),
                        org.assertj.core.groups.Tuple.tuple(4, "invalid-local-verdict"),
                        org.assertj.core.groups.Tuple.tuple(5, "invalid-local-verdict"),
                        org.assertj.core.groups.Tuple.tuple(6, "invalid-local-verdict"),
                        org.assertj.core.groups.Tuple.tuple(7, "invalid-import"),
                        org.assertj.core.groups.Tuple.tuple(8, "invalid-hash"));
        assertThat(rejected.errors().get(3).detail()).contains("row 2 is about the same domain 'ok.example'");
        assertThat(rejected.detail()).isEqualTo("6 rows are invalid (of 7 read); nothing was imported");
        Map<String, Object> extensions = rejected.extensions();
        assertThat(extensions).containsEntry("errorCount", 6).containsEntry("errorsNotListed", 0);
        assertThat((List<?>) extensions.get("errors")).hasSize(6);
    }

    @Test
    void aBadHeaderRejectsTheFile() {
        assertThat(rejection("kind,value\ndomain,x.example\n", VerdictFile.Format.CSV)
                        .errors()
                        .get(0)
                        .detail())
                .contains("needs a column 'verdict'");
        assertThat(rejection("kind,value,verdict,colour\n", VerdictFile.Format.CSV)
                        .errors()
                        .get(0)
                        .detail())
                .contains("unknown column 'colour'");
        assertThat(rejection("kind,value,verdict,Kind\n", VerdictFile.Format.CSV)
                        .errors()
                        .get(0)
                        .detail())
                .contains("appears twice");
    }

    @Test
    void jsonLinesAreCheckedLineByLine() {
        String jsonl =
                "{\"kind\":\"domain\",\"value\":\"a.example\",\"verdict\":\"MALWARE\",\"id\":7,\"expired\":false}\n"
                        + "\n"
                        + "{\"kind\":\"domain\",\"value\":\"b.example\"}\n"
                        + "[1,2]\n"
                        + "{\"kind\":\"domain\",\"value\":\"c.example\",\"verdict\":\"MALWARE\",\"colour\":\"red\"}\n"
                        + "{\"kind\":\"domain\",\"value\":\"d.example\",\"verdict\":5}\n"
                        + "{not json\r\n";
        VerdictFile.BatchRejected rejected = rejection(jsonl, VerdictFile.Format.JSONL);
        assertThat(rejected.errors()).extracting(VerdictFile.RowError::row).containsExactly(3, 4, 5, 6, 7);
        assertThat(rejected.errors().get(0).detail()).isEqualTo("verdict: is required");
        assertThat(read(jsonl.lines().findFirst().orElseThrow(), VerdictFile.Format.JSONL)
                        .rows())
                .hasSize(1);
    }

    @Test
    void theListStopsAtAThousandAndSaysHowManyMore() {
        StringBuilder csv = new StringBuilder("kind,value,verdict\n");
        for (int i = 0; i < 1500; i++) {
            csv.append("domain,d").append(i).append(".example,EVIL\n");
        }
        VerdictFile.BatchRejected rejected = rejection(csv.toString(), VerdictFile.Format.CSV);
        assertThat(rejected.errorCount()).isEqualTo(1500);
        assertThat(rejected.errors()).hasSize(1000);
        assertThat(rejected.extensions()).containsEntry("errorsNotListed", 500);
        assertThat(rejected.detail()).contains("the first 1000 are listed");
    }

    @Test
    void moreRowsOrBytesThanTheLimitsRefuseTheWholeFile() {
        String csv =
                "kind,value,verdict\ndomain,a.example,MALWARE\ndomain,b.example,MALWARE\ndomain,c.example,MALWARE\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(bytes, VerdictFile.Format.CSV, limits(2, 1 << 20)))
                .isInstanceOf(LocalVerdictException.BatchTooLarge.class)
                .hasMessageContaining("at most 2 rows");
        assertThatThrownBy(() -> read(bytes, VerdictFile.Format.CSV, limits(100, 40)))
                .isInstanceOf(LocalVerdictException.BatchTooLarge.class)
                .hasMessageContaining("at most 40 bytes");
        assertThat(read(bytes, VerdictFile.Format.CSV, limits(3, bytes.length)).rows())
                .hasSize(3);
    }

    @Test
    void aFileThatIsNotUtf8OrHoldsNothingIsRefused() {
        byte[] latin1 = "kind,value,verdict,comment\ndomain,a.example,MALWARE,caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(latin1, VerdictFile.Format.CSV, limits(100, 1 << 20)))
                .isInstanceOfSatisfying(
                        VerdictFile.BatchRejected.class,
                        e -> assertThat(e.errors().get(0).detail()).isEqualTo("the file is not UTF-8"));
        assertThatThrownBy(() -> read("kind,value,verdict\n", VerdictFile.Format.CSV))
                .hasMessage("the file holds no local verdicts");
    }

    @Test
    void mediaTypesNameTheFormat() {
        assertThat(VerdictFile.Format.ofMediaType("text/csv; charset=utf-8")).isEqualTo(VerdictFile.Format.CSV);
        assertThat(VerdictFile.Format.ofMediaType("application/x-ndjson")).isEqualTo(VerdictFile.Format.JSONL);
        assertThatThrownBy(() -> VerdictFile.Format.ofMediaType("application/json"))
                .isInstanceOf(LocalVerdictException.UnsupportedFormat.class);
    }
}
