package dev.outpost.local;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;

/**
 * Bulk import of local verdicts (issue 14): all rows or none. Every row is checked first (format,
 * values, duplicates within the file), then against what is stored: a subject that already has a
 * verdict is updated if the importer may change that verdict ({@link Ownership}), and is otherwise
 * an error of its row. Any error rejects the whole file, every bad row named; a valid file is applied
 * in one transaction, with its audit entries.
 */
@ApplicationScoped
public class LocalVerdictImports {
    /** Rows written between flushes; each is detached after, so the persistence context stays small. */
    private static final int FLUSH_ROWS = 500;

    private final LocalVerdicts verdicts;
    private final AuditLog audit;
    private final LocalConfig config;

    public LocalVerdictImports(LocalVerdicts verdicts, AuditLog audit, LocalConfig config) {
        this.verdicts = verdicts;
        this.audit = audit;
        this.config = config;
    }

    /** What an import did. */
    public record Result(String format, int rows, int created, int updated, int unchanged) {}

    /** Imports CSV or JSON Lines, named by its media type ({@code text/csv}, {@code application/x-ndjson}). */
    @Transactional
    public Result importFrom(InputStream in, String mediaType, Editor editor) {
        VerdictFile.Format format = VerdictFile.Format.ofMediaType(mediaType);
        return apply(
                VerdictFile.read(
                        in,
                        format,
                        config.importing().maxRows(),
                        config.importing().maxBytes()),
                format,
                editor);
    }

    /** Imports a file in the format its name says ({@code csv} or {@code jsonl}). */
    @Transactional
    public Result importFormat(InputStream in, String format, Editor editor) {
        VerdictFile.Format parsed = VerdictFile.Format.of(format);
        return apply(
                VerdictFile.read(
                        in,
                        parsed,
                        config.importing().maxRows(),
                        config.importing().maxBytes()),
                parsed,
                editor);
    }

    private Result apply(VerdictFile.Contents contents, VerdictFile.Format format, Editor editor) {
        List<VerdictFile.Row> rows = contents.rows();
        Map<SubjectKey, LocalVerdict> existing =
                verdicts.existing(rows.stream().map(VerdictFile.Row::subject).toList());
        List<VerdictFile.RowError> errors = new ArrayList<>();
        int errorCount = 0;
        for (VerdictFile.Row row : rows) {
            LocalVerdict stored = existing.get(row.subject());
            if (stored != null && !unchanged(stored, row) && !Ownership.mayChange(editor, stored)) {
                errorCount++;
                if (errors.size() < VerdictFile.MAX_LISTED_ERRORS) {
                    errors.add(new VerdictFile.RowError(
                            row.line(),
                            "local-verdict-not-yours",
                            "a verdict on " + row.subject() + " exists (id " + stored.id + ") and is "
                                    + stored.effectiveOwner() + "'s; only " + stored.effectiveOwner()
                                    + " or an admin may change it",
                            null));
                }
            }
        }
        if (errorCount > 0) {
            throw new VerdictFile.BatchRejected(errors, errorCount, rows.size());
        }
        Instant now = Instant.now();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<LocalVerdict> written = new ArrayList<>();
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        try {
            for (VerdictFile.Row row : rows) {
                LocalVerdict stored = existing.get(row.subject());
                if (stored == null) {
                    LocalVerdict verdict = LocalVerdicts.newRow(
                            row.subject().kind(), row.subject().subject(), row.fields(), editor, Origin.OPERATOR, now);
                    verdicts.persist(verdict);
                    written.add(verdict);
                    created++;
                } else {
                    Map<String, String> change = verdicts.change(stored, row.fields(), editor, Origin.OPERATOR, now);
                    if (change == null) {
                        unchanged++;
                    } else {
                        changes.put(LocalVerdicts.target(stored), change);
                        written.add(stored);
                        updated++;
                    }
                }
                if (written.size() >= FLUSH_ROWS) {
                    flushAndDetach(written);
                }
            }
            flushAndDetach(written);
        } catch (PersistenceException e) {
            // Another replica wrote one of these subjects meanwhile: nothing is applied; try again.
            throw new LocalVerdictException.Conflict("a local verdict in this import");
        }
        // Recorded last: the audit log holds its head until the transaction ends. Each change keeps
        // its old and new values; created verdicts are counted, and the file's digest names them.
        changes.forEach(
                (target, change) -> audit.record(editor.actor(), AuditActions.LOCAL_VERDICT_UPDATED, target, change));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("format", format.id);
        details.put("sha256", contents.sha256());
        details.put("bytes", String.valueOf(contents.bytes()));
        details.put("rows", String.valueOf(rows.size()));
        details.put("created", String.valueOf(created));
        details.put("updated", String.valueOf(updated));
        details.put("unchanged", String.valueOf(unchanged));
        audit.record(editor.actor(), AuditActions.LOCAL_VERDICTS_IMPORTED, null, details);
        return new Result(format.id, rows.size(), created, updated, unchanged);
    }

    /** A person's verdict that already says what the row says is left alone, whoever owns it. */
    private static boolean unchanged(LocalVerdict stored, VerdictFile.Row row) {
        return row.fields().sameAs(stored) && stored.effectiveOrigin() == Origin.OPERATOR;
    }

    private void flushAndDetach(List<LocalVerdict> written) {
        verdicts.flush();
        var entityManager = verdicts.getEntityManager();
        written.forEach(entityManager::detach);
        written.clear();
    }
}
