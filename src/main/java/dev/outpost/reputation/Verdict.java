package dev.outpost.reputation;

import java.time.LocalDate;

/**
 * What is known about one object. The zone follows from the category; popularity is rounded to two
 * significant figures by the publisher's tools so that exact prevalence counts are not revealed.
 */
public record Verdict(Category category, String threatName, LocalDate firstSeen, LocalDate lastSeen, long popularity) {
    /** Longest threat name accepted, in UTF-8 bytes. */
    public static final int MAX_THREAT_NAME_BYTES = 200;

    public Verdict {
        if (category == null || category == Category.UNKNOWN) {
            throw new InvalidInputException("invalid-record", "a record needs a verdict other than UNKNOWN", null);
        }
        if (threatName != null) {
            threatName = threatName.strip();
            if (threatName.isEmpty()) {
                threatName = null;
            } else {
                validateThreatName(threatName);
            }
        }
        if (firstSeen != null && lastSeen != null && lastSeen.isBefore(firstSeen)) {
            throw new InvalidInputException(
                    "invalid-record", "lastSeen " + lastSeen + " is before firstSeen " + firstSeen, null);
        }
        if (popularity < 0) {
            throw new InvalidInputException("invalid-record", "popularity must not be negative", null);
        }
    }

    public Zone zone() {
        return category.zone();
    }

    static void validateThreatName(String name) {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_THREAT_NAME_BYTES) {
            throw new InvalidInputException(
                    "invalid-record", "threat name is longer than " + MAX_THREAT_NAME_BYTES + " bytes", name);
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidInputException(
                        "invalid-record",
                        String.format(
                                "threat name contains a control character (U+%04X) at position %d",
                                (int) name.charAt(i), i + 1),
                        name);
            }
        }
    }

    /** Rounds a prevalence count to two significant figures (12,345 becomes 12,000). */
    public static long roundPopularity(long count) {
        if (count < 100) {
            return Math.max(count, 0);
        }
        long scale = 1;
        while (count / scale >= 100) {
            scale *= 10;
        }
        return (count + scale / 2) / scale * scale;
    }
}
