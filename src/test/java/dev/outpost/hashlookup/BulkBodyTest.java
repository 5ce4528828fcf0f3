package dev.outpost.hashlookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.outpost.lookup.TooManyItemsException;
import dev.outpost.reputation.InvalidInputException;

/** CIRCL's bulk body read as a stream: what is an item, what is no array, what is not JSON. */
class BulkBodyTest {
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";

    private static BulkBody parse(String body) {
        return BulkBody.parse(body.getBytes(StandardCharsets.UTF_8), CirclHash.MD5);
    }

    @Test
    void itemsOfAnotherKindAreKeptInPlaceAsNull() {
        BulkBody body = parse("{\"hashes\": [\"" + MD5 + "\", 1, {\"a\": [\"" + MD5 + "\"]}, \"" + MD5.toUpperCase()
                + "\", \"3395856ce81f2b7382dee72602f798b642f14140\"], \"other\": [1, 2]}");
        assertThat(body.lookupItems()).containsExactly(MD5, null, null, MD5.toUpperCase(), null);
        assertThat(body.items()).isEqualTo(5);
    }

    @Test
    void theLastHashesKeyCountsAsPythonReadsIt() {
        assertThat(parse("{\"hashes\": [\"" + MD5 + "\"], \"hashes\": []}").lookupItems())
                .isEmpty();
    }

    @Test
    void aBodyWithoutAnArrayIsNoHashesArray() {
        for (String body : new String[] {"{}", "[]", "\"x\"", "3", "null", "{\"hashes\": \"" + MD5 + "\"}"}) {
            assertThatThrownBy(() -> parse(body).lookupItems())
                    .as(body)
                    .isInstanceOf(BulkBody.NoHashesArray.class)
                    .hasMessage(BulkBody.NO_HASHES);
        }
    }

    @Test
    void aBodyThatIsNotOneJsonValueIsMalformed() {
        for (String body : new String[] {"", "{", "{\"hashes\": [}", "{} {}", "{\"hashes\": []}x"}) {
            assertThatThrownBy(() -> parse(body))
                    .as(body)
                    .isInstanceOf(InvalidInputException.class)
                    .isNotInstanceOf(BulkBody.NoHashesArray.class)
                    .hasMessageStartingWith("Failed to decode JSON object: ");
        }
    }

    @Test
    void beyondTheLimitItemsAreCountedNotKept() {
        String[] items = new String[25_000];
        Arrays.fill(items, "\"" + MD5 + "\"");
        BulkBody body = parse("{\"hashes\": [" + String.join(",", items) + "]}");
        assertThat(body.items()).isEqualTo(25_000);
        assertThat(body.hashes()).hasSize(10_000);
        assertThatThrownBy(body::lookupItems)
                .isInstanceOf(TooManyItemsException.class)
                .hasMessage("request has 25000 items; at most 10000 per request");
    }
}
