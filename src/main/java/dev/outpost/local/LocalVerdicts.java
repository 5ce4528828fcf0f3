package dev.outpost.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;

/**
 * The local verdicts (ADR 0009): kept in the relational database, which replicas share, and served
 * from an in-memory {@link LocalIndex}. A write reloads the index at once on the replica that took
 * it; every replica also checks for changes every {@code outpost.local.refresh-interval}, and drops
 * expired verdicts from the index at its next check after they expire (lookups skip them from the
 * instant they expire). Every write is recorded in the audit log in its own transaction.
 */
@ApplicationScoped
public class LocalVerdicts implements PanacheRepository<LocalVerdict> {
    private static final Logger LOG = Logger.getLogger(LocalVerdicts.class);
    /** Subjects looked up per query when a batch checks what exists (bounded IN lists). */
    private static final int LOOKUP_CHUNK = 500;

    /**
     * What replicas compare to notice another's writes: an insert raises the highest id (ids only
     * grow), a delete lowers the count, an update raises the sum of revisions (issue 14: rows are no
     * longer only created and deleted). Any mix between two checks changes at least one of them.
     */
    private record Marker(long count, long maxId, long revisions) {}

    @Inject
    AuditLog audit;

    private volatile LocalIndex index = LocalIndex.EMPTY;
    private volatile Marker loaded;

    /** The current snapshot; never blocks. */
    public LocalIndex current() {
        return index;
    }

    void onStart(@Observes StartupEvent event) {
        reload();
    }

    @Scheduled(
            identity = "local-verdict-refresh",
            every = "${outpost.local.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        reload();
    }

    /**
     * Reloads the index if the table changed since the last load, or a verdict in it has expired.
     * One reload at a time, so that a slow scheduled reload cannot replace the index a write has just
     * reloaded with an older one.
     */
    @Transactional
    public synchronized void reload() {
        Object[] row = getEntityManager()
                .createQuery(
                        "select count(v), coalesce(max(v.id), 0), coalesce(sum(v.revision), 0) from LocalVerdict v",
                        Object[].class)
                .getSingleResult();
        Marker marker =
                new Marker(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
        Instant now = Instant.now();
        if (marker.equals(loaded) && index.nextExpiryMillis() > now.toEpochMilli()) {
            return;
        }
        index = LocalIndex.of(listAll(), now);
        loaded = marker;
        LOG.infof("Local verdicts loaded: %d", index.size());
    }

    /** Stores a person's verdict on the canonical subject of the request; one per subject. */
    @Transactional
    public LocalVerdict add(LocalVerdictRequest request, Editor editor) {
        LocalKind kind = request.localKind();
        String subject = kind.canonicalSubject(request.value());
        LocalVerdict existing =
                find("kind = ?1 and subject = ?2", kind.id(), subject).firstResult();
        if (existing != null) {
            throw new LocalVerdictException.Exists(kind, subject, existing.id);
        }
        LocalVerdict verdict = newRow(kind, subject, request.fields(), editor, Origin.OPERATOR, Instant.now());
        try {
            persistAndFlush(verdict);
        } catch (PersistenceException e) {
            // Another replica stored the same subject between the check and this insert.
            throw new LocalVerdictException.Exists(kind, subject, null);
        }
        audit.record(editor.actor(), AuditActions.LOCAL_VERDICT_CREATED, target(verdict), describe(verdict));
        return verdict;
    }

    /** A new row; what the index would leave out is refused here, with the field named (issue 11 item 2). */
    static LocalVerdict newRow(
            LocalKind kind, String subject, VerdictFields fields, Editor editor, Origin origin, Instant now) {
        LocalVerdict verdict = new LocalVerdict();
        verdict.kind = kind.id();
        verdict.subject = subject;
        fields.applyTo(verdict);
        verdict.createdBy = editor.name();
        verdict.createdAt = now;
        verdict.origin = origin.id();
        verdict.owner = editor.name();
        LocalIndex.entryOf(verdict);
        return verdict;
    }

    @Transactional
    public LocalVerdict get(long id) {
        LocalVerdict verdict = findById(id);
        if (verdict == null) {
            throw new LocalVerdictException.NotFound(id);
        }
        return verdict;
    }

    /**
     * Changes a verdict in place, if {@code editor} may ({@link Ownership}); the audit log keeps the
     * old and the new values. A change that changes nothing writes nothing.
     */
    @Transactional
    public LocalVerdict update(long id, LocalVerdictPatch patch, Editor editor) {
        LocalVerdict row = get(id);
        Ownership.checkMayChange(editor, row);
        VerdictFields next = patch.applyTo(row);
        Map<String, String> changes = change(row, next, editor, Origin.OPERATOR, Instant.now());
        if (changes == null) {
            return row;
        }
        try {
            flush();
        } catch (PersistenceException e) {
            // The revision in the WHERE clause matched no row: another request changed it first.
            throw new LocalVerdictException.Conflict("local verdict " + id);
        }
        audit.record(editor.actor(), AuditActions.LOCAL_VERDICT_UPDATED, target(row), changes);
        return row;
    }

    /**
     * Applies {@code next} to {@code row} as {@code editor}'s decision; returns the old and new values
     * for the audit log ({@code local-verdict.updated}), which the caller records once its writes are
     * done (the log's head stays locked until the transaction ends: record last), or null if the row
     * already says it. A person confirming a machine's verdict unchanged still makes it theirs
     * (machines may no longer change it), and that is a change too.
     */
    Map<String, String> change(LocalVerdict row, VerdictFields next, Editor editor, Origin origin, Instant now) {
        boolean takesOver = origin == Origin.OPERATOR && row.effectiveOrigin() == Origin.SUBMITTER;
        if (next.sameAs(row) && !takesOver) {
            return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kind", row.kind);
        details.put("subject", row.subject);
        diff(details, "verdict", row.category, next.verdict().name());
        diff(details, "threatName", row.threatName, next.threatName());
        diff(details, "comment", row.comment, next.comment());
        diff(details, "expiresAt", text(millis(row.expiresAt)), text(next.expiresAt()));
        diff(details, "origin", row.effectiveOrigin().id(), origin.id());
        diff(details, "owner", row.effectiveOwner(), editor.name());
        next.applyTo(row);
        row.origin = origin.id();
        row.owner = editor.name();
        row.updatedBy = editor.name();
        row.updatedAt = now;
        LocalIndex.entryOf(row);
        return details;
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static void diff(Map<String, String> details, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            details.put("old." + field, before == null ? "" : before);
            details.put("new." + field, after == null ? "" : after);
        }
    }

    /** Deletes a verdict, if {@code editor} may ({@link Ownership}). */
    @Transactional
    public void remove(long id, Editor editor) {
        LocalVerdict verdict = get(id);
        Ownership.checkMayChange(editor, verdict);
        delete(verdict);
        audit.record(editor.actor(), AuditActions.LOCAL_VERDICT_DELETED, target(verdict), describe(verdict));
    }

    /** One page, newest first, of the verdicts {@code filter} selects at {@code now}. */
    @Transactional
    public List<LocalVerdict> page(Listing filter, Instant now, int page, int size) {
        Parameters parameters = new Parameters();
        return find(filter.where(parameters, now), Sort.descending("id"), parameters)
                .page(Page.of(page, size))
                .list();
    }

    /** How many verdicts {@code filter} selects at {@code now}: the listing's total. */
    @Transactional
    public long count(Listing filter, Instant now) {
        Parameters parameters = new Parameters();
        return count(filter.where(parameters, now), parameters);
    }

    /**
     * Which verdicts a listing shows: optionally of one kind, those that apply or expired, and those
     * whose subject, threat name, comment or people contain a text (any case).
     */
    public record Listing(LocalKind kind, VerdictState state, SearchText text) {
        String where(Parameters parameters, Instant now) {
            StringBuilder query = new StringBuilder("1 = 1");
            if (kind != null) {
                query.append(" and kind = :kind");
                parameters.and("kind", kind.id());
            }
            if (text != null) {
                query.append(" and (lower(subject) like :text escape '!' or lower(threatName) like :text escape '!'"
                        + " or lower(comment) like :text escape '!' or lower(createdBy) like :text escape '!'"
                        + " or lower(owner) like :text escape '!' or lower(updatedBy) like :text escape '!')");
                parameters.and("text", text.likePattern());
            }
            appendState(query, parameters, state, now);
            return query.toString();
        }
    }

    /** Up to {@code limit} verdicts with ids above {@code afterId}, in id order: an export's next batch. */
    @Transactional
    public List<LocalVerdict> batchAfter(long afterId, int limit, VerdictState state, Instant now) {
        StringBuilder query = new StringBuilder("id > :after");
        Parameters parameters = Parameters.with("after", afterId);
        appendState(query, parameters, state, now);
        return find(query.toString(), Sort.ascending("id"), parameters)
                .page(Page.ofSize(limit))
                .list();
    }

    private static void appendState(StringBuilder query, Parameters parameters, VerdictState state, Instant now) {
        if (state == VerdictState.ACTIVE) {
            query.append(" and (expiresAt is null or expiresAt > :now)");
            parameters.and("now", now);
        } else if (state == VerdictState.EXPIRED) {
            query.append(" and expiresAt <= :now");
            parameters.and("now", now);
        }
    }

    /** The stored verdicts on these subjects, in bounded queries; call within a transaction. */
    Map<SubjectKey, LocalVerdict> existing(Collection<SubjectKey> subjects) {
        Map<LocalKind, List<String>> byKind = new EnumMap<>(LocalKind.class);
        subjects.forEach(key ->
                byKind.computeIfAbsent(key.kind(), k -> new ArrayList<>()).add(key.subject()));
        Map<SubjectKey, LocalVerdict> found = new HashMap<>();
        byKind.forEach((kind, all) -> {
            for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
                for (LocalVerdict row : list("kind = ?1 and subject in ?2", kind.id(), chunk)) {
                    found.put(new SubjectKey(kind, row.subject), row);
                }
            }
        });
        return found;
    }

    static String target(LocalVerdict row) {
        return "local-verdict:" + row.id;
    }

    /** A verdict as the audit log records its creation or deletion. */
    static Map<String, String> describe(LocalVerdict row) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kind", row.kind);
        details.put("subject", row.subject);
        details.put("verdict", row.category);
        put(details, "threatName", row.threatName);
        put(details, "comment", row.comment);
        put(details, "expiresAt", text(row.expiresAt));
        details.put("origin", row.effectiveOrigin().id());
        details.put("owner", row.effectiveOwner());
        details.put("createdBy", row.createdBy);
        return details;
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
