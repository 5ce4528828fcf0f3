package dev.outpost.bundle.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;
import dev.outpost.bundle.BundleConfig;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.config.DataDirectory;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;
import dev.outpost.trust.TrustAnchor;

/**
 * Runs imports one at a time, whatever their source (inbox, CLI, upload, demo): copies the bundle
 * into local staging while hashing it (the source may be a USB stick that changes under us), imports
 * the copy, records the attempt in the import history under its import id, audits it, and
 * quarantines rejected bundles with a reason file.
 */
@ApplicationScoped
public class ImportService {
    private static final Logger LOG = Logger.getLogger(ImportService.class);
    private static final long MIB = 1024 * 1024;
    private static final long SPACE_MARGIN_BYTES = 64 * MIB;

    private final GenerationStore store;
    private final StagedImport staged;
    private final Quarantine quarantine;
    private final ImportHistory history;
    private final ImportProblems problems;
    private final DataDirectory directories;
    private final Event<ImportFinished> finished;
    private final AuditLog audit;
    private final ImportTracker tracker;

    public ImportService(
            GenerationStore store,
            TrustAnchor trust,
            BundleConfig bundle,
            QuarantineConfig retention,
            ImportHistory history,
            ImportProblems problems,
            DataDirectory directories,
            Event<ImportFinished> finished,
            AuditLog audit,
            ImportTracker tracker) {
        BundleLimits limits = bundle.limits();
        this.store = store;
        this.quarantine =
                new Quarantine(directories.quarantine(), retention.maxBytes(), retention.maxAge(), Clock.systemUTC());
        this.staged = new StagedImport(
                new BundleImporter(store, trust, limits, Clock.systemUTC()), directories.staging(), quarantine, limits);
        this.history = history;
        this.problems = problems;
        this.directories = directories;
        this.finished = finished;
        this.audit = audit;
        this.tracker = tracker;
    }

    /**
     * An import's outcome and the SHA-256 of the bytes it read (null when they could not be read),
     * which the inbox remembers so that a kept bundle is not imported twice.
     */
    public record Imported(ImportOutcome outcome, String sha256) {}

    /** Imports a bundle file; {@code origin} says where it came from ({@code inbox}, {@code cli}). */
    public ImportOutcome importFile(Path source, String origin, ImportProgress progress) throws IOException {
        return importFile(source, origin, progress, null);
    }

    /** As above; {@code override}, when not null, imports the bundle even if it has expired, audited. */
    public ImportOutcome importFile(Path source, String origin, ImportProgress progress, ExpiryOverride override)
            throws IOException {
        // The operator named this file, so a link to it is followed.
        return importPath(new Request(newId(), origin, actorFor(origin), false), source, progress, override)
                .outcome();
    }

    /** Imports a bundle from the inbox, whose links are never followed, and says which bytes it read. */
    public Imported importFromInbox(Path file) throws IOException {
        return importPath(
                new Request(newId(), "inbox", Actor.system(), false),
                file,
                new LoggingProgress(file.getFileName().toString()),
                null,
                LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Imports an uploaded bundle ({@link UploadFiles}) under the id its uploader was given, as {@code
     * actor} (captured on the upload's request: the import runs later, on another thread), and
     * removes the upload afterwards. Unlike the inbox, which tries again, an upload's local failure is
     * recorded in the history too: nobody else will try it again.
     */
    public ImportOutcome importUpload(LiveImport upload, Path file, Actor actor) {
        try {
            return importPath(
                            new Request(upload.id(), UploadFiles.ORIGIN, actor, true),
                            file,
                            new LoggingProgress(upload.fileName()),
                            null,
                            LinkOption.NOFOLLOW_LINKS)
                    .outcome();
        } catch (IOException | RuntimeException e) {
            ImportOutcome.LocalFailure failure = ImportOutcome.LocalFailure.of("importing the upload", e);
            LOG.errorf(e, "Import of upload %s (%s) failed", upload.id(), upload.fileName());
            concluded(new Request(upload.id(), UploadFiles.ORIGIN, actor, true), upload.fileName(), failure, null, 0);
            finished.fire(new ImportFinished(failure, Duration.ZERO));
            return failure;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.errorf("Cannot remove the upload %s: %s", file.getFileName(), e.getMessage());
            }
            tracker.remove(upload.id());
        }
    }

    /** Who an import of a file or stream is audited as: the CLI's user, or the appliance itself. */
    private static Actor actorFor(String origin) {
        return "cli".equals(origin) ? Actor.cli(System.getProperty("user.name")) : Actor.system();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** One import's identity: its id, where it came from, who started it, whether a local failure gets a row. */
    private record Request(String id, String origin, Actor actor, boolean recordLocalFailure) {}

    private synchronized Imported importPath(
            Request request, Path source, ImportProgress progress, ExpiryOverride override, OpenOption... options)
            throws IOException {
        long size = Files.size(source);
        long usable = Files.getFileStore(directories.staging()).getUsableSpace();
        // The staged copy plus the new generation need roughly twice the bundle's size.
        if (usable < size * 2 + SPACE_MARGIN_BYTES) {
            ImportOutcome.LocalFailure failure = new ImportOutcome.LocalFailure(
                    "insufficient-space",
                    "staging needs about "
                            + (size * 2 + SPACE_MARGIN_BYTES) / MIB + " MiB free in " + directories.root() + ", "
                            + usable / MIB + " MiB available; the bundle was left where it is");
            String fileName = safeFileName(source.getFileName().toString());
            failedLocally(fileName, request.origin(), failure);
            concluded(request, fileName, failure, null, size);
            finished.fire(new ImportFinished(failure, Duration.ZERO));
            tracker.remove(request.id());
            return new Imported(failure, null);
        }
        try (InputStream in = Files.newInputStream(source, options)) {
            return importStream(request, in, fileNameOf(request, source), progress, override);
        }
    }

    /** An upload's file name is the name its uploader gave, after the import id. */
    private static String fileNameOf(Request request, Path source) {
        String name = source.getFileName().toString();
        if (UploadFiles.ORIGIN.equals(request.origin())) {
            return UploadFiles.parse(name).map(UploadFiles.Upload::fileName).orElse(name);
        }
        return name;
    }

    /** Imports a bundle from a stream (a file, a classpath resource, an upload). */
    public ImportOutcome importStream(InputStream source, String fileName, String origin, ImportProgress progress)
            throws IOException {
        return importStream(new Request(newId(), origin, actorFor(origin), false), source, fileName, progress, null)
                .outcome();
    }

    private synchronized Imported importStream(
            Request request, InputStream source, String fileName, ImportProgress progress, ExpiryOverride override) {
        long start = System.nanoTime();
        String safeName = safeFileName(fileName);
        LiveImport live = tracker.find(request.id())
                .orElseGet(() -> tracker.add(new LiveImport(
                        request.id(),
                        request.origin(),
                        safeName,
                        request.actor().name(),
                        null,
                        LiveImport.COPYING)));
        live.copying();
        try {
            Long previous = store.activeInfo().map(DatasetInfo::sequence).orElse(null);
            StagedImport.Attempt attempt =
                    staged.run(source, request.id(), safeName, request.origin(), both(progress, live), override);
            if (attempt.outcome() instanceof ImportOutcome.LocalFailure failure) {
                // Not the bundle's doing: no quarantine, and for the inbox no history row for every retry
                // (issue 11 item 5).
                attempt.complete(false);
                failedLocally(attempt.fileName(), request.origin(), failure);
                concluded(request, attempt.fileName(), failure, attempt.sha256(), attempt.bytes());
                finished.fire(new ImportFinished(failure, Duration.ofNanos(System.nanoTime() - start)));
                return new Imported(failure, attempt.sha256());
            }
            ImportRecord entry = new ImportRecord();
            entry.importId = request.id();
            entry.actor = truncate(request.actor().name(), 128);
            entry.startedAt = attempt.started();
            entry.finishedAt = attempt.finished();
            entry.durationMillis =
                    attempt.finished().toEpochMilli() - attempt.started().toEpochMilli();
            entry.origin = request.origin();
            entry.fileName = attempt.fileName();
            entry.bundleSha256 = attempt.sha256();
            entry.bundleBytes = attempt.bytes();
            entry.previousSequence = previous;
            describe(entry, attempt.outcome());
            boolean recorded = false;
            try {
                history.record(entry);
                recorded = true;
            } finally {
                attempt.complete(recorded);
            }
            problems.resolved(attempt.fileName());
            log(entry, attempt.outcome());
            audit(request.actor(), entry);
            finished.fire(new ImportFinished(attempt.outcome(), Duration.ofNanos(System.nanoTime() - start)));
            return new Imported(attempt.outcome(), attempt.sha256());
        } finally {
            tracker.remove(request.id());
        }
    }

    /** Progress goes to the caller's reporter (a log, a console) and to the API's view of the import. */
    private static ImportProgress both(ImportProgress first, ImportProgress second) {
        return new ImportProgress() {
            @Override
            public void update(String phase, long bytesDone, long bytesTotal) {
                first.update(phase, bytesDone, bytesTotal);
                second.update(phase, bytesDone, bytesTotal);
            }

            @Override
            public void reached(ImportState state) {
                first.reached(state);
                second.reached(state);
            }

            @Override
            public void recordsWritten(long records) {
                first.recordsWritten(records);
                second.recordsWritten(records);
            }
        };
    }

    /**
     * A local failure ends here: audited always; recorded in the history only for an upload, whose
     * uploader polls its id and which nobody tries again on their own.
     */
    private void concluded(
            Request request, String fileName, ImportOutcome.LocalFailure failure, String sha256, long bytes) {
        ImportRecord entry = new ImportRecord();
        entry.importId = request.id();
        entry.actor = truncate(request.actor().name(), 128);
        entry.startedAt = Instant.now();
        entry.finishedAt = entry.startedAt;
        entry.origin = request.origin();
        entry.fileName = fileName;
        entry.bundleSha256 = sha256;
        entry.bundleBytes = bytes > 0 ? bytes : null;
        entry.outcome = ImportHistory.FAILED;
        entry.reason = truncate(failure.reason(), 64);
        entry.detail = truncate(failure.detail(), 2000);
        if (request.recordLocalFailure()) {
            try {
                history.record(entry);
            } catch (RuntimeException e) {
                LOG.errorf("Cannot record the failed import %s in the history: %s", request.id(), e.getMessage());
            }
        }
        audit(request.actor(), entry);
    }

    /**
     * Every import attempt and its outcome goes to the audit log, whatever its origin (issue 14). The
     * import is over by then: a failure to audit is logged as an error, never undoes it.
     */
    private void audit(Actor actor, ImportRecord entry) {
        Map<String, String> details = new TreeMap<>();
        put(details, "origin", entry.origin);
        put(details, "file", entry.fileName);
        put(details, "sha256", entry.bundleSha256);
        put(details, "bytes", entry.bundleBytes);
        put(details, "outcome", entry.outcome);
        put(details, "reason", entry.reason);
        put(details, "dataset", entry.dataset);
        put(details, "sequence", entry.sequence);
        put(details, "previousSequence", entry.previousSequence);
        put(details, "signers", entry.signerKeyIds);
        put(details, "entries", entry.entries);
        put(details, "overrideOperator", entry.overrideOperator);
        try {
            audit.record(actor, AuditActions.IMPORT, entry.importId, details);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot write the audit entry of import %s (%s)", entry.importId, entry.outcome);
        }
    }

    private static void put(Map<String, String> details, String key, Object value) {
        if (value != null) {
            details.put(key, String.valueOf(value));
        }
    }

    /** Logs a local failure once while it lasts, and keeps it for readiness. */
    private void failedLocally(String fileName, String origin, ImportOutcome.LocalFailure failure) {
        boolean first = problems.report(
                new ImportProblems.ImportProblem(Instant.now(), fileName, failure.reason(), failure.detail()));
        String message = "Import of %s (%s) did not finish on this appliance: %s: %s; nothing was quarantined";
        if (first) {
            LOG.warnf(message, fileName, origin, failure.reason(), failure.detail());
        } else {
            LOG.debugf(message, fileName, origin, failure.reason(), failure.detail());
        }
    }

    /** Applies the quarantine's retention bound (at start; also after each quarantined bundle). */
    public void pruneQuarantine() {
        quarantine.prune();
    }

    /**
     * Cleans staging after a crash and records each interrupted import in the history: as activated
     * if it got past the generation switch, otherwise as interrupted with the last state it
     * reached. Its bundle stays at its source, so an inbox bundle is simply imported again.
     */
    public synchronized void recoverInterrupted() {
        for (ImportJournal.Interrupted interrupted : ImportJournal.recover(directories.staging(), store)) {
            String state = interrupted.lastState().map(ImportState::label).orElse("copying");
            LOG.warnf(
                    "Import of %s (%s) started %s was interrupted at '%s'%s",
                    interrupted.fileName(),
                    interrupted.origin(),
                    interrupted.started(),
                    state,
                    interrupted.activated() ? "; it had been activated" : "; the active dataset is unchanged");
            if (interrupted.recorded()
                    || (interrupted.importId() != null
                            && history.findByImportId(interrupted.importId()).isPresent())) {
                continue;
            }
            ImportRecord entry = new ImportRecord();
            entry.importId = interrupted.importId() == null ? newId() : interrupted.importId();
            entry.startedAt = interrupted.started();
            entry.finishedAt = Instant.now();
            entry.origin = interrupted.origin();
            entry.fileName = interrupted.fileName();
            entry.bundleSha256 = interrupted.sha256();
            entry.bundleBytes = interrupted.bytes();
            if (interrupted.queued()) {
                entry.outcome = ImportHistory.INTERRUPTED;
                entry.reason = "interrupted-queued";
                entry.detail = "the process stopped before the import of this upload started; the upload was removed:"
                        + " upload the bundle again";
            } else if (interrupted.activated()) {
                DatasetInfo active = store.activeInfo().orElseThrow();
                entry.outcome = ImportHistory.ACTIVATED;
                entry.dataset = active.dataset();
                entry.sequence = active.sequence();
                entry.signerKeyIds = String.join(",", active.signerKeyIds());
                entry.reason = "recovered";
                entry.detail = "the process stopped after the switch to this bundle; recorded at the next start";
            } else {
                entry.outcome = ImportHistory.INTERRUPTED;
                entry.reason = "interrupted-" + state;
                entry.detail = "the process stopped at state '" + state
                        + "'; the unfinished generation and the staged copy were removed, the active dataset is"
                        + " unchanged";
            }
            history.record(entry);
            audit(Actor.system(), entry);
        }
    }

    private void describe(ImportRecord entry, ImportOutcome outcome) {
        if (outcome instanceof ImportOutcome.Activated activated) {
            entry.outcome = ImportHistory.ACTIVATED;
            entry.dataset = activated.dataset().dataset();
            entry.sequence = activated.dataset().sequence();
            entry.previousSequence = activated.previousSequence();
            entry.signerKeyIds = String.join(",", activated.dataset().signerKeyIds());
            entry.entries = activated.entries();
            entry.rootVersion = activated.rootVersion();
            if (activated.override() != null) {
                entry.reason = "expired-override";
                entry.overrideOperator = truncate(activated.override().operator(), 64);
                entry.detail = truncate(
                        "bundle had expired at " + activated.dataset().expires() + "; imported by override of "
                                + activated.override().operator() + ": "
                                + activated.override().reason(),
                        2000);
            }
        } else if (outcome instanceof ImportOutcome.AlreadyActive already) {
            entry.outcome = ImportHistory.UNCHANGED;
            entry.dataset = already.dataset();
            entry.sequence = already.sequence();
            entry.reason = "already-active";
            entry.detail = "sequence " + already.sequence() + " of dataset " + already.dataset() + " is already active";
        } else if (outcome instanceof ImportOutcome.Rejected rejected) {
            entry.outcome = ImportHistory.REJECTED;
            entry.dataset = rejected.dataset();
            entry.sequence = rejected.sequence();
            entry.signerKeyIds = String.join(",", rejected.signerKeyIds());
            entry.rootVersion = rejected.rootVersion();
            entry.reason = rejected.reason();
            entry.detail = truncate(rejected.detail(), 2000);
        }
    }

    private void log(ImportRecord entry, ImportOutcome outcome) {
        if (outcome instanceof ImportOutcome.Activated activated) {
            LOG.infof(
                    "Imported %s (%s): dataset %s sequence %d active, %d entries in %d ms",
                    entry.fileName,
                    entry.origin,
                    entry.dataset,
                    entry.sequence,
                    activated.entries(),
                    entry.durationMillis);
        } else if (outcome instanceof ImportOutcome.AlreadyActive) {
            LOG.infof("Bundle %s (%s): %s; nothing to do", entry.fileName, entry.origin, entry.detail);
        } else {
            LOG.warnf(
                    "Rejected bundle %s (%s): %s: %s; quarantined",
                    entry.fileName, entry.origin, entry.reason, entry.detail);
        }
    }

    /** A file name as logs, history and readiness may show it. */
    static String safeFileName(String name) {
        String cleaned = name == null ? "bundle" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return truncate(cleaned.isEmpty() ? "bundle" : cleaned, 200);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
