package dev.outpost.bundle.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** The import history in the relational database. */
@ApplicationScoped
public class ImportHistory implements PanacheRepository<ImportRecord> {
    public static final String ACTIVATED = "ACTIVATED";
    public static final String REJECTED = "REJECTED";
    public static final String UNCHANGED = "UNCHANGED";
    /** The process stopped during the import; the active dataset stayed as it was. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /**
     * This appliance could not finish the import (a full disk, a failed write); recorded for uploads
     * only: the inbox tries its bundles again (issue 11 item 5).
     */
    public static final String FAILED = "FAILED";

    /** Every outcome a row can have: what the history may be filtered by. */
    public static final Set<String> OUTCOMES = Set.of(ACTIVATED, UNCHANGED, REJECTED, FAILED, INTERRUPTED);

    @Transactional
    public ImportRecord record(ImportRecord entry) {
        persist(entry);
        return entry;
    }

    @Transactional
    public List<ImportRecord> latest(int limit) {
        return findAll(Sort.descending("id")).page(0, limit).list();
    }

    @Transactional
    public long countByOutcome(String outcome) {
        return count("outcome", outcome);
    }

    @Transactional
    public Optional<ImportRecord> findByImportId(String importId) {
        return find("importId", importId).firstResultOptional();
    }

    /** A page of the history, newest first. */
    @Transactional
    public List<ImportRecord> page(int page, int size) {
        return findAll(Sort.descending("id")).page(page, size).list();
    }

    /**
     * A page of the rows with this outcome and origin (either null: any), newest first: the console
     * filters the whole history this way, not just the page it has (issue 15).
     */
    @Transactional
    public List<ImportRecord> pageMatching(String outcome, String origin, int page, int size) {
        Parameters parameters = new Parameters();
        String query = where(outcome, origin, parameters);
        return (query.isEmpty() ? findAll(Sort.descending("id")) : find(query, Sort.descending("id"), parameters))
                .page(page, size)
                .list();
    }

    /**
     * How many rows have this outcome and origin (either null: any). Not an overload of {@code
     * count}: Panache's {@code count(String query, Object... params)} would lose calls to it.
     */
    @Transactional
    public long countMatching(String outcome, String origin) {
        Parameters parameters = new Parameters();
        String query = where(outcome, origin, parameters);
        return query.isEmpty() ? count() : count(query, parameters);
    }

    private static String where(String outcome, String origin, Parameters parameters) {
        List<String> terms = new ArrayList<>();
        if (outcome != null) {
            terms.add("outcome = :outcome");
            parameters.and("outcome", outcome);
        }
        if (origin != null) {
            terms.add("origin = :origin");
            parameters.and("origin", origin);
        }
        return String.join(" and ", terms);
    }

    /** The last attempt for a bundle with these exact bytes (by the SHA-256 of the whole file). */
    @Transactional
    public Optional<ImportRecord> lastFor(String bundleSha256) {
        return find("bundleSha256", Sort.descending("id"), bundleSha256).firstResultOptional();
    }
}
