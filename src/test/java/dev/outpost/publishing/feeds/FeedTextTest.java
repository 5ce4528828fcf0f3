package dev.outpost.publishing.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.outpost.publishing.FeedLines;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.Verdict;

/** The text-level traps every feed shares: lines, CSV fields, empty markers, dates, names. */
class FeedTextTest {
    private static List<String> lines(byte[] bytes, FeedLines.Decoding decoding, int max) throws IOException {
        List<String> result = new ArrayList<>();
        try (FeedLines lines = new FeedLines(new ByteArrayInputStream(bytes), decoding, max)) {
            while (true) {
                try {
                    String line = lines.next();
                    if (line == null) {
                        return result;
                    }
                    result.add(lines.number() + ":" + line);
                } catch (InvalidInputException e) {
                    result.add(lines.number() + "! " + e.detail());
                }
            }
        }
    }

    @Test
    void aLineTooLongOrNotUtf8IsAnErrorOfThatLineAloneAndReadingGoesOn() throws IOException {
        byte[] bytes = "\uFEFFfirst\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] rest = ("x".repeat(100) + "\nbad \u00e9 \n" + "last").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[bytes.length + rest.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        System.arraycopy(rest, 0, all, bytes.length, rest.length);

        assertThat(lines(all, FeedLines.Decoding.UTF8, 64))
                .containsExactly("1:first", "2! line is longer than 64 bytes", "3! line is not valid UTF-8", "4:last");
        assertThat(lines(all, FeedLines.Decoding.BYTES, 200)).contains("3:bad \u00e9 ");
        assertThat(lines("é\n\n".getBytes(StandardCharsets.UTF_8), FeedLines.Decoding.UTF8, 64))
                .containsExactly("1:é", "2:");
    }

    @Test
    void theLimitCountsALinesContentNotItsLineEnd() throws IOException {
        String full = "x".repeat(64);
        byte[] bytes = (full + "\r\n" + full + "\n" + full + "y\r\n" + full + "\r\r\n" + full)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(lines(bytes, FeedLines.Decoding.UTF8, 64))
                .containsExactly(
                        "1:" + full,
                        "2:" + full,
                        "3! line is longer than 64 bytes",
                        "4! line is longer than 64 bytes",
                        "5:" + full);
    }

    @Test
    void splitsQuotedFieldsSeparatedByCommaSpaceAndUnquotedOnes() {
        assertThat(FeedCsv.split("\"a\", \"b, c\", \"say \"\"hi\"\"\", \"\""))
                .containsExactly("a", "b, c", "say \"hi\"", "");
        assertThat(FeedCsv.split("2021-01-17 07:44:46,203.0.113.9,447,,Dridex"))
                .containsExactly("2021-01-17 07:44:46", "203.0.113.9", "447", "", "Dridex");
        assertThat(FeedCsv.split("\"a\",12,")).containsExactly("a", "12", "");
        assertThat(FeedCsv.split("\"a\",\"b\",\"c\"d\",\"e", 2))
                .as("only the first fields are looked at")
                .hasSize(2);
        assertThatThrownBy(() -> FeedCsv.split("\"a\", \"b")).hasMessage("field 2 has no closing quote");
    }

    @Test
    void readsTheFeedsEmptyMarkersAsEmpty() {
        assertThat(FeedValues.text(" n/a ")).isNull();
        assertThat(FeedValues.text("None")).isNull();
        assertThat(FeedValues.text("null")).isNull();
        assertThat(FeedValues.text("")).isNull();
        assertThat(FeedValues.text(" Mirai ")).isEqualTo("Mirai");
    }

    @Test
    void readsTheFeedsDateFormsAsUtcDates() {
        assertThat(FeedValues.date("2026-10-05 00:38:02", "f")).isEqualTo(LocalDate.of(2026, 10, 5));
        assertThat(FeedValues.date("2026-03-12", "f")).isEqualTo(LocalDate.of(2026, 3, 12));
        assertThat(FeedValues.date("2016-08-31T23:30:00+02:00", "f")).isEqualTo(LocalDate.of(2016, 8, 31));
        assertThat(FeedValues.date("2016-08-31T23:30:00-02:00", "f")).isEqualTo(LocalDate.of(2016, 9, 1));
        assertThat(FeedValues.date("2019-06-25T08:34:57.000000+00:00", "f")).isEqualTo(LocalDate.of(2019, 6, 25));
        assertThat(FeedValues.date("2014-02-20T09:16:08.989Z", "f")).isEqualTo(LocalDate.of(2014, 2, 20));
        assertThat(FeedValues.epochDate("1472541011", "t")).isEqualTo(LocalDate.of(2016, 8, 30));
        assertThatThrownBy(() -> FeedValues.date("2026-02-30 00:00:00", "first_seen_utc"))
                .hasMessageStartingWith("first_seen_utc is not a date");
        assertThatThrownBy(() -> FeedValues.epochDate("soon", "timestamp"))
                .hasMessage("timestamp is not a Unix time in seconds: 'soon'");
    }

    @Test
    void fitsFreeTextIntoAThreatName() {
        assertThat(FeedValues.threatName("  Phishing\tcampaign\r\nagainst  banks "))
                .isEqualTo("Phishing campaign against banks");
        String cut = FeedValues.threatName("é".repeat(150));
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(Verdict.MAX_THREAT_NAME_BYTES);
        assertThat(FeedValues.threatName("a" + "😀".repeat(60)).getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(197);
    }
}
