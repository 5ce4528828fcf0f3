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

/** Certificate reputation by SHA-256 thumbprint. */
@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {
    private final LookupService lookups;

    public CertificateResource(LookupService lookups) {
        this.lookups = lookups;
    }

    @GET
    @Path("/{sha256}")
    @Operation(summary = "Look up a certificate by its SHA-256 thumbprint")
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    public Response lookup(@PathParam("sha256") String sha256) {
        return json(AnswerJson.single(lookups.certificate(sha256)));
    }

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 certificate thumbprints ({\"hashes\": [...]}); answers every item in order")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BulkResponse.class)))
    @JsonBody("{\"hashes\": [...]}")
    public Response bulk(BulkRequest request) {
        return json(AnswerJson.bulk(lookups.certificates(request == null ? null : request.hashes())));
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
