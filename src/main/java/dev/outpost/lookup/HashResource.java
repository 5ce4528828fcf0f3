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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.outpost.io.JsonBody;

/**
 * File reputation by MD5, SHA-1 or SHA-256, and certificate reputation by SHA-256 thumbprint: one
 * implementation under two paths, which differ only in what a hash may be.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class HashResource {
    private static final String FILES = "File Resource";
    private static final String CERTIFICATES = "Certificate Resource";

    private final LookupService lookups;

    public HashResource(LookupService lookups) {
        this.lookups = lookups;
    }

    @GET
    @Path("/files/{hash}")
    @Tag(name = FILES)
    @Operation(summary = "Look up a file by MD5, SHA-1 or SHA-256 (type detected from the length)")
    @APIResponseSchema(value = Answer.class, responseCode = "200")
    public Response file(@PathParam("hash") String hash) {
        return json(AnswerJson.single(lookups.file(hash), AnswerJson.Escaping.HASH_ANSWERS));
    }

    @POST
    @Path("/files/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = FILES)
    @Operation(summary = "Look up to 10,000 files; answers every item in order")
    @APIResponseSchema(value = BulkResponse.class, responseCode = "200")
    @JsonBody("{\"hashes\": [...]}")
    public Response files(BulkRequest request) {
        return json(AnswerJson.bulk(lookups.files(hashes(request)), AnswerJson.Escaping.HASH_ANSWERS));
    }

    @GET
    @Path("/certificates/{sha256}")
    @Tag(name = CERTIFICATES)
    @Operation(summary = "Look up a certificate by its SHA-256 thumbprint")
    @APIResponseSchema(value = Answer.class, responseCode = "200")
    public Response certificate(@PathParam("sha256") String sha256) {
        return json(AnswerJson.single(lookups.certificate(sha256), AnswerJson.Escaping.HASH_ANSWERS));
    }

    @POST
    @Path("/certificates/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = CERTIFICATES)
    @Operation(summary = "Look up to 10,000 certificate thumbprints ({\"hashes\": [...]}); answers every item in order")
    @APIResponseSchema(value = BulkResponse.class, responseCode = "200")
    @JsonBody("{\"hashes\": [...]}")
    public Response certificates(BulkRequest request) {
        return json(AnswerJson.bulk(lookups.certificates(hashes(request)), AnswerJson.Escaping.HASH_ANSWERS));
    }

    /** A body without the array is the service's to refuse: it names the field. */
    private static java.util.List<String> hashes(BulkRequest request) {
        return request == null ? null : request.hashes();
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
