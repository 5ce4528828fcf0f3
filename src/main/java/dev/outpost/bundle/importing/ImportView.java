package dev.outpost.bundle.importing;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One import as {@code GET /api/v1/imports/{id}} shows it (docs/imports-api.md): while it runs, its
 * state and progress as the importer reports them; once over, its row in the import history.
 *
 * @param state {@code QUEUED}, {@code COPYING}, then the journal's states ({@code RECEIVED}, {@code
 *     VERIFIED}, {@code STAGED}, {@code BUILT}), ending in {@code ACTIVATED}, {@code UNCHANGED},
 *     {@code REJECTED}, {@code FAILED} or {@code INTERRUPTED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportView(
        String id,
        String state,
        boolean finished,
        String origin,
        String fileName,
        String actor,
        Instant startedAt,
        Instant finishedAt,
        Long bytes,
        String sha256,
        Progress progress,
        String dataset,
        Long sequence,
        Long previousSequence,
        String reason,
        String detail,
        Long durationMillis) {
    private static final Set<String> COMPLETE = Set.of(ImportHistory.ACTIVATED, ImportHistory.UNCHANGED);

    /**
     * @param bytesVerified bytes of the bundle's parts read, hashed and decoded so far (once finished:
     *     the whole bundle)
     * @param bytesTotal what {@code bytesVerified} counts towards; 0 until the manifest is verified
     * @param recordsWritten records written to the new generation
     * @param percent {@code bytesVerified} of {@code bytesTotal}, 100 once activated or unchanged
     */
    public record Progress(long bytesVerified, long bytesTotal, long recordsWritten, int percent) {}

    static ImportView of(LiveImport live) {
        return new ImportView(
                live.id(),
                live.state(),
                false,
                live.origin(),
                live.fileName(),
                live.actor(),
                live.accepted(),
                null,
                live.uploadedBytes(),
                null,
                new Progress(live.bytesVerified(), live.bytesTotal(), live.recordsWritten(), live.percent()),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static ImportView of(ImportRecord r) {
        boolean complete = COMPLETE.contains(r.outcome);
        long bytes = r.bundleBytes == null ? 0 : r.bundleBytes;
        Progress progress = complete ? new Progress(bytes, bytes, r.entries == null ? 0 : r.entries, 100) : null;
        return new ImportView(
                r.importId,
                r.outcome,
                true,
                r.origin,
                r.fileName,
                r.actor,
                r.startedAt,
                r.finishedAt,
                r.bundleBytes,
                r.bundleSha256,
                progress,
                r.dataset,
                r.sequence,
                r.previousSequence,
                r.reason,
                r.detail,
                r.durationMillis);
    }
}
