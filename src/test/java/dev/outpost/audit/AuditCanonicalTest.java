package dev.outpost.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.InvalidInputException;

/**
 * The chain rule byte for byte (docs/audit.md), and the bounds an entry is held to. The golden
 * vector was computed with Python's json.dumps and hashlib, the auditor's tools, not with this code.
 */
class AuditCanonicalTest {
    private static final String NOTE = "line1\nüñí \"q\" \\ \u0001 😀";

    @Test
    void canonicalFormAndHashMatchTheDocumentedGoldenVector() {
        TreeMap<String, String> details = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
        details.put("outcome", "ACTIVATED");
        details.put("file", "demo.bundle");
        details.put("note", NOTE);
        String canonical = AuditCanonical.canonical(
                1,
                1767225600000L,
                "alice",
                "192.0.2.1",
                "import",
                "42",
                AuditCanonical.details(details),
                AuditCanonical.GENESIS);
        assertThat(canonical)
                .isEqualTo("{\"action\":\"import\",\"actor\":\"alice\",\"address\":\"192.0.2.1\",\"details\":"
                        + "{\"file\":\"demo.bundle\",\"note\":\"line1\\nüñí \\\"q\\\" \\\\ \\u0001 😀\","
                        + "\"outcome\":\"ACTIVATED\"},\"prevHash\":\"" + "0".repeat(64)
                        + "\",\"seq\":1,\"target\":\"42\",\"time\":\"2026-01-01T00:00:00.000Z\"}");
        assertThat(AuditCanonical.sha256(canonical))
                .isEqualTo("2096ff83bc355a3d28f2569fa7bcf6904d16c4034b0ff913dff416dcbe8baf39");
    }

    @Test
    void nullAddressAndTargetAreJsonNull() {
        assertThat(AuditCanonical.canonical(7, 0, "system", null, "configuration.changed", null, "{}", "ab"))
                .isEqualTo("{\"action\":\"configuration.changed\",\"actor\":\"system\",\"address\":null,"
                        + "\"details\":{},\"prevHash\":\"ab\",\"seq\":7,\"target\":null,"
                        + "\"time\":\"1970-01-01T00:00:00.000Z\"}");
    }

    @Test
    void keysSortByCodePointAsPythonSortsThem() {
        List<String> keys = new ArrayList<>(List.of("b", "\uffff", "\uD800\uDC00", "a", "B", "é"));
        keys.sort(AuditCanonical.CODE_POINT_ORDER);
        // U+10000 after U+FFFF: String.compareTo (UTF-16 units) would put it first.
        assertThat(keys).containsExactly("B", "a", "b", "é", "\uffff", "\uD800\uDC00");
    }

    /** Every character below U+0080 and a few beyond, against the auditor's json.dumps itself. */
    @Test
    void escapingIsExactlyPythonsJsonDumps() throws IOException, InterruptedException {
        StringBuilder all = new StringBuilder();
        for (char c = 1; c < 0x80; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\u00a0\ufeff\uffff😀");
        TreeMap<String, String> details = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
        details.put("all", all.toString());
        details.put("\uffff", "x");
        details.put("\uD83D\uDE00", "y");
        String java = AuditCanonical.details(details);

        String script = "import json,sys\n"
                + "d=json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
                + "sys.stdout.buffer.write(json.dumps(d,sort_keys=True,separators=(',',':'),ensure_ascii=False)"
                + ".encode('utf-8'))\n";
        Process python = new ProcessBuilder("python3", "-c", script).start();
        python.getOutputStream().write(java.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).isZero();
        assertThat(out).isEqualTo(java);
    }

    @Test
    void timeIsIsoUtcWithMillisecondsAlways() {
        assertThat(AuditCanonical.time(1767225600000L)).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(AuditCanonical.time(1767225600123L)).isEqualTo("2026-01-01T00:00:00.123Z");
    }

    @Test
    void longValuesAreCutAndMarkedNeverRefused() {
        AuditContent content = AuditContent.of(
                new Actor("alice", "192.0.2.1"),
                "import",
                "t".repeat(5000),
                Map.of("reason", "r".repeat(5000), "k".repeat(100), "v"));
        assertThat(content.target()).hasSize(AuditContent.MAX_TARGET_CHARS).endsWith("…[cut from 5000 chars]");
        assertThat(content.details().get("reason"))
                .hasSize(AuditContent.MAX_VALUE_CHARS)
                .startsWith("rrr")
                .endsWith("…[cut from 5000 chars]");
        assertThat(content.details().keySet())
                .anySatisfy(key -> assertThat(key).hasSize(64).endsWith("…[cut from 100 chars]"));
    }

    @Test
    void atMostThirtyTwoDetailsTheLastCountingTheRest() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put(String.format("k%02d", i), "v");
        }
        AuditContent content = AuditContent.of(Actor.system(), "import", null, many);
        assertThat(content.details()).hasSize(32).containsEntry(AuditContent.MORE_KEY, "9 more not recorded");
        assertThat(content.details()).containsKey("k30").doesNotContainKey("k31");
    }

    @Test
    void secretNamedValuesAreKeptOnlyAsTheirDigest() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("token", "hunter2");
        details.put("adminPassword", "pw");
        details.put("tokenName", "alice");
        details.put("clientSecret", "sha256:" + "a".repeat(64));
        AuditContent content = AuditContent.of(Actor.system(), "token.created", "17", details);
        assertThat(content.details())
                .containsEntry("token", "sha256:" + AuditCanonical.sha256("hunter2"))
                .containsEntry("adminPassword", "sha256:" + AuditCanonical.sha256("pw"))
                .containsEntry("tokenName", "alice")
                .containsEntry("clientSecret", "sha256:" + "a".repeat(64));
    }

    @Test
    void unstorableCharactersBecomeReplacementCharacters() {
        AuditContent content =
                AuditContent.of(new Actor("a\u0000b", null), "import", "x\uD800y", Map.of("k", "\uDC00\uD83D\uDE00"));
        assertThat(content.actor()).isEqualTo("a\uFFFDb");
        assertThat(content.target()).isEqualTo("x\uFFFDy");
        assertThat(content.details().get("k")).isEqualTo("\uFFFD\uD83D\uDE00");
    }

    @Test
    void nullDetailValuesAreLeftOut() {
        Map<String, String> details = new HashMap<>();
        details.put("present", "1");
        details.put("absent", null);
        assertThat(AuditContent.of(Actor.system(), "import", null, details).details())
                .containsOnlyKeys("present");
    }

    @Test
    void anActionIsADottedLowercaseName() {
        assertThatThrownBy(() -> AuditContent.of(Actor.system(), "Import Done", null, Map.of()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AuditContent.of(Actor.system(), "a".repeat(65), null, Map.of()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(AuditContent.of(Actor.system(), AuditActions.LOCAL_VERDICT_CREATED, null, null)
                        .action())
                .isEqualTo("local-verdict.created");
    }

    @Test
    void storedDetailsAreReadBackOnlyWhenCanonical() {
        assertThat(AuditDetails.parse("{\"a\":\"1\",\"b\":\"2\"}"))
                .hasValueSatisfying(map -> assertThat(map).containsExactly(Map.entry("a", "1"), Map.entry("b", "2")));
        assertThat(AuditDetails.parse("{\"b\":\"2\",\"a\":\"1\"}")).isEmpty();
        assertThat(AuditDetails.parse("{\"a\": \"1\"}")).isEmpty();
        assertThat(AuditDetails.parse("{\"a\":1}")).isEmpty();
        assertThat(AuditDetails.parse("{\"a\":\"1\",\"a\":\"1\"}")).isEmpty();
        assertThat(AuditDetails.parse("[]")).isEmpty();
        assertThat(AuditDetails.parse("{\"a\":\"1\"}\n{\"seq\":2}")).isEmpty();
    }
}
