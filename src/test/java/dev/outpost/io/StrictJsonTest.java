package dev.outpost.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.outpost.bundle.Manifest;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootDocument;

/**
 * The strict reader of signed JSON (issue 11 items 8 and 12): what FORMAT.md says a manifest or a
 * root document may not be is refused, and the refusal names the field and the place in the
 * project's words, never a Java class or a parser feature.
 */
class StrictJsonTest {
    /** A Java class or package name, or words only a parser's internals use. */
    static final Pattern INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta|com|dev|org|io|sun)\\.[a-z]+\\.|Exception|DeserializationFeature|MapperFeature"
                    + "|\\bclass\\b|Jackson|`");

    private static final String VALID = "{\"format\":1,\"dataset\":\"demo\",\"sequence\":2,"
            + "\"created\":\"2026-11-23T00:00:00Z\",\"expires\":\"2036-11-20T00:00:00Z\",\"kind\":\"full\","
            + "\"base\":null,\"stateSha256\":null,\"counts\":{\"files\":0,\"certificates\":0},"
            + "\"parts\":[{\"name\":\"names\",\"size\":0,\"sha256\":\"" + "0".repeat(64) + "\",\"entries\":0}]}";

    private static Manifest parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Manifest parse(byte[] json) {
        return StrictJson.read(json, Manifest.class, "manifest", "malformed-manifest");
    }

    /** Review of issue 11: an optional count may be absent (0), but null is not a count. */
    @Test
    void refusesANullCount() {
        assertThat(parse(VALID.replace("\"certificates\":0", "\"certificates\":0,\"urls\":0"))
                        .counts())
                .containsEntry("urls", 0L);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> parse(VALID.replace("\"certificates\":0", "\"certificates\":0,\"urls\":null")))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("malformed-manifest");
                    assertThat(e.detail()).isEqualTo("counts.urls must be an integer, not null");
                });
    }

    @Test
    void readsAValidManifest() {
        assertThat(parse(VALID).sequence()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            fraction for an integer      | "sequence":2          | "sequence":2.5                | 'sequence' must be an integer
            exact float for an integer   | "sequence":2          | "sequence":2.0                | 'sequence' must be an integer
            exponent for an integer      | "sequence":2          | "sequence":2e0                | 'sequence' must be an integer
            string for an integer        | "sequence":2          | "sequence":"2"                | 'sequence' must be an integer
            boolean for an integer       | "sequence":2          | "sequence":true               | 'sequence' must be an integer
            integer out of range         | "sequence":2          | "sequence":99999999999999999999 | 'sequence' is out of range
            string for the format        | "format":1            | "format":"1"                  | 'format' must be an integer
            fraction in a count          | "files":0             | "files":0.5                   | 'counts.files' must be an integer
            string in a count            | "files":0             | "files":"0"                   | 'counts.files' must be an integer
            string for a part size       | "size":0              | "size":"0"                    | 'parts[0].size' must be an integer
            number for a string          | "dataset":"demo"      | "dataset":7                   | 'dataset' must be a string
            epoch seconds for an instant | "created":"2026-11-23T00:00:00Z" | "created":1795392000 | 'created' must be an ISO-8601 instant
            date for an instant          | "created":"2026-11-23T00:00:00Z" | "created":"2026-11-23" | 'created' must be an ISO-8601 instant
            offset for an instant        | "created":"2026-11-23T00:00:00Z" | "created":"2026-11-23T01:00:00+01:00" | 'created' must be an ISO-8601 instant
            lower-case instant           | "created":"2026-11-23T00:00:00Z" | "created":"2026-11-23t00:00:00z" | 'created' must be an ISO-8601 instant
            hour 24 for an instant       | "created":"2026-11-23T00:00:00Z" | "created":"2026-11-22T24:00:00Z" | 'created' must be an ISO-8601 instant
            leap second for an instant   | "created":"2026-11-23T00:00:00Z" | "created":"2026-11-22T23:59:60Z" | 'created' must be an ISO-8601 instant
            string for an object         | "base":null           | "base":""                     | 'base' must be an object
            unknown field                | "format":1            | "format":1,"x":1              | unknown field 'x' at line 1
            unknown nested field         | "entries":0           | "entries":0,"y":1             | unknown field 'parts[0].y' at line 1
            duplicate key                | "format":1            | "format":1,"format":1         | field 'format' appears twice at line 1
            missing field                | "format":1,           | <none>                        | 'format' is missing
            """)
    void refusesWhatALenientParserWouldGuessAt(String name, String from, String to, String detail) {
        String json = VALID.replaceFirst(Pattern.quote(from), to.equals("<none>") ? "" : to);
        assertThat(json).isNotEqualTo(VALID);
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo("malformed-manifest");
            assertThat(e.detail()).startsWith("manifest: ").contains(detail).doesNotContainPattern(INTERNALS);
        });
    }

    @Test
    void refusesAByteOrderMark() {
        byte[] json = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThatThrownBy(() -> parse(withBom))
                .isInstanceOf(RejectedException.class)
                .hasMessage("manifest starts with a byte-order mark; it must be plain UTF-8");
    }

    @Test
    void refusesOtherEncodingsThanUtf8() {
        assertThatThrownBy(() -> parse(VALID.getBytes(StandardCharsets.UTF_16BE)))
                .isInstanceOf(RejectedException.class)
                .hasMessageNotContaining("Exception");
        assertThatThrownBy(() -> parse(new byte[] {'{', (byte) 0xC3, '}'}))
                .isInstanceOf(RejectedException.class)
                .hasMessage("manifest is not valid UTF-8");
    }

    @Test
    void refusesTrailingTokensAndNonJson() {
        for (String json : List.of(VALID + "{}", VALID + " x", "<manifest/>", "", "[]", "null")) {
            assertThatThrownBy(() -> parse(json))
                    .as(json)
                    .isInstanceOfSatisfying(
                            RejectedException.class,
                            e -> assertThat(e.detail()).startsWith("manifest").doesNotContainPattern(INTERNALS));
        }
    }

    @Test
    void rootDocumentsAreReadAsStrictly() {
        String root = "{\"type\":\"outpost-root\",\"version\":1,\"expires\":\"2036-11-20T00:00:00Z\","
                + "\"rootKeys\":[\""
                + RootDocument.encodeKey(KeyFiles.generate().getPublic())
                + "\"],\"rootThreshold\":1,\"releaseKeys\":[\""
                + RootDocument.encodeKey(KeyFiles.generate().getPublic()) + "\"],\"releaseThreshold\":1}";
        assertThat(RootDocument.parse(root.getBytes(StandardCharsets.UTF_8)).version())
                .isEqualTo(1);
        for (String bad : List.of(
                root.replace("\"version\":1", "\"version\":1.5"),
                root.replace("\"version\":1", "\"version\":\"1\""),
                root.replace("\"rootThreshold\":1", "\"rootThreshold\":1.0"),
                root + " {}",
                "\uFEFF" + root,
                root.replace("\"version\":1", "\"version\":1,\"x\":2"))) {
            assertThatThrownBy(() -> RootDocument.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOfSatisfying(RejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo("malformed-root");
                        assertThat(e.detail()).startsWith("root document").doesNotContainPattern(INTERNALS);
                    });
        }
    }

    @Test
    void showsAnUnknownFieldNameBoundedAndPrintable() {
        String json = VALID.replace("\"format\":1,", "\"format\":1,\"" + "\\u0007x".repeat(100) + "\":1,");
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.detail())
                        .startsWith("manifest: unknown field '" + "?x".repeat(32) + "…'")
                        .doesNotContain("\u0007"));
    }

    @Test
    void describesAParserFaultWithoutItsMessage() {
        JsonProcessingException fault = new JsonProcessingException("java.lang.Object at com.example.Thing") {};
        assertThat(StrictJson.describe(fault, false)).isEqualTo("not valid JSON");
    }
}
