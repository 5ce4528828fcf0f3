package dev.outpost.stats;

import dev.outpost.reputation.InvalidInputException;

/** Query parameters read as text, so that a non-number is a 400 problem naming it, like a number out of range. */
final class Params {
    private Params() {}

    static int bounded(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            parsed = Long.MIN_VALUE;
        }
        if (parsed < min || parsed > max) {
            throw new InvalidInputException(
                    "invalid-request", name + " must be a whole number from " + min + " to " + max, value);
        }
        return (int) parsed;
    }
}
