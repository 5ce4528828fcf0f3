package dev.outpost.security;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A token as the admin API shows it. {@code token} is present only in the answer that created it:
 * it is stored nowhere and can never be shown again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(
        long id,
        String name,
        String role,
        String state,
        boolean bootstrap,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt,
        String revokedBy,
        String token) {
    static TokenView of(ApiToken row, Instant now) {
        return of(row, now, null);
    }

    public static TokenView of(ApiToken row, Instant now, String token) {
        String state = row.revokedAt != null ? "revoked" : row.activeAt(now) ? "active" : "expired";
        return new TokenView(
                row.id,
                row.name,
                row.role,
                state,
                row.bootstrap,
                row.createdAt,
                row.createdBy,
                row.expiresAt,
                row.lastUsedAt,
                row.revokedAt,
                row.revokedBy,
                token);
    }
}
