package dev.outpost.local;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import dev.outpost.io.JsonBody;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.security.Caller;
import dev.outpost.security.Roles;

/**
 * The operator API for local verdicts (ADR 0009, issue 14): list, create, read, change, delete,
 * import and export. Every method needs the operator role (an admin holds it too); who may change
 * or delete whose verdict is {@link Ownership}'s rule. The lookups answer from the new state as soon
 * as a write returns.
 */
@Path("/api/v1/local-verdicts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@SecurityScheme(
        securitySchemeName = "operator-token",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An operator or admin token")
@SecurityRequirement(name = "operator-token")
public class LocalVerdictResource {
    static final int MAX_PAGE_SIZE = 1000;
    /** The listing's total, beside the page: the console's count of verdicts in force reads it. */
    static final String TOTAL_COUNT = "X-Total-Count";

    private static final String NDJSON = "application/x-ndjson";

    private final LocalVerdicts verdicts;
    private final LocalVerdictImports imports;
    private final LocalVerdictExport export;
    private final Caller caller;

    public LocalVerdictResource(
            LocalVerdicts verdicts, LocalVerdictImports imports, LocalVerdictExport export, Caller caller) {
        this.verdicts = verdicts;
        this.imports = imports;
        this.export = export;
        this.caller = caller;
    }

    private Editor editor() {
        return new Editor(caller.actor(), caller.hasRole(Roles.ADMIN));
    }

    /** A page of verdicts, newest first; {@code X-Total-Count} says how many the listing holds. */
    @GET
    @APIResponse(
            responseCode = "200",
            description = "A page of verdicts, newest first",
            headers = @Header(name = TOTAL_COUNT, description = "How many verdicts the listing holds in all"),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = LocalVerdictView.class)))
    public Response list(
            @QueryParam("kind") String kind,
            @QueryParam("state") String state,
            @QueryParam("q") String text,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        // The database addresses rows with an int offset: page * size must fit (issue 11 item 17).
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || (long) page * size > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    "invalid-request",
                    "page must be 0 or more, size 1 to " + MAX_PAGE_SIZE + ", and page * size at most "
                            + Integer.MAX_VALUE,
                    null);
        }
        Instant now = Instant.now();
        LocalVerdicts.Listing listing = new LocalVerdicts.Listing(
                kind == null ? null : LocalKind.of(kind), VerdictState.of(state), SearchText.of(text));
        List<LocalVerdictView> views = verdicts.page(listing, now, page, size).stream()
                .map(row -> LocalVerdictView.of(row, now))
                .toList();
        return Response.ok(views)
                .header(TOTAL_COUNT, verdicts.count(listing, now))
                .build();
    }

    @POST
    @JsonBody("{\"kind\": \"url|domain|ip|file|certificate\", \"value\": \"...\", \"verdict\": \"MALWARE|...\","
            + " \"threatName\": \"... (optional)\", \"comment\": \"... (optional)\", \"expiresAt\": \"ISO-8601"
            + " (optional)\"}")
    public Response create(LocalVerdictRequest request) {
        if (request == null) {
            throw new InvalidInputException(
                    "invalid-local-verdict", "request body needs kind, value and verdict", null);
        }
        LocalVerdict created = verdicts.add(request, editor());
        verdicts.reload();
        return Response.created(URI.create("/api/v1/local-verdicts/" + created.id))
                .entity(LocalVerdictView.of(created, Instant.now()))
                .build();
    }

    @GET
    @Path("/{id}")
    public LocalVerdictView get(@PathParam("id") long id) {
        return LocalVerdictView.of(verdicts.get(id), Instant.now());
    }

    /** Replaces what the verdict says: verdict (required), threatName, comment, expiresAt (absent: none). */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @JsonBody("{\"verdict\": \"MALWARE|...\", \"threatName\": \"... (optional)\", \"comment\": \"... (optional)\","
            + " \"expiresAt\": \"ISO-8601 (optional)\"}")
    public LocalVerdictView replace(@PathParam("id") long id, Map<String, Object> body) {
        return changed(verdicts.update(id, LocalVerdictPatch.replacing(body), editor()));
    }

    /** Changes only the fields given (JSON merge patch: null clears an optional field). */
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @JsonBody("{\"verdict\"?, \"threatName\"?, \"comment\"?, \"expiresAt\"?: \"... or null\"}")
    public LocalVerdictView patch(@PathParam("id") long id, Map<String, Object> body) {
        return changed(verdicts.update(id, LocalVerdictPatch.merging(body), editor()));
    }

    private LocalVerdictView changed(LocalVerdict row) {
        verdicts.reload();
        return LocalVerdictView.of(row, Instant.now());
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id) {
        verdicts.remove(id, editor());
        verdicts.reload();
        return Response.noContent().build();
    }

    /**
     * Imports CSV (text/csv, with a header row) or JSON Lines (application/x-ndjson): every row, or
     * none if any is invalid (docs/local-verdicts.md).
     */
    @POST
    @Path("/import")
    @Consumes(MediaType.WILDCARD)
    @JsonBody("CSV (text/csv) with the header kind,value,verdict,threatName,comment,expiresAt, or JSON Lines"
            + " (application/x-ndjson) of objects with those fields")
    public LocalVerdictImports.Result importVerdicts(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        LocalVerdictImports.Result result = imports.importFrom(body, contentType, editor());
        verdicts.reload();
        return result;
    }

    /** Every local verdict (or those in {@code state}) as CSV or JSON Lines, streamed. */
    @GET
    @Path("/export")
    @Produces({"text/csv", NDJSON, MediaType.APPLICATION_JSON})
    public Response export(
            @QueryParam("format") @DefaultValue("csv") String format, @QueryParam("state") String state) {
        String mediaType = LocalVerdictExport.mediaType(format);
        VerdictState filter = VerdictState.of(state);
        StreamingOutput body = out -> export.write(format, filter, out);
        return Response.ok(body)
                .type(mediaType + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"local-verdicts." + format + "\"")
                .build();
    }
}
