package dev.outpost.publishing.feeds;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.outpost.reputation.InvalidInputException;

/**
 * The fields kept of one JSON object of a feed (a ThreatFox IOC, a MISP attribute, a STIX object),
 * with where it starts ({@code file:line}). A field of the wrong shape is remembered, not thrown, so
 * the parser could finish the object; reading a field then reports it. The text kept is charged to
 * a {@link Budget}; past it, nothing more is kept and the entry is invalid.
 */
final class JsonEntry {
    /**
     * Characters an entry (or a MISP object and its attributes, which share one) may still keep
     * ({@link FeedLimits#MAX_ENTRY_CHARS}).
     */
    static final class Budget {
        private long left;
        private boolean exceeded;

        Budget(long chars) {
            this.left = chars;
        }

        static Budget perEntry() {
            return new Budget(FeedLimits.MAX_ENTRY_CHARS);
        }

        /** Charges {@code chars}; false, charging nothing, when they do not fit. */
        boolean take(int chars) {
            if (chars > left) {
                left = 0;
                exceeded = true;
                return false;
            }
            left -= chars;
            return true;
        }

        /** Whether something did not fit. */
        boolean exceeded() {
            return exceeded;
        }
    }

    static final String TOO_MUCH_TEXT = "the entry holds more than " + FeedLimits.MAX_ENTRY_CHARS
            + " characters of text in the fields Outpost reads (offline-bundles/FEEDS.md §Limits)";

    private final String location;
    private final Budget budget;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private String problem;

    JsonEntry(String location, Budget budget) {
        this.location = location;
        this.budget = budget;
    }

    String location() {
        return location;
    }

    void put(String field, String value) {
        if (keeps(value)) {
            values.put(field, value);
        }
    }

    /**
     * Charges {@code text} (a field's value or a list item about to be kept) to the budget; false
     * when it does not fit, and the entry is then invalid.
     */
    boolean keeps(String text) {
        if (text == null || budget.take(text.length())) {
            return true;
        }
        problem(TOO_MUCH_TEXT);
        return false;
    }

    void putList(String field, List<String> list) {
        lists.put(field, List.copyOf(list));
    }

    void problem(String detail) {
        if (problem == null) {
            problem = detail;
        }
    }

    /** The field's text, null when absent, null or an empty marker. */
    String text(String field) {
        check();
        return FeedValues.text(values.get(field));
    }

    /** The field's raw text without the shape check, for naming the entry in a message. */
    String label(String field) {
        return values.get(field);
    }

    List<String> list(String field) {
        check();
        return lists.getOrDefault(field, List.of());
    }

    /** Throws the problem met while reading, if any. */
    void check() {
        if (problem != null) {
            throw new InvalidInputException("invalid-field", problem, null);
        }
    }
}
