package dev.outpost.local;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/**
 * A local verdict as the operator API shows it. {@code expired} says whether it still applies;
 * {@code origin} whether a person or a machine decided it, {@code owner} who may change it besides an
 * admin (docs/local-verdicts.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalVerdictView(
        long id,
        String kind,
        String subject,
        Zone zone,
        Category verdict,
        String threatName,
        String comment,
        Instant expiresAt,
        boolean expired,
        String origin,
        String owner,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        long revision) {
    static LocalVerdictView of(LocalVerdict row, Instant now) {
        // A row this version cannot read is still listed, so that an operator can delete it.
        Category category = java.util.Arrays.stream(Category.values())
                .filter(c -> c.name().equals(row.category))
                .findFirst()
                .orElse(null);
        return new LocalVerdictView(
                row.id,
                row.kind,
                row.subject,
                category == null ? null : category.zone(),
                category,
                row.threatName,
                row.comment,
                row.expiresAt,
                row.expiredAt(now),
                row.effectiveOrigin().id(),
                row.effectiveOwner(),
                row.createdBy,
                row.createdAt,
                row.updatedBy,
                row.updatedAt,
                row.revision);
    }
}
