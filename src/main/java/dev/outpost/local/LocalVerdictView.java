package dev.outpost.local;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/** A local verdict as the operator API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalVerdictView(
        long id,
        String kind,
        String subject,
        Zone zone,
        Category verdict,
        String threatName,
        String comment,
        String createdBy,
        Instant createdAt) {
    static LocalVerdictView of(LocalVerdict row) {
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
                row.createdBy,
                row.createdAt);
    }
}
