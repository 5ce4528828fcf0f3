package dev.outpost.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * The chain rule, byte-exact (docs/audit.md): an entry's hash is the lowercase hex SHA-256 of the
 * UTF-8 bytes of its canonical form, a JSON object holding the keys {@code action, actor, address,
 * details, prevHash, seq, target, time} in that (code point) order, no whitespace, {@code details}
 * an object of strings with its keys sorted by code point as well. Strings are escaped as Python's
 * {@code json.dumps(..., ensure_ascii=False)} escapes them, so that an export line without its
 * {@code hash} re-serialized by that one call reproduces the bytes: {@code "} and {@code \} with a
 * backslash, U+0008, U+0009, U+000A, U+000C, U+000D as {@code \b \t \n \f \r}, other characters
 * below U+0020 as {@code \}{@code u00xx} (lowercase hex), everything else as itself.
 */
public final class AuditCanonical {
    /** The {@code prevHash} of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    /** ISO-8601 in UTC, always with milliseconds: one spelling per instant. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Unicode code point order (Python's string order). {@link String#compareTo} compares UTF-16
     * units, which puts U+10000 and above before U+E000..U+FFFF.
     */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private AuditCanonical() {}

    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The canonical text of a details map whose keys are already in {@link #CODE_POINT_ORDER}. */
    public static String details(SortedMap<String, String> details) {
        StringBuilder json = new StringBuilder(64);
        json.append('{');
        boolean first = true;
        for (Map.Entry<String, String> pair : details.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            string(json, pair.getKey());
            json.append(':');
            string(json, pair.getValue());
        }
        return json.append('}').toString();
    }

    /** The canonical form of an entry; {@code detailsJson} is inserted as stored. */
    public static String canonical(
            long seq,
            long timeMillis,
            String actor,
            String address,
            String action,
            String target,
            String detailsJson,
            String prevHash) {
        StringBuilder json = new StringBuilder(256 + detailsJson.length());
        json.append("{\"action\":");
        string(json, action);
        json.append(",\"actor\":");
        string(json, actor);
        json.append(",\"address\":");
        string(json, address);
        json.append(",\"details\":").append(detailsJson);
        json.append(",\"prevHash\":");
        string(json, prevHash);
        json.append(",\"seq\":").append(seq);
        json.append(",\"target\":");
        string(json, target);
        json.append(",\"time\":");
        string(json, time(timeMillis));
        return json.append('}').toString();
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A JSON string (or {@code null}) as the chain rule spells it. */
    static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\t' -> json.append("\\t");
                case '\n' -> json.append("\\n");
                case '\f' -> json.append("\\f");
                case '\r' -> json.append("\\r");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
