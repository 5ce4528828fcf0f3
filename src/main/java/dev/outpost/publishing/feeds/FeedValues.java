package dev.outpost.publishing.feeds;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.Verdict;

/** Values as the feeds write them: empty markers, dates, free-text names (offline-bundles/FEEDS.md §Values). */
final class FeedValues {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** abuse.ch's "YYYY-MM-DD HH:MM:SS" (UTC), optionally with fractions or a " UTC" suffix. */
    private static final Pattern SPACED_DATE_TIME =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(?: UTC)?");

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,11}");
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private FeedValues() {}

    /**
     * A cell's text, or null when it is one of the feeds' empty markers: nothing, {@code n/a}
     * (MalwareBazaar), {@code None} (ThreatFox), {@code null}.
     */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty()
                || stripped.equalsIgnoreCase("n/a")
                || stripped.equalsIgnoreCase("none")
                || stripped.equalsIgnoreCase("null")) {
            return null;
        }
        return stripped;
    }

    /**
     * The UTC date of a feed's timestamp: {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM:SS} (taken as
     * UTC, as abuse.ch writes it), or ISO-8601 with {@code T} and an offset or {@code Z} (MISP,
     * STIX), converted to UTC. Null for an empty value.
     */
    static LocalDate date(String value, String field) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
            var spaced = SPACED_DATE_TIME.matcher(text);
            if (spaced.matches()) {
                return LocalDateTime.parse(spaced.group(1) + "T" + spaced.group(2))
                        .toLocalDate();
            }
            if (text.length() > 10 && text.charAt(10) == 'T') {
                if (text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
                    return OffsetDateTime.parse(text)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalDate();
                }
                return LocalDateTime.parse(text).toLocalDate();
            }
        } catch (DateTimeException e) {
            // Falls through to the one message below: the value is not a date.
        }
        throw new InvalidInputException(
                "invalid-date",
                field + " is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO-8601): '" + text + "'",
                text);
    }

    /** The UTC date of a Unix time in seconds, written as a number or a string (MISP's timestamps). */
    static LocalDate epochDate(String value, String field) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        if (!EPOCH_SECONDS.matcher(text).matches()) {
            throw new InvalidInputException(
                    "invalid-date", field + " is not a Unix time in seconds: '" + text + "'", text);
        }
        LocalDate date = Instant.ofEpochSecond(Long.parseLong(text))
                .atOffset(ZoneOffset.UTC)
                .toLocalDate();
        if (date.isAfter(LATEST)) {
            throw new InvalidInputException("invalid-date", field + " is after the year 9999: '" + text + "'", text);
        }
        return date;
    }

    /** A whole number, written as a number or a string; null when empty. */
    static Integer integer(String value, String field) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid-number", field + " is not a whole number: '" + text + "'", text);
        }
    }

    /** A boolean written as {@code true}/{@code false} in any case, or {@code 1}/{@code 0}; false when empty. */
    static boolean bool(String value, String field) {
        String text = text(value);
        if (text == null) {
            return false;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default ->
                throw new InvalidInputException(
                        "invalid-boolean", field + " is not true or false: '" + text + "'", text);
        };
    }

    /**
     * A feed's free text made fit to be a threat name (Verdict: at most 200 UTF-8 bytes, no control
     * characters): each run of white space or control characters becomes one space, and a longer
     * name is cut at a character boundary. A feed's malware names are short; a MISP event's info is
     * a sentence.
     */
    static String threatName(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        StringBuilder name = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && !name.isEmpty()) {
                name.append(' ');
            }
            space = false;
            name.append(c);
        }
        return fit(name.toString());
    }

    private static String fit(String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length <= Verdict.MAX_THREAT_NAME_BYTES) {
            return name;
        }
        int bytes = 0;
        int end = 0;
        while (end < name.length()) {
            int codePoint = name.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > Verdict.MAX_THREAT_NAME_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return name.substring(0, end).strip();
    }

    /** A verdict from a feed: popularity is not known to any feed, so it is 0. */
    static Verdict verdict(Category category, String threatName, LocalDate firstSeen, LocalDate lastSeen) {
        return new Verdict(category, threatName(threatName), firstSeen, lastSeen, 0);
    }
}
