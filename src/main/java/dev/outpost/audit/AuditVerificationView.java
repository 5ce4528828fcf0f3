package dev.outpost.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/admin/audit/verify}: {@code {"valid": true, "entries": N, "head": {...}}}, or
 * {@code {"valid": false, "entries": N, "firstBroken": {"seq", "reason", "detail"}}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerificationView(boolean valid, long entries, Head head, FirstBroken firstBroken) {
    /** The last entry: compare it with the anchors in the server's log. */
    public record Head(long seq, String hash) {}

    public record FirstBroken(long seq, String reason, String detail) {}

    public static AuditVerificationView of(AuditVerification verification) {
        if (verification instanceof AuditVerification.Valid valid) {
            return new AuditVerificationView(true, valid.entries(), new Head(valid.headSeq(), valid.headHash()), null);
        }
        AuditVerification.Broken broken = (AuditVerification.Broken) verification;
        return new AuditVerificationView(
                false,
                broken.entries(),
                null,
                new FirstBroken(broken.seq(), broken.reason().slug(), broken.detail()));
    }
}
