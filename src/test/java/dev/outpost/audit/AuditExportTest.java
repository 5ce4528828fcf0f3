package dev.outpost.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The export an auditor receives, checked by the auditor's own tool: docs/audit/verify-export.py
 * run with python3 on a real export passes, and fails naming the line once the export is edited.
 */
@QuarkusTest
class AuditExportTest {
    private static final Path VERIFIER = Path.of("docs/audit/verify-export.py");

    @Inject
    AuditLog log;

    @Inject
    AuditExporter exporter;

    @Inject
    DataSource dataSource;

    @TempDir
    Path dir;

    @BeforeEach
    void aChainWithAwkwardContent() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("delete from audit_entry");
            statement.execute("delete from audit_head");
            statement.execute(
                    "insert into audit_head (id, last_seq, last_hash) values (1, 0, '" + AuditCanonical.GENESIS + "')");
        }
        log.record(Actor.system(), AuditActions.CONFIGURATION_CHANGED, null, Map.of("keys", "12"));
        Map<String, String> awkward = new LinkedHashMap<>();
        awkward.put("quote\"back\\slash", "line\nbreak\ttab\r\u0001\u001f\u007f");
        awkward.put("unicode", "üñí € \u2028 😀 \uffff");
        awkward.put("\uD83D\uDE00", "emoji key");
        awkward.put("reason", "x".repeat(5000));
        log.record(new Actor("alice", "2001:db8::1"), AuditActions.LOCAL_VERDICT_CREATED, "17", awkward);
        log.record(new Actor("bob", "192.0.2.7"), AuditActions.TOKEN_REVOKED, "token 3", Map.of());
        for (int i = 0; i < 5; i++) {
            log.record(Actor.cli("root"), AuditActions.IMPORT, "import-" + i, Map.of("outcome", "ACTIVATED"));
        }
    }

    @Test
    void anExportPassesTheAuditorsScriptAndEndsAtTheHead() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditExporter.Exported exported = exporter.export(file, false);
        assertThat(exported.entries()).isEqualTo(8);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(8);
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(fieldNames(second))
                .containsExactly("seq", "time", "actor", "address", "action", "target", "details", "prevHash", "hash");
        assertThat(second.get("time").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(second.get("details").get("unicode").textValue()).isEqualTo("üñí € \u2028 😀 \uffff");
        assertThat(new ObjectMapper().readTree(lines.get(0)).get("address").isNull())
                .isTrue();

        Result result = python(file, "8:" + exported.lastHash());
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("valid: 8 entries, last hash " + exported.lastHash());
        // The script's anchor check can fail too.
        assertThat(python(file, "8:" + "0".repeat(64)).exit).isEqualTo(1);
    }

    @Test
    void anEditedExportFailsNamingTheLine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        exporter.export(file, false);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

        Path edited = write("edited.jsonl", replaceLine(lines, 2, lines.get(2).replace("\"bob\"", "\"eve\"")));
        Result altered = python(edited);
        assertThat(altered.exit).isEqualTo(1);
        assertThat(altered.output).contains("line 3: hash does not match");

        List<String> withoutLine = new ArrayList<>(lines);
        withoutLine.remove(4);
        Result missing = python(write("missing.jsonl", withoutLine));
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.output).contains("line 5: seq is 6, expected 5");

        List<String> swapped = new ArrayList<>(lines);
        Collections.swap(swapped, 5, 6);
        Result reordered = python(write("swapped.jsonl", swapped));
        assertThat(reordered.exit).isEqualTo(1);
        assertThat(reordered.output).contains("line 6: seq is 7, expected 6");

        // Renumbered after the swap, the links give it away.
        List<String> renumbered = new ArrayList<>(swapped);
        renumbered.set(5, swapped.get(5).replace("\"seq\":7,", "\"seq\":6,"));
        renumbered.set(6, swapped.get(6).replace("\"seq\":6,", "\"seq\":7,"));
        Result relinked = python(write("renumbered.jsonl", renumbered));
        assertThat(relinked.exit).isEqualTo(1);
        assertThat(relinked.output).contains("line 6: prevHash is not the hash of line 5");
    }

    @Test
    void anExportNeverReplacesAFileUnlessAskedAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "keep me\n");
        assertThatThrownBy(() -> exporter.export(file, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("keep me\n");
        exporter.export(file, true);
        assertThat(Files.readAllLines(file)).hasSize(8);
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("audit.jsonl");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> replaceLine(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return copy;
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    record Result(int exit, String output) {}

    static Result python(Path export, String... anchors) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", VERIFIER.toString(), export.toString()));
        command.addAll(List.of(anchors));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
