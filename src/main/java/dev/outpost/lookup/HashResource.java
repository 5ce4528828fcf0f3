package dev.outpost.lookup;

import static dev.outpost.lookup.AnswerJson.Escaping.HASH_ANSWERS;

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
import dev.outpost.lookup.LookupMetrics.Endpoint;

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
    private final MeteredAnswers answers;

    public HashResource(LookupService lookups, MeteredAnswers answers) {
        this.lookups = lookups;
        this.answers = answers;
    }

    @GET
    @Path("/files/{hash}")
    @Tag(name = FILES)
    @Operation(summary = "Look up a file by MD5, SHA-1 or SHA-256 (type detected from the length)")
    @APIResponseSchema(value = Answer.class, responseCode = "200")
    public Response file(@PathParam("hash") String hash) {
        return json(answers.single(Endpoint.FILES, HASH_ANSWERS, () -> lookups.file(hash)));
    }

    @POST
    @Path("/files/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = FILES)
    @Operation(summary = "Look up to 10,000 files; answers every item in order")
    @APIResponseSchema(value = BulkResponse.class, responseCode = "200")
    @JsonBody("{\"hashes\": [...]}")
    public Response files(BulkRequest request) {
        return json(answers.bulk(Endpoint.FILES_BULK, HASH_ANSWERS, () -> lookups.files(hashes(request))));
    }

    @GET
    @Path("/certificates/{sha256}")
    @Tag(name = CERTIFICATES)
    @Operation(summary = "Look up a certificate by its SHA-256 thumbprint")
    @APIResponseSchema(value = Answer.class, responseCode = "200")
    public Response certificate(@PathParam("sha256") String sha256) {
        return json(answers.single(Endpoint.CERTIFICATES, HASH_ANSWERS, () -> lookups.certificate(sha256)));
    }

    @POST
    @Path("/certificates/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = CERTIFICATES)
    @Operation(summary = "Look up to 10,000 certificate thumbprints ({\"hashes\": [...]}); answers every item in order")
    @APIResponseSchema(value = BulkResponse.class, responseCode = "200")
    @JsonBody("{\"hashes\": [...]}")
    public Response certificates(BulkRequest request) {
        return json(
                answers.bulk(Endpoint.CERTIFICATES_BULK, HASH_ANSWERS, () -> lookups.certificates(hashes(request))));
    }

    /** A body without the array is the service's to refuse: it names the field. */
    private static java.util.List<String> hashes(BulkRequest request) {
        return request == null ? null : request.hashes();
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
