package dev.outpost.bundle.importing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.outpost.bundle.StateChecksum;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;

/** The active dataset and a summary of the import history. */
@Path("/api/v1/dataset")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
    private static final int RECENT_IMPORTS = 10;

    private final GenerationStore store;
    private final ImportHistory history;

    public DatasetResource(GenerationStore store, ImportHistory history) {
        this.store = store;
        this.history = history;
    }

    @GET
    @Operation(summary = "Active dataset: name, sequence, created time, record counts, age, import history summary")
    public DatasetView dataset() {
        Instant now = Instant.now();
        Active active = store.activeInfo().map(info -> Active.of(info, now)).orElse(null);
        Imports imports = new Imports(
                history.countByOutcome(ImportHistory.ACTIVATED),
                history.countByOutcome(ImportHistory.REJECTED),
                history.countByOutcome(ImportHistory.UNCHANGED),
                history.countByOutcome(ImportHistory.INTERRUPTED),
                history.latest(RECENT_IMPORTS).stream().map(Attempt::of).toList());
        return new DatasetView(active, imports);
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DatasetView(Active active, Imports imports) {}

    public record Active(
            String dataset,
            long sequence,
            Instant created,
            Instant expires,
            Instant activated,
            long ageSeconds,
            Map<String, Long> counts,
            String bundleSha256,
            List<String> signerKeyIds,
            String stateSha256) {
        static Active of(DatasetInfo info, Instant now) {
            return new Active(
                    info.dataset(),
                    info.sequence(),
                    info.created(),
                    info.expires(),
                    info.activated(),
                    Math.max(0, Duration.between(info.created(), now).toSeconds()),
                    info.counts(),
                    info.bundleSha256(),
                    info.signerKeyIds(),
                    // What a delta bundle's base must name; null for a generation older than checksums.
                    info.state() == null
                            ? null
                            : StateChecksum.fromState(info.state()).sha256());
        }
    }

    public record Imports(long activated, long rejected, long unchanged, long interrupted, List<Attempt> recent) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(
            Instant finishedAt,
            String origin,
            String fileName,
            String outcome,
            String dataset,
            Long sequence,
            String reason,
            String detail,
            Long rootVersion,
            long durationMillis) {
        static Attempt of(ImportRecord r) {
            return new Attempt(
                    r.finishedAt,
                    r.origin,
                    r.fileName,
                    r.outcome,
                    r.dataset,
                    r.sequence,
                    r.reason,
                    r.detail,
                    r.rootVersion,
                    r.durationMillis);
        }
    }
}
