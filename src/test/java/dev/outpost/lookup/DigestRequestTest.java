package dev.outpost.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.reputation.InvalidInputException;

/**
 * The streamed reading of a bulk body holds to what data binding into {@link BulkRequest} reads, body
 * for body: the same items, digests and problems, the same refusals, the same JSON errors.
 */
class DigestRequestTest {
    /** As Quarkus configures the application's mapper: unknown fields are ignored. */
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    private static DigestRequest streamed(String body, DigestRequest.Accepts accepts) throws IOException {
        return DigestRequest.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), JSON, accepts);
    }

    /** What the endpoint read before: data binding, then the same item rules. */
    private static DigestRequest bound(String body, DigestRequest.Accepts accepts) throws IOException {
        BulkRequest request = body.isBlank() ? null : JSON.readValue(body, BulkRequest.class);
        try {
            return DigestRequest.of(request, accepts);
        } catch (InvalidInputException | TooManyItemsException e) {
            return null;
        }
    }

    private static List<String> describe(DigestRequest items) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(items.query(i) + " " + items.type(i) + " "
                    + (items.key(i) == null ? null : HexFormat.of().formatHex(items.key(i))) + " "
                    + items.invalid(i));
        }
        return out;
    }

    private static void assertSame(String body) throws IOException {
        for (DigestRequest.Accepts accepts : DigestRequest.Accepts.values()) {
            DigestRequest expected;
            try {
                expected = bound(body, accepts);
            } catch (JsonProcessingException e) {
                assertThatThrownBy(() -> streamed(body, accepts))
                        .as(body)
                        .isInstanceOf(e.getClass())
                        .hasMessage(e.getMessage());
                continue;
            }
            DigestRequest actual = streamed(body, accepts);
            if (expected == null) {
                assertThatThrownBy(actual::requireAcceptable)
                        .as(body)
                        .isInstanceOfAny(InvalidInputException.class, TooManyItemsException.class);
            } else {
                actual.requireAcceptable();
                assertThat(describe(actual)).as(body).isEqualTo(describe(expected));
            }
        }
    }

    @Test
    void readsWhatDataBindingReadsForEveryShapeOfBody() throws IOException {
        for (String body : List.of(
                "{\"hashes\":[\"" + MD5 + "\",\"" + SHA1 + "\",\"" + SHA256 + "\"]}",
                "{\"hashes\":[\"" + MD5.toUpperCase() + "\", null, \"\", \"xyz\", \"" + "g".repeat(32) + "\"]}",
                // An escaped digit is the same digit; a fullwidth one is no hex digit.
                "{\"hashes\":[\"\\u0034" + MD5.substring(1) + "\", \"\uff14" + MD5.substring(1) + "\"]}",
                " { \"other\": {\"nested\": [1, {\"hashes\": 2}]}, \"hashes\" : [ \"" + SHA256
                        + "\" ] , \"x\": null } ",
                "{\"hashes\":[\"" + MD5 + "\"], \"hashes\":[\"" + SHA1 + "\"]}",
                "{\"hashes\":[]}",
                // Shapes the stream leaves to data binding: numbers and booleans as strings, a null array.
                "{\"hashes\":[123, true, \"" + MD5 + "\"]}",
                "{\"hashes\":[\"" + MD5 + "\"], \"hashes\": null}",
                "{\"hashes\": null}",
                "{}",
                "")) {
            assertSame(body);
        }
    }

    @Test
    void readsRandomBulksOfDigestsAndNoise() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        String alphabet = "0123456789abcdefABCDEFxyz\"\\ é";
        for (int round = 0; round < 200; round++) {
            StringBuilder body = new StringBuilder("{\"hashes\":[");
            int items = random.nextInt(20);
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    body.append(',');
                }
                if (random.nextInt(10) == 0) {
                    body.append("null");
                    continue;
                }
                int length = new int[] {32, 40, 64, 31, 0, 65}[random.nextInt(6)];
                body.append('"');
                for (int c = 0; c < length; c++) {
                    char ch = random.nextInt(20) == 0
                            ? alphabet.charAt(random.nextInt(alphabet.length()))
                            : "0123456789abcdef".charAt(random.nextInt(16));
                    body.append(ch == '"' || ch == '\\' ? "\\" + ch : String.valueOf(ch));
                }
                body.append('"');
            }
            assertSame(body.append("]}").toString());
        }
    }

    @Test
    void refusesMoreThanTheLimitCountingEveryItem() throws IOException {
        String body = "{\"hashes\":[" + ("\"" + MD5 + "\",").repeat(BulkLookup.MAX_ITEMS) + "\"" + MD5 + "\"]}";
        assertThatThrownBy(streamed(body, DigestRequest.Accepts.FILE_DIGESTS)::requireAcceptable)
                .isInstanceOf(TooManyItemsException.class)
                .hasMessageContaining(String.valueOf(BulkLookup.MAX_ITEMS + 1));
        assertThat(streamed(body.replaceFirst("\"" + MD5 + "\",", ""), DigestRequest.Accepts.FILE_DIGESTS)
                        .size())
                .isEqualTo(BulkLookup.MAX_ITEMS);
    }

    @Test
    void aBodyTooLargeIsJudgedWholeAsDataBindingJudgedIt() throws IOException {
        String many = "[" + ("\"" + MD5 + "\",").repeat(BulkLookup.MAX_ITEMS) + "\"" + MD5 + "\"]";
        for (String body : List.of(
                // The last array wins: one item.
                "{\"hashes\":" + many + ", \"hashes\":[\"" + MD5 + "\"]}",
                "{\"hashes\":" + many + ", \"hashes\": null}",
                // Broken after the array: malformed, not too many.
                "{\"hashes\":" + many,
                "{\"hashes\":" + many + ", \"x\": tru}")) {
            assertSame(body);
        }
    }

    @Test
    void aBodyThatIsNoJsonOrNoObjectFailsAsDataBindingFails() {
        for (String body : List.of("{\"hashes\":[\"" + MD5 + "\"", "[\"" + MD5 + "\"]", "{\"hashes\":[{}]}", "nope")) {
            assertThatThrownBy(() -> streamed(body, DigestRequest.Accepts.FILE_DIGESTS))
                    .as(body)
                    .isInstanceOf(JsonProcessingException.class);
        }
    }
}
