package dev.outpost.bundle.importing;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
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

    /** The last attempt for a bundle with these exact bytes (by the SHA-256 of the whole file). */
    @Transactional
    public Optional<ImportRecord> lastFor(String bundleSha256) {
        return find("bundleSha256", Sort.descending("id"), bundleSha256).firstResultOptional();
    }
}
