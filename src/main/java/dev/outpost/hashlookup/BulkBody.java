package dev.outpost.hashlookup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.TooManyItemsException;
import dev.outpost.reputation.InvalidInputException;

/**
 * CIRCL's bulk body, {@code {"hashes": [...]}}, read whatever its Content-Type says: hashlookup-server
 * parses it with {@code get_json(force=True)} (interop.md 1.2), so clients such as {@code curl -d}
 * send none or a form type. Read as a stream, so that a hostile body of the largest size read
 * ({@code outpost.http.max-body-bytes}) never becomes a tree of millions of nodes.
 *
 * @param hashes every item in order: a digest of the endpoint's type, or null for any other item (a
 *     digest of another type, not hex, not a string), which the lookup answers as invalid and this
 *     front end then leaves out, as CIRCL skips it; null when the body has no {@code hashes} array
 * @param items how many items the array has
 */
record BulkBody(List<String> hashes, int items) {
    /** hashlookup-server's words for a body without the array, answered with 404. */
    static final String NO_HASHES = "JSON format incorrect. An array of hashes in the key 'hashes' is expected.";

    /** A key given twice counts once, the last, as Python's json module reads it. */
    private static final JsonFactory JSON = new JsonFactory();

    /** The body has no {@code hashes} array; a rejected lookup, counted as one, and answered with 404. */
    static final class NoHashesArray extends InvalidInputException {
        NoHashesArray() {
            super("invalid-request", NO_HASHES, null);
        }
    }

    /**
     * Parses {@code body}. A body that is not JSON fails here, before any lookup, with the 400 that
     * Flask gives for it ({@code Failed to decode JSON object: ...}).
     */
    static BulkBody parse(byte[] body, CirclHash type) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw malformed("the body is empty", null);
            }
            List<String> hashes = null;
            int items = 0;
            if (root == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean isHashes = "hashes".equals(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (isHashes && value == JsonToken.START_ARRAY) {
                        hashes = new ArrayList<>();
                        items = readItems(parser, type, hashes);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw malformed("extra data after the JSON value", parser.currentLocation());
            }
            return new BulkBody(hashes, items);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON", e.getLocation());
        } catch (IOException e) {
            throw malformed("not valid JSON", null);
        }
    }

    /**
     * The items up to the bulk limit; beyond it only counted, so that a body of a million items holds
     * no more than the limit's strings.
     */
    private static int readItems(JsonParser parser, CirclHash type, List<String> hashes) throws IOException {
        int items = 0;
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            items++;
            if (items <= LookupService.MAX_BULK_ITEMS) {
                String text = item == JsonToken.VALUE_STRING ? parser.getText() : null;
                hashes.add(type.matches(text) ? text : null);
            }
            parser.skipChildren();
        }
        return items;
    }

    /** The items for the lookup: the limit and the array checked as the native bulk checks them. */
    List<String> lookupItems() {
        if (hashes == null) {
            throw new NoHashesArray();
        }
        if (items > LookupService.MAX_BULK_ITEMS) {
            throw new TooManyItemsException(items, LookupService.MAX_BULK_ITEMS);
        }
        return hashes;
    }

    private static InvalidInputException malformed(String what, JsonLocation location) {
        String where = location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new InvalidInputException("malformed-request", "Failed to decode JSON object: " + what + where, null);
    }
}
