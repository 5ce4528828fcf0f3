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
        Category category = Category.valueOf(row.category);
        return new LocalVerdictView(
                row.id,
                row.kind,
                row.subject,
                category.zone(),
                category,
                row.threatName,
                row.comment,
                row.createdBy,
                row.createdAt);
    }
}
