package dev.outpost.lookup;

import java.time.LocalDate;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

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

    public BaselineResource(BenchConfig config) {
        this.enabled = config.enabled();
    }

    @GET
    @Path("/{hash}")
    @Operation(hidden = true)
    public Response constant(@PathParam("hash") String hash) {
        if (!enabled) {
            throw new NotFoundException();
        }
        // Serialized per request like a real answer: the baseline excludes only the lookup itself.
        return Response.ok(
                        AnswerJson.single(CONSTANT, AnswerJson.Escaping.HASH_ANSWERS), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
