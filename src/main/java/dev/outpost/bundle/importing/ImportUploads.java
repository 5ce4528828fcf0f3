package dev.outpost.bundle.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;
import dev.outpost.config.DataDirectory;

/**
 * Bundles uploaded through the API (issue 14): each is streamed to staging ({@link UploadReceiver}),
 * answered at once with its import id, and imported in the background through the same {@link
 * ImportService} path as the inbox, one import at a time. At most {@code outpost.imports.max-queued}
 * uploads are in hand at once (being received, waiting, or importing); one more is refused before any
 * of its body is read, so that uploads cannot fill the disk or queue for hours.
 */
@ApplicationScoped
public class ImportUploads {
    private static final Logger LOG = Logger.getLogger(ImportUploads.class);
    private static final long MIB = 1024 * 1024;
    /** Kept free beyond an upload and its import, as {@link ImportService} keeps for any import. */
    private static final long SPACE_MARGIN_BYTES = 64 * MIB;

    private final ImportService imports;
    private final ImportTracker tracker;
    private final DataDirectory directories;
    private final ImportsConfig config;
    private final AuditLog audit;
    private final Vertx vertx;
    private final Semaphore slots;
    /** One thread: ImportService runs one import at a time anyway, and uploads wait here in order. */
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "outpost-upload-import");
        thread.setDaemon(true);
        return thread;
    });

    public ImportUploads(
            ImportService imports,
            ImportTracker tracker,
            DataDirectory directories,
            ImportsConfig config,
            AuditLog audit,
            Vertx vertx) {
        this.imports = imports;
        this.tracker = tracker;
        this.directories = directories;
        this.config = config;
        this.audit = audit;
        this.vertx = vertx;
        this.slots = new Semaphore(config.maxQueued());
    }

    /**
     * Receives the body of {@code request} as a bundle named {@code name} (may be null) uploaded by
     * {@code actor}; completes, with the upload as it was accepted, once it is on disk and queued for
     * import. Called on the request's
     * event loop after authorization; fails with an {@link ImportException} when refused or cut.
     */
    public CompletionStage<ImportView> receive(
            HttpServerRequest request, HttpServerResponse response, String name, Actor actor) {
        String id = ImportService.newId();
        String fileName = ImportService.safeFileName(name == null || name.isBlank() ? "upload.bundle" : name);
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !isOctetStream(type)) {
            throw refused(actor, id, fileName, new ImportException.UnsupportedType(type));
        }
        long declared = declaredLength(request);
        if (declared > config.maxUploadBytes()) {
            throw refused(actor, id, fileName, new ImportException.TooLarge(config.maxUploadBytes()));
        }
        if (!slots.tryAcquire()) {
            throw refused(actor, id, fileName, new ImportException.Busy(config.maxQueued()));
        }
        try {
            String shortOf = shortOf(Math.max(declared, 0));
            if (shortOf != null) {
                throw refused(actor, id, fileName, new ImportException.InsufficientSpace(shortOf));
            }
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        Path file = UploadFiles.of(directories.staging(), id, fileName);
        return UploadReceiver.receive(
                        vertx,
                        request,
                        response,
                        file,
                        config.maxUploadBytes(),
                        config.idleTimeout().toMillis(),
                        this::shortOf)
                .handle((bytes, failure) -> {
                    if (failure != null) {
                        slots.release();
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException
                                ? failure.getCause()
                                : failure;
                        if (cause instanceof ImportException refusal) {
                            throw refused(actor, id, fileName, refusal);
                        }
                        throw new java.util.concurrent.CompletionException(cause);
                    }
                    LiveImport upload = tracker.add(
                            new LiveImport(id, UploadFiles.ORIGIN, fileName, actor.name(), bytes, LiveImport.QUEUED));
                    LOG.infof(
                            "Received upload %s (%s, %d bytes) from %s; queued for import", id, fileName, bytes, actor);
                    // Taken before the import can start: the answer says what was accepted.
                    ImportView accepted = ImportView.of(upload);
                    runner.execute(() -> {
                        try {
                            imports.importUpload(upload, file, actor);
                        } finally {
                            slots.release();
                        }
                    });
                    return accepted;
                });
    }

    /**
     * Null if the data directory's file system has room for an upload of {@code bytes} and its
     * import (the upload, its staged copy and the new generation: about three times its size), else
     * why not.
     */
    private String shortOf(long bytes) {
        long needed = bytes * 3 + SPACE_MARGIN_BYTES;
        long usable;
        try {
            usable = Files.getFileStore(directories.staging()).getUsableSpace();
        } catch (IOException e) {
            return "the free space of " + directories.root() + " cannot be read";
        }
        if (usable >= needed) {
            return null;
        }
        return "an upload of " + bytes / MIB + " MiB and its import need about " + needed / MIB + " MiB free in "
                + directories.root() + ", " + usable / MIB + " MiB are available; nothing was kept";
    }

    /** {@code application/octet-stream}, parameters allowed, in any case (RFC 9110 section 8.3.1). */
    private static boolean isOctetStream(String type) {
        int parameters = type.indexOf(';');
        String bare = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return bare.equalsIgnoreCase("application/octet-stream");
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // The HTTP guard answers 400 to a malformed length before this runs.
        }
    }

    /** An upload refused or cut is an import attempt too: audited with why (issue 14). */
    private ImportException refused(Actor actor, String id, String fileName, ImportException refusal) {
        Map<String, String> details = new TreeMap<>();
        details.put("origin", UploadFiles.ORIGIN);
        details.put("file", fileName);
        details.put("outcome", "REFUSED");
        details.put("reason", refusal.problemType());
        try {
            audit.record(actor, AuditActions.IMPORT, id, details);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot write the audit entry of refused upload %s", id);
        }
        return refusal;
    }

    /**
     * Before the store closes: an import that runs is let finish for a while; one cut short is cleaned
     * up and recorded as interrupted at the next start, like any crash (ImportJournal).
     */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        runner.shutdown();
        if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("An uploaded bundle's import was still running at shutdown; it is recovered at the next start");
        }
    }
}
