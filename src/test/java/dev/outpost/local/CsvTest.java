package dev.outpost.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 4180 as imports read it and exports write it. */
class CsvTest {
    private static List<Csv.Record> readAll(String text) throws Exception {
        Csv.Reader reader = new Csv.Reader(new StringReader(text));
        List<Csv.Record> records = new ArrayList<>();
        for (Csv.Record record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        return records;
    }

    @Test
    void whatIsWrittenReadsBackFieldForFieldIncludingCommasQuotesAndLineBreaks() throws Exception {
        List<List<String>> rows = List.of(
                List.of("plain", "with,comma", "with \"quote\"", "two\r\nlines", "lf\nonly", ""),
                List.of("a", "b", "c", "d", "e", "f"));
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            Csv.write(out, row);
        }
        assertThat(out.toString()).startsWith("plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\r\nlines\"");
        List<Csv.Record> read = readAll(out.toString());
        assertThat(read).extracting(Csv.Record::fields).containsExactlyElementsOf(rows);
        // The second record starts on line 4: two quoted line breaks came before it.
        assertThat(read).extracting(Csv.Record::line).containsExactly(1, 4);
    }

    @Test
    void aFieldASpreadsheetWouldRunAsAFormulaIsWrittenBehindAQuoteAndReadBackAsItWas() throws Exception {
        List<String> row = List.of(
                "=HYPERLINK(\"http://x.example\",\"y\")",
                "+1",
                "-2",
                "@SUM(A1)",
                "\tx",
                "a=b",
                "'=kept?",
                "''-too",
                "'plain");
        StringBuilder out = new StringBuilder();
        Csv.write(out, row);
        assertThat(out.toString())
                .startsWith(
                        "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",'+1,'-2,'@SUM(A1),'\tx,a=b,''=kept?,'''-too,'plain\r\n");
        // A field that already began with the guard keeps it: it is written behind one more.
        assertThat(readAll(out.toString()).get(0).fields()).containsExactlyElementsOf(row);
    }

    @Test
    void nullIsAnEmptyFieldAndLfLineEndsAndAMissingLastLineEndAreRead() throws Exception {
        StringBuilder out = new StringBuilder();
        Csv.write(out, Arrays.asList("x", null, "z"));
        assertThat(out.toString()).isEqualTo("x,,z\r\n");
        assertThat(readAll("a,b\nc,d"))
                .extracting(Csv.Record::fields)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(readAll("a\n\nb\n").get(1).blank()).isTrue();
    }

    @Test
    void aStrayQuoteSpoilsItsRecordOnlyAndReadingGoesOn() throws Exception {
        Csv.Reader reader = new Csv.Reader(new StringReader("ok,1\nbad\"x,2\n\"q\"tail,3\nnext,4\n"));
        assertThat(reader.next().fields()).containsExactly("ok", "1");
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(Csv.FormatException.class, e -> {
            assertThat(e.line).isEqualTo(2);
            assertThat(e.fatal).isFalse();
        });
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(Csv.FormatException.class, e -> assertThat(e.line)
                .isEqualTo(3));
        Csv.Record next = reader.next();
        assertThat(next.fields()).containsExactly("next", "4");
        assertThat(next.line()).isEqualTo(4);
    }

    @Test
    void anUnclosedQuoteOrAnEndlessFieldStopsTheReading() throws IOException {
        Csv.Reader unclosed = new Csv.Reader(new StringReader("a,\"never closed\nmore\n"));
        assertThatThrownBy(unclosed::next).isInstanceOfSatisfying(Csv.FormatException.class, e -> assertThat(e.fatal)
                .isTrue());
        Csv.Reader endless = new Csv.Reader(new StringReader("x".repeat(Csv.MAX_FIELD_CHARS + 1)));
        assertThatThrownBy(endless::next).isInstanceOfSatisfying(Csv.FormatException.class, e -> assertThat(e.fatal)
                .isTrue());
    }
}
