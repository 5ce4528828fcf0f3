package dev.outpost.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;
import dev.outpost.reputation.InvalidInputException;

/**
 * Verdicts from machines (sandboxes, EDR systems; issue 14), in bulk, the way KPSN takes sandbox
 * verdicts. Each item is answered on its own: a bad item is {@code invalid} and the others still
 * apply. Idempotent: the same items again change nothing and are answered {@code unchanged}. A
 * machine never overrides a person: a subject with an operator's verdict is {@code
 * skipped-operator-verdict}, also when that verdict has expired (it stays on record as a decision).
 * A machine's verdict is replaced by the next machine's that says otherwise.
 */
@ApplicationScoped
public class Submissions {
    public static final int MAX_ITEMS = 10_000;
    private static final int FLUSH_ITEMS = 500;

    private final LocalVerdicts verdicts;
    private final AuditLog audit;
    private final SubmissionLimiter limiter;

    public Submissions(LocalVerdicts verdicts, AuditLog audit, SubmissionLimiter limiter) {
        this.verdicts = verdicts;
        this.audit = audit;
        this.limiter = limiter;
    }

    /** One submitted verdict; checked item by item, so that one bad item spoils nothing else. */
    public record Item(String kind, String value, String verdict, String threatName, String expiresAt) {}

    /** The body: {@code {"items": [...]}}. */
    public record Request(List<Item> items) {}

    /** What became of one item. */
    public enum Status {
        CREATED("created"),
        UPDATED("updated"),
        UNCHANGED("unchanged"),
        SKIPPED_OPERATOR_VERDICT("skipped-operator-verdict"),
        INVALID("invalid");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** One item's answer, in request order: the verdict's id, or for an invalid item the problem. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int index, Status status, Long id, String type, String detail) {}

    /** The answer: counts by status, and every item's result in order. */
    public record Result(
            int received,
            int created,
            int updated,
            int unchanged,
            int skipped,
            int invalid,
            List<ItemResult> results) {}

    /** Applies a submission from {@code editor} (a submitter token, or an admin) in one transaction. */
    @Transactional
    public Result submit(Request request, Editor editor) {
        if (request == null || request.items() == null) {
            throw new InvalidInputException("invalid-request", "request body needs an array 'items'", null);
        }
        List<Item> items = request.items();
        if (items.size() > MAX_ITEMS) {
            throw new InvalidInputException(
                    "too-many-items",
                    "request has " + items.size() + " items; at most " + MAX_ITEMS + " per request",
                    null);
        }
        limiter.acquire(editor.name(), items.size());

        ItemResult[] results = new ItemResult[items.size()];
        SubjectKey[] keys = new SubjectKey[items.size()];
        VerdictFields[] fields = new VerdictFields[items.size()];
        Map<SubjectKey, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            try {
                if (item == null) {
                    throw new InvalidInputException("invalid-local-verdict", "an item must be an object", null);
                }
                LocalKind kind = LocalKind.of(item.kind());
                SubjectKey key = new SubjectKey(kind, kind.canonicalSubject(item.value()));
                fields[i] = VerdictFields.parse(item.verdict(), item.threatName(), null, item.expiresAt());
                Integer earlier = first.putIfAbsent(key, i);
                if (earlier != null) {
                    throw new InvalidInputException(
                            "invalid-local-verdict",
                            "item " + earlier + " is about the same " + key + "; one verdict per subject",
                            item.value());
                }
                keys[i] = key;
            } catch (InvalidInputException e) {
                results[i] = new ItemResult(i, Status.INVALID, null, e.problemType(), e.detail());
            } catch (RuntimeException e) {
                results[i] =
                        new ItemResult(i, Status.INVALID, null, "invalid-local-verdict", "the item cannot be read");
            }
        }

        List<SubjectKey> valid = new ArrayList<>();
        for (SubjectKey key : keys) {
            if (key != null) {
                valid.add(key);
            }
        }
        Map<SubjectKey, LocalVerdict> existing = verdicts.existing(valid);
        Instant now = Instant.now();
        List<LocalVerdict> written = new ArrayList<>();
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        int[] counts = new int[Status.values().length];
        try {
            for (int i = 0; i < items.size(); i++) {
                if (results[i] == null) {
                    results[i] = apply(i, keys[i], fields[i], existing.get(keys[i]), editor, now, written, changes);
                }
                counts[results[i].status().ordinal()]++;
                if (written.size() >= FLUSH_ITEMS) {
                    flushAndDetach(written);
                }
            }
            flushAndDetach(written);
        } catch (PersistenceException e) {
            throw new LocalVerdictException.Conflict("a local verdict in this submission");
        }
        Result result = new Result(
                items.size(),
                counts[Status.CREATED.ordinal()],
                counts[Status.UPDATED.ordinal()],
                counts[Status.UNCHANGED.ordinal()],
                counts[Status.SKIPPED_OPERATOR_VERDICT.ordinal()],
                counts[Status.INVALID.ordinal()],
                List.of(results));
        // Recorded last: the audit log holds its head until the transaction ends.
        changes.forEach(
                (target, change) -> audit.record(editor.actor(), AuditActions.LOCAL_VERDICT_UPDATED, target, change));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("received", String.valueOf(result.received()));
        details.put("created", String.valueOf(result.created()));
        details.put("updated", String.valueOf(result.updated()));
        details.put("unchanged", String.valueOf(result.unchanged()));
        details.put("skipped", String.valueOf(result.skipped()));
        details.put("invalid", String.valueOf(result.invalid()));
        audit.record(editor.actor(), AuditActions.LOCAL_VERDICTS_SUBMITTED, null, details);
        return result;
    }

    private ItemResult apply(
            int index,
            SubjectKey key,
            VerdictFields fields,
            LocalVerdict stored,
            Editor editor,
            Instant now,
            List<LocalVerdict> written,
            Map<String, Map<String, String>> changes) {
        if (stored == null) {
            LocalVerdict row = LocalVerdicts.newRow(key.kind(), key.subject(), fields, editor, Origin.SUBMITTER, now);
            verdicts.persist(row);
            written.add(row);
            return new ItemResult(index, Status.CREATED, row.id, null, null);
        }
        if (stored.effectiveOrigin() == Origin.OPERATOR) {
            return new ItemResult(index, Status.SKIPPED_OPERATOR_VERDICT, stored.id, null, null);
        }
        Map<String, String> change = verdicts.change(stored, fields, editor, Origin.SUBMITTER, now);
        if (change == null) {
            return new ItemResult(index, Status.UNCHANGED, stored.id, null, null);
        }
        changes.put(LocalVerdicts.target(stored), change);
        written.add(stored);
        return new ItemResult(index, Status.UPDATED, stored.id, null, null);
    }

    private void flushAndDetach(List<LocalVerdict> written) {
        verdicts.flush();
        var entityManager = verdicts.getEntityManager();
        written.forEach(entityManager::detach);
        written.clear();
    }
}
