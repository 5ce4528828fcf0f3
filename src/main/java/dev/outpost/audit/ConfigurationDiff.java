package dev.outpost.audit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@code configuration.changed} entry says (docs/audit.md): the effective outpost.*
 * configuration as recorded (values of keys naming a token, password or secret as their SHA-256),
 * and the keys added ({@code +key}: new value), removed ({@code -key}: old value) and changed
 * ({@code ~key}: {@code old -> new}) since the last recorded one, with both fingerprints.
 */
final class ConfigurationDiff {
    static final String FINGERPRINT = "fingerprint";
    static final String PREVIOUS = "previousFingerprint";
    static final String KEYS = "keys";
    static final String NONE = "none";
    /** Longest key name kept; longer ones (none exist in Outpost) are left out of the record. */
    static final int MAX_NAME_CHARS = 500;

    /** Room for changes in one entry: 32 details less the three above and the count of the rest. */
    static final int MAX_CHANGES = AuditContent.MAX_DETAILS - 4;

    private ConfigurationDiff() {}

    /** The recordable form of a configuration: names in code point order, values made safe to keep. */
    static SortedMap<String, String> snapshot(Map<String, String> effective) {
        TreeMap<String, String> snapshot = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
        effective.forEach((name, value) -> {
            if (name.length() <= MAX_NAME_CHARS && value != null) {
                snapshot.put(AuditContent.storable(name), recordable(name, AuditContent.storable(value)));
            }
        });
        return snapshot;
    }

    /** Secrets by their SHA-256 (issue 14); a very long value by its SHA-256 and length. */
    static String recordable(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("token") || lower.contains("password") || lower.contains("secret")) {
            return AuditContent.digest(value);
        }
        if (value.length() > AuditContent.MAX_VALUE_CHARS) {
            return AuditContent.digest(value) + " (" + value.length() + " chars)";
        }
        return value;
    }

    /** SHA-256 over {@code name=value\n} lines in code point order. */
    static String fingerprint(SortedMap<String, String> snapshot) {
        StringBuilder lines = new StringBuilder();
        snapshot.forEach(
                (name, value) -> lines.append(name).append('=').append(value).append('\n'));
        return AuditCanonical.sha256(lines.toString());
    }

    /** The details of the entry recording the change from {@code previous} (empty: first start). */
    static Map<String, String> details(SortedMap<String, String> previous, SortedMap<String, String> current) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(FINGERPRINT, fingerprint(current));
        details.put(PREVIOUS, previous.isEmpty() ? NONE : fingerprint(previous));
        details.put(KEYS, Integer.toString(current.size()));
        TreeSet<String> names = new TreeSet<>(AuditCanonical.CODE_POINT_ORDER);
        names.addAll(previous.keySet());
        names.addAll(current.keySet());
        int changes = 0;
        int unlisted = 0;
        for (String name : names) {
            String before = previous.get(name);
            String after = current.get(name);
            if (after != null && after.equals(before)) {
                continue;
            }
            if (changes == MAX_CHANGES) {
                unlisted++;
                continue;
            }
            changes++;
            if (before == null) {
                details.put("+" + name, after);
            } else if (after == null) {
                details.put("-" + name, before);
            } else {
                details.put("~" + name, before + " -> " + after);
            }
        }
        if (unlisted > 0) {
            details.put(AuditContent.MORE_KEY, unlisted + " more changes not listed");
        }
        return details;
    }
}
