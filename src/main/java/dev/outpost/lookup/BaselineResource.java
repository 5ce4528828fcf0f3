package dev.outpost.lookup;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Collections;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.io.JsonBody;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.Verdict;

/**
 * The benchmark baseline (issue 3): answers a constant hit-shaped body through the same JAX-RS,
 * JSON writer and threading path as {@link HashResource}, without parsing or looking anything up, so
 * that the ratio lookup / baseline measures the lookup's own cost. Exists only when {@code
 * outpost.bench.enabled=true}; otherwise it is a 404 like any unknown path.
 */
@Path("/api/v1/bench/constant")
@Produces(MediaType.APPLICATION_JSON)
public class BaselineResource {
    private static final LookupOutcome CONSTANT = new LookupOutcome.Known(
            "44d88612fea8a8f36de82e1278abb02f",
            new Subject.Digest(
                    HashType.MD5,
                    new FileHashes(
                            null,
                            null,
                            Hash.parse("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"))),
            new Verdict(
                    Category.MALWARE,
                    "HEUR:Trojan.Win32.Generic",
                    LocalDate.of(2024, 1, 1),
                    LocalDate.of(2026, 1, 1),
                    12000L),
            null,
            new Source.Vendor("bench", 1));

    private final boolean enabled;
    private final ObjectMapper json;

    public BaselineResource(BenchConfig config, ObjectMapper json) {
        this.enabled = config.enabled();
        this.json = json;
    }

    @GET
    @Path("/{hash}")
    @Operation(hidden = true)
    public Response constant(@PathParam("hash") String hash) {
        requireEnabled();
        // Serialized per request like a real answer: the baseline excludes only the lookup itself.
        return Response.ok(
                        AnswerJson.single(CONSTANT, AnswerJson.Escaping.HASH_ANSWERS), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * The bulk baseline (issue 17): the body read as the bulk file lookup reads it, then one constant
     * answer per item written by the same writer, so that lookup / baseline measures what the bulk
     * lookup adds to reading a request and writing as many answers: the store reads, the decoding
     * and the per-item fields.
     */
    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    @JsonBody("{\"hashes\": [...]}")
    public Response constantBulk(InputStream body) throws IOException {
        requireEnabled();
        DigestRequest items = DigestRequest.read(body, json, DigestRequest.Accepts.FILE_DIGESTS);
        items.requireAcceptable();
        return Response.ok(
                        AnswerJson.bulk(Collections.nCopies(items.size(), CONSTANT), AnswerJson.Escaping.HASH_ANSWERS),
                        MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new NotFoundException();
        }
    }
}
