package dev.outpost.bundle.importing;

import java.net.URI;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import io.vertx.ext.web.RoutingContext;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.security.Caller;
import dev.outpost.security.Roles;

/**
 * Bundles over the API (issue 14, docs/imports-api.md): upload one, follow its import, page the
 * history of every import whatever its origin.
 */
@Path(ImportResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class ImportResource {
    /** The upload route, which the HTTP guard leaves unread so that it is streamed, not buffered. */
    public static final String PATH = "/api/v1/imports";

    static final int MAX_PAGE_SIZE = 1000;

    private final ImportUploads uploads;
    private final ImportTracker tracker;
    private final ImportHistory history;
    private final Caller caller;

    public ImportResource(ImportUploads uploads, ImportTracker tracker, ImportHistory history, Caller caller) {
        this.uploads = uploads;
        this.tracker = tracker;
        this.history = history;
        this.caller = caller;
    }

    /**
     * Runs on the event loop and declares no body parameter, so that nothing reads the body before
     * this method: Quarkus REST checks {@code @RolesAllowed} first (its security handler runs right
     * after matching), and the body is then streamed to disk by {@link ImportUploads}.
     */
    @POST
    // Any type matches, so that the role is checked before the type: a caller without the role gets
    // 401/403 whatever it sends; ImportUploads answers 415 to anything but application/octet-stream.
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Upload a bundle (the request body is the bundle); 202 with the import's id, which"
                    + " GET /api/v1/imports/{id} follows")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_OCTET_STREAM,
                            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public CompletionStage<Response> upload(@QueryParam("name") String name, @Context RoutingContext rc) {
        // The actor is taken here, on the request: the import runs later, on another thread.
        return uploads.receive(rc.request(), rc.response(), name, caller.actor())
                .thenApply(accepted -> Response.accepted(accepted)
                        .location(URI.create(PATH + "/" + accepted.id()))
                        .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One import: its state, progress, and once finished its outcome with the reason")
    public ImportView get(@PathParam("id") String id) {
        return tracker.find(id)
                .map(ImportView::of)
                .or(() -> history.findByImportId(id).map(ImportView::of))
                .orElseThrow(() -> new ImportException.NotFound(id));
    }

    @GET
    @Operation(
            summary = "The import history, newest first, whatever the origin (inbox, cli, upload, demo);"
                    + " optionally only one outcome and/or one origin")
    public ImportPage list(
            @QueryParam("page") @DefaultValue("0") String pageParam,
            @QueryParam("size") @DefaultValue("50") String sizeParam,
            @QueryParam("outcome") String outcomeParam,
            @QueryParam("origin") String originParam) {
        // Parsed here, not by JAX-RS, whose answer to "size=x" would be a 404.
        long page = number(pageParam);
        long size = number(sizeParam);
        // The database addresses rows with an int offset: page * size must fit (issue 11 item 17).
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || page * size > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    "invalid-request",
                    "page must be 0 or more, size 1 to " + MAX_PAGE_SIZE + ", and page * size at most "
                            + Integer.MAX_VALUE,
                    "page=" + pageParam + "&size=" + sizeParam);
        }
        String outcome = blankToNull(outcomeParam);
        if (outcome != null && !ImportHistory.OUTCOMES.contains(outcome)) {
            throw new InvalidInputException(
                    "invalid-request",
                    "outcome must be one of " + String.join(", ", new TreeSet<>(ImportHistory.OUTCOMES)),
                    "outcome=" + outcomeParam);
        }
        String origin = blankToNull(originParam);
        if (origin != null && !origin.matches("[a-z]{1,16}")) {
            throw new InvalidInputException(
                    "invalid-request",
                    "origin must be a word such as upload, inbox, cli or demo",
                    "origin=" + originParam);
        }
        List<ImportView> imports = history.pageMatching(outcome, origin, (int) page, (int) size).stream()
                .map(ImportView::of)
                .toList();
        return new ImportPage((int) page, (int) size, history.countMatching(outcome, origin), imports);
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** A whole number of at most 10 digits, or -1. */
    private static long number(String text) {
        return text != null && text.matches("\\d{1,10}") ? Long.parseLong(text) : -1;
    }

    /** A page of the history; {@code total} counts every recorded import that matches the filters. */
    public record ImportPage(int page, int size, long total, List<ImportView> imports) {}
}
