package dev.outpost.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/** The hand-written writer must produce what Jackson produced for the same answers. */
class AnswerJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final Answer HIT = new Answer(
            "44D88612FEA8A8F36DE82E1278ABB02F",
            "md5",
            Zone.RED,
            Category.MALWARE,
            "EICAR-Test-File",
            LocalDate.of(2006, 5, 5),
            LocalDate.of(2026, 11, 20),
            1_500_000L,
            new Answer.Hashes("44d88612fea8a8f36de82e1278abb02f", "3395856ce81f2b7382dee72602f798b642f14140", null),
            Answer.Source.vendor("demo", 7),
            null);
    private static final Answer MISS = new Answer(
            "0".repeat(64),
            "sha256",
            Zone.GREY,
            Category.UNKNOWN,
            null,
            null,
            null,
            null,
            null,
            Answer.Source.vendor("demo", 7),
            null);

    /** A local verdict (ADR 0009): its source has an id and an operator instead of a dataset. */
    private static final Answer LOCAL = new Answer(
            "44d88612fea8a8f36de82e1278abb02f",
            "md5",
            Zone.GREEN,
            Category.TRUSTED,
            null,
            null,
            null,
            null,
            new Answer.Hashes("44d88612fea8a8f36de82e1278abb02f", null, null),
            Answer.Source.local(12, "alice \"the\" operator"),
            null);

    private static Answer error(String query) {
        return new Answer(
                query,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new Answer.ItemError(
                        "invalid-hash", "hash has " + (query == null ? 0 : query.length()) + " characters"));
    }

    @Test
    void writesTheSameBytesAsJacksonForOrdinaryAnswers() throws Exception {
        for (Answer answer : List.of(HIT, MISS, LOCAL, error("xyz"), error(null))) {
            assertThat(new String(AnswerJson.single(answer), StandardCharsets.UTF_8))
                    .isEqualTo(JACKSON.writeValueAsString(answer));
        }
        List<Answer> bulk = List.of(MISS, HIT, LOCAL, error("nope"));
        assertThat(new String(AnswerJson.bulk(bulk), StandardCharsets.UTF_8))
                .isEqualTo(JACKSON.writeValueAsString(new BulkResponse(bulk)));
    }

    @Test
    void escapesHostileStringsToTheSameValues() throws Exception {
        List<String> hostile = List.of(
                "quote\"back\\slash",
                "tab\tnew\nline\rcr",
                "\u0000\u0001\u001f",
                "ünïcödé — 東京",
                "emoji 😀 pair",
                "x".repeat(5000) + "\"",
                "\u007f del",
                "plain then ünï then \"quoted\" and \\ then 😀 end");
        List<Answer> answers = new ArrayList<>();
        for (String text : hostile) {
            answers.add(error(text));
            answers.add(new Answer(text, "md5", Zone.RED, Category.MALWARE, text, null, null, 1L, null, null, null));
        }
        byte[] ours = AnswerJson.bulk(answers);
        // Parsed trees are compared: both are valid JSON for the same strings, escaping style aside.
        assertThat(JACKSON.readTree(ours))
                .isEqualTo(JACKSON.readTree(JACKSON.writeValueAsBytes(new BulkResponse(answers))));
    }

    @Test
    void growsForLargeBulkAnswers() throws Exception {
        List<Answer> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(i % 2 == 0 ? HIT : MISS);
        }
        assertThat(JACKSON.readTree(AnswerJson.bulk(many)).get("results").size())
                .isEqualTo(10_000);
    }
}
