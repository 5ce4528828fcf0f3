package dev.outpost.local;

/**
 * A request for a new local verdict: {@code {"kind": "url", "value": "http://evil.example/phish/",
 * "verdict": "PHISHING", "threatName": "...", "comment": "ticket 4711", "expiresAt":
 * "2026-12-31T00:00:00Z"}}. Validated when built.
 */
public record LocalVerdictRequest(
        String kind, String value, String verdict, String threatName, String comment, String expiresAt) {
    public LocalVerdictRequest {
        LocalKind.of(kind);
        fields(verdict, threatName, comment, expiresAt);
    }

    LocalKind localKind() {
        return LocalKind.of(kind);
    }

    VerdictFields fields() {
        return fields(verdict, threatName, comment, expiresAt);
    }

    private static VerdictFields fields(String verdict, String threatName, String comment, String expiresAt) {
        return VerdictFields.parse(verdict, threatName, comment, expiresAt);
    }
}
