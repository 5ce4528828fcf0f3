package dev.outpost.lookup;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.outpost.io.JsonBody;

/** File reputation by MD5, SHA-1 or SHA-256. */
@Path("/api/v1/files")
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {
    private final LookupService lookups;

    public FileResource(LookupService lookups) {
        this.lookups = lookups;
    }

    @GET
    @Path("/{hash}")
    @Operation(summary = "Look up a file by MD5, SHA-1 or SHA-256 (type detected from the length)")
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    public Response lookup(@PathParam("hash") String hash) {
        return json(AnswerJson.single(lookups.file(hash)));
    }

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 files; answers every item in order")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BulkResponse.class)))
    @JsonBody("{\"hashes\": [...]}")
    public Response bulk(BulkRequest request) {
        return json(AnswerJson.bulk(lookups.files(request == null ? null : request.hashes())));
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
