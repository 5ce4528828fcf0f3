package dev.outpost.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Option values the CLI parses itself, with one-line errors that name the option. */
final class CliValues {
    private CliValues() {}

    /** An ISO-8601 instant, or now when the option was not given. */
    static Instant instantOrNow(String option, String text) {
        try {
            return text == null ? Instant.now() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(option + " must be an ISO-8601 instant like 2026-01-31T00:00:00Z");
        }
    }

    static Duration positiveDuration(String option, String text) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new CliException(option + " must be positive");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new CliException(option + " must be an ISO-8601 duration like P30D or P365D");
        }
    }
}
