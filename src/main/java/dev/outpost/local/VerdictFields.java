package dev.outpost.local;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.Verdict;

/**
 * What a local verdict says, apart from what it is about: the category, an optional threat name,
 * comment and expiry. Every way of writing a verdict (create, change, import, submission) builds
 * one, so that they all accept and refuse the same values. The threat name is held as the index
 * serves it (stripped; issue 11 item 2).
 */
public record VerdictFields(Category verdict, String threatName, String comment, Instant expiresAt) {
    static final int MAX_COMMENT_CHARS = 1000;

    public VerdictFields {
        if (verdict == null || verdict == Category.UNKNOWN) {
            throw invalid("verdict", "must be one of " + ACCEPTED, verdict == null ? null : verdict.name());
        }
        if (threatName != null) {
            if (threatName.isBlank()) {
                throw invalid("threatName", "if given, must not be blank", threatName);
            }
            try {
                threatName = new Verdict(verdict, threatName, null, null, 0).threatName();
            } catch (InvalidInputException e) {
                throw invalid("threatName", e.detail(), threatName);
            }
        }
        if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
            throw invalid("comment", "is at most " + MAX_COMMENT_CHARS + " characters", null);
        }
        if (expiresAt != null) {
            // Databases keep microseconds at best: what is compared later must be what was stored.
            expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    private static final String ACCEPTED = "MALWARE, PHISHING, ADWARE, RISKWARE, SUSPICIOUS, CLEAN, TRUSTED";

    /** From the text of a request, an import row or a submission; empty optional values mean none. */
    static VerdictFields parse(String verdict, String threatName, String comment, String expiresAt) {
        return new VerdictFields(
                category(verdict), blankToNull(threatName, false), blankToNull(comment, true), expiry(expiresAt));
    }

    static Category category(String verdict) {
        if (verdict != null) {
            try {
                Category category = Category.valueOf(verdict.strip().toUpperCase(Locale.ROOT));
                if (category != Category.UNKNOWN) {
                    return category;
                }
            } catch (IllegalArgumentException e) {
                // Named below, with the accepted values.
            }
        }
        throw invalid("verdict", "must be one of " + ACCEPTED, verdict);
    }

    /**
     * An ISO-8601 date and time with its offset ({@code 2026-12-31T00:00:00Z}, {@code
     * 2026-12-31T01:00:00+01:00}); null or empty: no expiry. A time in the past is accepted: the verdict
     * is stored as expired, which is how an operator ends a verdict and keeps it on record.
     */
    static Instant expiry(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(
                    "expiresAt", "must be an ISO-8601 date and time with offset, such as 2026-12-31T00:00:00Z", text);
        }
    }

    /** An empty threat name is no threat name (a CSV cell cannot say null); a blank one is an error. */
    private static String blankToNull(String value, boolean blankIsNone) {
        if (value == null || value.isEmpty() || (blankIsNone && value.isBlank())) {
            return null;
        }
        return value;
    }

    static InvalidInputException invalid(String field, String detail, String input) {
        return new InvalidInputException("invalid-local-verdict", field + ": " + detail, input);
    }

    /** Whether {@code row} already says exactly this. */
    boolean sameAs(LocalVerdict row) {
        return verdict.name().equals(row.category)
                && Objects.equals(threatName, row.threatName)
                && Objects.equals(comment, row.comment)
                && Objects.equals(
                        expiresAt, row.expiresAt == null ? null : row.expiresAt.truncatedTo(ChronoUnit.MILLIS));
    }

    void applyTo(LocalVerdict row) {
        row.category = verdict.name();
        row.threatName = threatName;
        row.comment = comment;
        row.expiresAt = expiresAt;
    }
}
