package dev.outpost.publishing.feeds;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.outpost.reputation.InvalidInputException;

/**
 * The fields kept of one JSON object of a feed (a ThreatFox IOC, a MISP attribute, a STIX object),
 * with where it starts ({@code file:line}). A field of the wrong shape is remembered, not thrown, so
 * the parser could finish the object; reading a field then reports it.
 */
final class JsonEntry {
    private final String location;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private String problem;

    JsonEntry(String location) {
        this.location = location;
    }

    String location() {
        return location;
    }

    void put(String field, String value) {
        values.put(field, value);
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
