package dev.outpost.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;

class RecordSourceTest {
    private static List<ReputationRecord> csv(String text) throws Exception {
        List<ReputationRecord> records = new ArrayList<>();
        RecordSource.readCsv(new BufferedReader(new StringReader(text)), records::add);
        return records;
    }

    @Test
    void readsCsvWithQuotedFieldsAndComments() throws Exception {
        List<ReputationRecord> records = csv("""
                kind,md5,sha256,verdict,threat_name,popularity
                # a comment
                file,44d88612fea8a8f36de82e1278abb02f,,malware,"EICAR, ""test"" file",12345
                certificate,,96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6,TRUSTED,,
                """);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).verdict().threatName()).isEqualTo("EICAR, \"test\" file");
        assertThat(records.get(0).verdict().popularity()).isEqualTo(12000);
        assertThat(records.get(1)).isInstanceOf(ReputationRecord.Certificate.class);
        assertThat(records.get(1).verdict().category()).isEqualTo(Category.TRUSTED);
    }

    /** Found by RecordSourceFuzzTest#csv: a bare MalformedInputException, with no line, escaped. */
    @Test
    void namesTheLineThatIsNotUtf8(@TempDir Path dir) throws Exception {
        byte[] csv =
                "kind,md5,verdict,threat_name\nfile,44d88612fea8a8f36de82e1278abb02f,MALWARE,\nfile,,MALWARE,\u00ff\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> RecordSource.read(Files.write(dir.resolve("r.csv"), csv), record -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 3: line is not valid UTF-8");
        byte[] jsonLines =
                "{\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"verdict\":\"MALWARE\"}\n{\"verdict\":\"\u00ff\"}\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> RecordSource.read(Files.write(dir.resolve("r.jsonl"), jsonLines), record -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 2: line is not valid UTF-8");
    }

    @Test
    void refusesALineLongerThanTheLimit(@TempDir Path dir) throws Exception {
        String csv = "kind,md5,verdict,threat_name\nfile,44d88612fea8a8f36de82e1278abb02f,MALWARE,"
                + "x".repeat(RecordSource.MAX_LINE_BYTES) + "\n";
        assertThatThrownBy(() -> RecordSource.read(Files.writeString(dir.resolve("long.csv"), csv), record -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 2: line is longer than");
    }

    @Test
    void namesTheLineOfABadRecord() {
        assertThatThrownBy(() ->
                        csv("kind,md5,verdict\nfile,44d88612fea8a8f36de82e1278abb02f,MALWARE\nfile,nothex,MALWARE\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 3:");
        assertThatThrownBy(() -> csv("kind,md5,verdict\nfile,44d88612fea8a8f36de82e1278abb02f,EVIL\n"))
                .hasMessageContaining("unknown verdict");
        assertThatThrownBy(() -> csv("kind,md5,colour\n")).hasMessageContaining("unknown column 'colour'");
    }

    @Test
    void readsJsonLines() throws Exception {
        List<ReputationRecord> records = new ArrayList<>();
        RecordSource.readJsonLines(new BufferedReader(new StringReader("""
                {"kind":"file","sha1":"3395856ce81f2b7382dee72602f798b642f14140","verdict":"PHISHING","firstSeen":"2024-01-02"}
                """)), records::add);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.verdict().category()).isEqualTo(Category.PHISHING);
            assertThat(r.verdict().firstSeen()).hasToString("2024-01-02");
        });
    }
}
