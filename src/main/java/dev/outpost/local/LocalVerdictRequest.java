package dev.outpost.local;

import java.util.Locale;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.InvalidInputException;

/**
 * A request for a local verdict: {@code {"kind": "url", "value": "http://evil.example/phish/",
 * "verdict": "PHISHING", "threatName": "...", "comment": "ticket 4711"}}. Validated when built.
 */
public record LocalVerdictRequest(String kind, String value, String verdict, String threatName, String comment) {
    static final int MAX_COMMENT_CHARS = 1000;

    public LocalVerdictRequest {
        LocalKind.of(kind);
        category(verdict);
        if (threatName != null && threatName.isBlank()) {
            throw invalid("threatName, if given, must not be blank", threatName);
        }
        if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
            throw invalid("comment is at most " + MAX_COMMENT_CHARS + " characters", null);
        }
    }

    LocalKind localKind() {
        return LocalKind.of(kind);
    }

    Category category() {
        return category(verdict);
    }

    private static Category category(String verdict) {
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
        throw invalid(
                "verdict must be one of MALWARE, PHISHING, ADWARE, RISKWARE, SUSPICIOUS, CLEAN, TRUSTED", verdict);
    }

    private static InvalidInputException invalid(String detail, String input) {
        return new InvalidInputException("invalid-local-verdict", detail, input);
    }
}
