package dev.outpost.local;

import java.util.Locale;

import dev.outpost.reputation.InvalidInputException;

/**
 * What the list of local verdicts is searched for ({@code q}): text that subjects, threat names,
 * comments or people's names contain, in any case. Bounded, and escaped for SQL {@code LIKE} so that
 * {@code %} and {@code _} are searched for as themselves.
 */
public record SearchText(String text) {
    public static final int MAX_LENGTH = 200;

    public SearchText {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "invalid-request",
                    "q must be 1 to " + MAX_LENGTH + " characters of text",
                    text == null || text.length() > MAX_LENGTH ? null : text);
        }
        text = text.strip().toLowerCase(Locale.ROOT);
    }

    /** The search of a query parameter: none when it is absent or empty. */
    public static SearchText of(String parameter) {
        return parameter == null || parameter.isBlank() ? null : new SearchText(parameter);
    }

    /** {@code %text%}, with {@code !} escaping the wildcards and itself. */
    String likePattern() {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
