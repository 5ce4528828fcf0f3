package dev.outpost.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The one reader of signed JSON: bundle manifests and root documents (offline-bundles/FORMAT.md,
 * "Parsing is strict"). Two parsers must never read different documents from one signature, so
 * anything a lenient parser would guess at is refused: a byte-order mark or any encoding but UTF-8,
 * duplicate keys, unknown fields, trailing tokens, a number with a fraction or exponent where an
 * integer belongs ({@code 2.5} read as 2), a string where a number belongs ({@code "2"}), a number
 * where a string or an instant belongs, and an instant that is not ISO-8601 text in UTC (issue 11 item 8).
 *
 * <p>Every failure is told in the project's own words, with the field and the place: Jackson's
 * messages name Java classes and parser features, which an operator cannot act on (issue 11 item 12).
 */
public final class StrictJson {
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int MAX_SHOWN_NAME_CHARS = 64;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("outpost-strict").addDeserializer(Instant.class, new IsoInstant()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // Duplicate keys would let two parsers read different documents under one signature.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfigDefaults(
                    config -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private StrictJson() {}

    /**
     * Parses {@code bytes} as a {@code type}; any fault is a {@link RejectedException} with
     * {@code reason} and a detail that starts with {@code what} ("manifest", "root document").
     * Rejections thrown by the type's own validation pass through unchanged.
     */
    public static <T> T read(byte[] bytes, Class<T> type, String what, String reason) {
        String text = utf8(bytes, what, reason);
        // Our own parser rather than readValue(String), so that a failure can still be asked where
        // the parser stopped: at the end of an object, a creator field was missing.
        try (JsonParser parser = JSON.createParser(text)) {
            T value = parse(parser, type, what, reason);
            if (parser.nextToken() != null) {
                throw new RejectedException(
                        reason, what + ": content after the end of the document" + at(parser.currentLocation()));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RejectedException(reason, what + ": " + describe(e, false));
        } catch (IOException e) {
            // Reading from a string fails only as JSON fails; kept apart so no message leaks through.
            throw new RejectedException(reason, what + " cannot be read as JSON");
        }
    }

    private static <T> T parse(JsonParser parser, Class<T> type, String what, String reason) throws IOException {
        T value;
        try {
            value = JSON.readValue(parser, type);
        } catch (JsonProcessingException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof RejectedException rejected) {
                    throw rejected;
                }
            }
            throw new RejectedException(
                    reason, what + ": " + describe(e, parser.currentToken() == JsonToken.END_OBJECT));
        }
        if (value == null) {
            throw new RejectedException(reason, what + " is null, not an object");
        }
        return value;
    }

    /** Strict UTF-8, as FORMAT.md says: no BOM, no other encoding that a parser might detect. */
    private static String utf8(byte[] bytes, String what, String reason) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RejectedException(reason, what + " is not valid UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            throw new RejectedException(reason, what + " starts with a byte-order mark; it must be plain UTF-8");
        }
        return text;
    }

    /** What went wrong and where, without a word of Jackson's own message. */
    static String describe(JsonProcessingException e, boolean atObjectEnd) {
        String at = at(e.getLocation());
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + printable(path(unknown, unknown.getPropertyName())) + "'" + at;
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch, null);
            if (field.isEmpty()) {
                return "expected " + expected(mismatch.getTargetType()) + at;
            }
            if (atObjectEnd) {
                // A creator property still unset when its object closed: the field is not there.
                return "'" + field + "' is missing" + at;
            }
            if (mismatch.getTargetType() == null) {
                return "field '" + field + "' is missing or not of the expected type" + at;
            }
            return "'" + field + "' must be " + expected(mismatch.getTargetType()) + at;
        }
        if (e instanceof JsonMappingException mapping
                && mapping.getCause() instanceof InputCoercionException coercion) {
            return "'" + path(mapping, null) + "' is out of range" + at(coercion.getLocation());
        }
        if (e instanceof InputCoercionException coercion) {
            return "a number is out of range" + at;
        }
        String duplicate = duplicateField(e.getOriginalMessage());
        if (duplicate != null) {
            return "field '" + printable(duplicate) + "' appears twice" + at;
        }
        return "not valid JSON" + at;
    }

    /** The JSON path of a mapping fault, e.g. {@code parts[1].size}; {@code last} is appended if given. */
    private static String path(JsonMappingException e, String last) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (last != null && !path.toString().equals(last) && !path.toString().endsWith("." + last)) {
            path.append(path.isEmpty() ? "" : ".").append(last);
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == long.class
                || type == Long.class
                || type == int.class
                || type == Integer.class
                || type == short.class
                || type == Short.class) {
            return "an integer (no fraction, no exponent, not a string)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant such as \"2026-11-23T00:00:00Z\"";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }

    /** A name from the document, shown bounded and printable: it goes to logs and the history. */
    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < name.length() && shown.length() < MAX_SHOWN_NAME_CHARS; i++) {
            char c = name.charAt(i);
            shown.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return name.length() > MAX_SHOWN_NAME_CHARS ? shown + "…" : shown.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson reports a repeated key as a syntax error; the key's name is the one useful part. */
    private static String duplicateField(String message) {
        String prefix = "Duplicate field '";
        if (message == null || !message.startsWith(prefix)) {
            return null;
        }
        int end = message.indexOf('\'', prefix.length());
        return end < 0 ? null : message.substring(prefix.length(), end);
    }

    /**
     * Instants as FORMAT.md has them: ISO-8601 text in UTC only. Jackson's own reader would also
     * take epoch numbers and offsets, and its failures name {@code java.time} classes.
     */
    private static final class IsoInstant extends JsonDeserializer<Instant> {
        /** The one spelling writers produce: UTC, upper-case T and Z, optional fraction of a second. */
        private static final Pattern UTC_INSTANT =
                // Hours 00-23 and seconds 00-59 only: ISO_INSTANT would also read 24:00:00 (the next
                // day) and a leap second :60, two spellings of one instant.
                Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z");

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING
                    && UTC_INSTANT.matcher(parser.getText()).matches()) {
                try {
                    return DateTimeFormatter.ISO_INSTANT.parse(parser.getText(), Instant::from);
                } catch (DateTimeParseException e) {
                    // Falls through to the mismatch below, which names the field, not the parser.
                }
            }
            return context.reportInputMismatch(Instant.class, "not an ISO-8601 instant");
        }
    }
}
