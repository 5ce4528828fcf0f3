package dev.outpost.reputation;

import java.util.Locale;

/**
 * What a verdict says about an object. The zone is derived from the category rather than stored
 * beside it, so that a record can never claim to be {@code CLEAN} and {@code RED} at once (ADR 0002).
 *
 * <p>The {@link #code} is part of the bundle and store formats: never renumber, only append.
 */
public enum Category {
    UNKNOWN(0, Zone.GREY),
    MALWARE(1, Zone.RED),
    PHISHING(2, Zone.RED),
    ADWARE(3, Zone.YELLOW),
    RISKWARE(4, Zone.YELLOW),
    SUSPICIOUS(5, Zone.YELLOW),
    CLEAN(6, Zone.GREEN),
    TRUSTED(7, Zone.GREEN);

    private static final Category[] BY_CODE = new Category[16];

    static {
        for (Category category : values()) {
            BY_CODE[category.code] = category;
        }
    }

    private final int code;
    private final Zone zone;

    Category(int code, Zone zone) {
        this.code = code;
        this.zone = zone;
    }

    public int code() {
        return code;
    }

    public Zone zone() {
        return zone;
    }

    /** The category for a stored code, or {@code null} for a code this version does not know. */
    public static Category fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Parses a publisher's spelling ({@code malware}, {@code MALWARE}); rejects anything else. */
    public static Category parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("invalid-verdict", "verdict is missing", String.valueOf(text));
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "invalid-verdict",
                    "unknown verdict '" + text + "'; expected one of " + java.util.Arrays.toString(values()),
                    text);
        }
    }
}
