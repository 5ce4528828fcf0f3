package dev.outpost.publishing.feeds;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import dev.outpost.reputation.InvalidInputException;

/**
 * Streaming JSON for the feeds that are JSON documents (ThreatFox, MISP, STIX). A document is never
 * read whole: readers walk it with the streaming parser, read the text of the few fields they map,
 * and skip everything else unread (a MISP attribute's base64 {@code data} can be megabytes). The
 * parser is bounded (document size, nesting, string length: {@link FeedLimits}). Values are read
 * leniently, because the feeds are loose about types (interop.md §4.5: MISP writes
 * {@code "timestamp":"1472541011"}): a scalar is its text whether written as string, number or
 * boolean.
 */
final class FeedJson {
    private FeedJson() {}

    /** Reads a document. */
    @FunctionalInterface
    interface Body {
        void read(JsonParser parser) throws IOException;
    }

    /**
     * Opens {@code file} and reads it with {@code body}; a syntax error or a limit reached is
     * {@link UnreadableFeed} naming the file and line.
     */
    static void parse(Path file, long maxDocumentBytes, Body body) throws IOException {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxDocumentBytes)
                        .maxNestingDepth(FeedLimits.MAX_JSON_DEPTH)
                        .maxStringLength(FeedLimits.MAX_JSON_STRING_CHARS)
                        .build())
                .build();
        try (InputStream in = Files.newInputStream(file)) {
            JsonParser parser;
            try {
                parser = factory.createParser(in);
            } catch (CharConversionException e) {
                // The encoding is guessed from the first four bytes when the parser is made, so an
                // impossible guess fails here, before any token (found by FeedsFuzzTest#feed).
                throw undecodable(file + ":1", e);
            }
            try (parser) {
                try {
                    body.read(parser);
                } catch (JsonProcessingException e) {
                    // A limit error carries no location of its own; the parser knows where it stopped.
                    var location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                    throw new UnreadableFeed(file + ":" + location.getLineNr(), describe(e));
                } catch (CharConversionException e) {
                    // Jackson takes a document that starts with zero bytes for UTF-16 or UTF-32 and
                    // reports what does not decode as this, not as a JSON error (FeedsFuzzTest#feed).
                    throw undecodable(file + ":" + parser.currentLocation().getLineNr(), e);
                }
            }
        }
    }

    private static UnreadableFeed undecodable(String where, CharConversionException e) {
        return new UnreadableFeed(
                where,
                new InvalidInputException(
                        "invalid-json", "not valid JSON: the text does not decode: " + e.getMessage(), null));
    }

    /** {@code file:line} of the current token. */
    static String at(Path file, JsonParser parser) {
        return file + ":" + parser.currentTokenLocation().getLineNr();
    }

    /** A JSON syntax or limit error in the project's words, without its location. */
    private static InvalidInputException describe(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return new InvalidInputException(
                    "feed-limit",
                    "the document exceeds a limit of the feed reader (offline-bundles/FEEDS.md §Limits): "
                            + message.replaceAll(",\\s*from `[^`]*`", ""),
                    null);
        }
        return new InvalidInputException("invalid-json", "not valid JSON: " + message, null);
    }

    /** Checks the current token. */
    static void expect(Path file, JsonParser parser, JsonToken token, String what) {
        if (parser.currentToken() != token) {
            throw FeedContext.fatal(at(file, parser), "expected " + what, null);
        }
    }

    /** Checks that nothing follows the document's top-level value. */
    static void expectEnd(Path file, JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw FeedContext.fatal(at(file, parser), "unexpected content after the end of the document", null);
        }
    }

    /** What to keep of a field of an entry. */
    enum Keep {
        /** Its text, whether written as string, number or boolean. */
        VALUE,
        /** A list of values (a single value reads as a list of one). */
        VALUES,
        /** The {@code name} of each object in a list (MISP's {@code Tag: [{"name": …}]}). */
        NAMES
    }

    /** Reads a field of an entry that {@link #entry} does not keep itself (MISP's nested attributes). */
    @FunctionalInterface
    interface Nested {
        /** Reads the value of {@code field} at the current token; returns false to have it skipped. */
        boolean read(String field, JsonParser parser) throws IOException;
    }

    /** Reads the object at the current token (START_OBJECT) as one entry, keeping only the wanted fields. */
    static JsonEntry entry(Path file, JsonParser parser, java.util.Map<String, Keep> wanted) throws IOException {
        return entry(file, parser, wanted, (field, p) -> false, JsonEntry.Budget.perEntry());
    }

    /**
     * As above, with {@code nested} for the fields not in {@code wanted} and the text kept charged
     * to {@code budget}. A value of the wrong shape
     * does not stop the reading: the object is read to its end, so that the document can go on, and
     * the entry carries the problem, which mapping it reports.
     */
    static JsonEntry entry(
            Path file, JsonParser parser, java.util.Map<String, Keep> wanted, Nested nested, JsonEntry.Budget budget)
            throws IOException {
        expect(file, parser, JsonToken.START_OBJECT, "an object");
        JsonEntry entry = new JsonEntry(at(file, parser), budget);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            Keep keep = wanted.get(field);
            if (keep == null) {
                if (!nested.read(field, parser)) {
                    parser.skipChildren();
                }
            } else if (keep == Keep.VALUE) {
                if (value.isScalarValue() || value == JsonToken.VALUE_NULL) {
                    entry.put(field, value == JsonToken.VALUE_NULL ? null : parser.getText());
                } else {
                    parser.skipChildren();
                    entry.problem(field + " must be a single value, not "
                            + (value == JsonToken.START_ARRAY ? "a list" : "an object"));
                }
            } else {
                entry.putList(field, keep == Keep.VALUES ? values(parser, entry) : names(parser, entry));
            }
        }
        return entry;
    }

    private static List<String> values(JsonParser parser, JsonEntry entry) throws IOException {
        List<String> values = new ArrayList<>();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            add(values, parser, entry);
            return values;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            add(values, parser, entry);
        }
        return values;
    }

    private static void add(List<String> values, JsonParser parser, JsonEntry entry) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isScalarValue() && token != JsonToken.VALUE_NULL && values.size() < FeedLimits.MAX_LIST_ITEMS) {
            String text = parser.getText();
            if (entry.keeps(text)) {
                values.add(text);
            }
        } else {
            parser.skipChildren();
        }
    }

    private static List<String> names(JsonParser parser, JsonEntry entry) throws IOException {
        List<String> names = new ArrayList<>();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return names;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals("name") && token.isScalarValue() && names.size() < FeedLimits.MAX_LIST_ITEMS) {
                    String text = parser.getText();
                    if (entry.keeps(text)) {
                        names.add(text);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return names;
    }
}
