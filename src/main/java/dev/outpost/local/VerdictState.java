package dev.outpost.local;

import java.util.Locale;

import dev.outpost.reputation.InvalidInputException;

/** Which local verdicts a listing or an export shows: those that apply, those that expired, or all. */
public enum VerdictState {
    ACTIVE,
    EXPIRED,
    ALL;

    /** {@code active}, {@code expired} or {@code all}; null means all. */
    public static VerdictState of(String text) {
        if (text == null) {
            return ALL;
        }
        for (VerdictState state : values()) {
            if (state.name().toLowerCase(Locale.ROOT).equals(text)) {
                return state;
            }
        }
        throw new InvalidInputException("invalid-request", "state must be active, expired or all", text);
    }
}
