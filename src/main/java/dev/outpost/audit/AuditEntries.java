package dev.outpost.audit;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The audit entries table. Only {@link AuditLog} inserts; nothing updates or deletes. */
@ApplicationScoped
public class AuditEntries implements PanacheRepositoryBase<AuditEntry, Long> {
    /** Entries after {@code afterSeq}, oldest first, at most {@code limit}: the walk of verify and export. */
    public List<AuditEntry> after(long afterSeq, long upToSeq, int limit) {
        return find("seq > ?1 and seq <= ?2", Sort.ascending("seq"), afterSeq, upToSeq)
                .page(0, limit)
                .list();
    }

    /** Entries whose hash is {@code hash}: where a moved entry's predecessor now sits. */
    public List<AuditEntry> withHash(String hash, int limit) {
        return find("hash", hash).page(0, limit).list();
    }

    /** One page of the log for the admin API, newest first, optionally filtered. */
    public List<AuditEntry> page(AuditQuery query) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (query.action() != null) {
            where.append(" and action = :action");
            parameters.put("action", query.action());
        }
        if (query.actor() != null) {
            where.append(" and actor = :actor");
            parameters.put("actor", query.actor());
        }
        if (query.since() != null) {
            where.append(" and timeMillis >= :since");
            parameters.put("since", millis(query.since()));
        }
        if (query.until() != null) {
            where.append(" and timeMillis < :until");
            parameters.put("until", millis(query.until()));
        }
        return find(where.toString(), Sort.descending("seq"), parameters)
                .page(query.page(), query.size())
                .list();
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }
}
