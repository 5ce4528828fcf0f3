package dev.outpost.lookup;

import static dev.outpost.lookup.AnswerJson.Escaping.HASH_ANSWERS;

import java.io.IOException;
import java.io.InputStream;

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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.io.JsonBody;
import dev.outpost.lookup.LookupMetrics.Endpoint;

/**
 * File reputation by MD5, SHA-1 or SHA-256, and certificate reputation by SHA-256 thumbprint: one
 * implementation under two paths, which differ only in what a hash may be. Bulk bodies are streamed
 * straight into digests ({@link DigestRequest}); a body that is not JSON of the documented shape is
 * a {@link com.fasterxml.jackson.core.JsonProcessingException}, which the one error mapping names.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class HashResource {
    private static final String FILES = "File Resource";
    private static final String CERTIFICATES = "Certificate Resource";

    private final LookupService lookups;
    private final MeteredAnswers answers;
    private final ObjectMapper json;

    public HashResource(LookupService lookups, MeteredAnswers answers, ObjectMapper json) {
        this.lookups = lookups;
        this.answers = answers;
        this.json = json;
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
    @RequestBody(content = @Content(schema = @Schema(implementation = BulkRequest.class)))
    public Response files(InputStream body) throws IOException {
        DigestRequest items = DigestRequest.read(body, json, DigestRequest.Accepts.FILE_DIGESTS);
        return json(answers.bulk(Endpoint.FILES_BULK, HASH_ANSWERS, () -> lookups.files(items)));
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
    @RequestBody(content = @Content(schema = @Schema(implementation = BulkRequest.class)))
    public Response certificates(InputStream body) throws IOException {
        DigestRequest items = DigestRequest.read(body, json, DigestRequest.Accepts.SHA256_ONLY);
        return json(answers.bulk(Endpoint.CERTIFICATES_BULK, HASH_ANSWERS, () -> lookups.certificates(items)));
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
