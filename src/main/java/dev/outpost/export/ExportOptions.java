package dev.outpost.export;

import java.util.Locale;

import dev.outpost.reputation.InvalidInputException;

/** Parsing shared by {@link RpzOptions} and {@link BloomOptions}: each bad value gets its own problem. */
final class ExportOptions {
    private ExportOptions() {}

    /** {@code true} or {@code false} (any case); absent is false. */
    static boolean flag(String name, String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name + " must be true or false", text);
        };
    }

    static long wholeNumber(String name, String text) {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name + " must be a whole number", text);
        }
        return Long.parseLong(digits);
    }

    static InvalidInputException invalid(String detail, String input) {
        return new InvalidInputException("invalid-export-option", detail, input);
    }
}
