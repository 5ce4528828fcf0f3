package dev.outpost.hashlookup;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.outpost.http.CompatibleAnswers;
import dev.outpost.http.CompatibleAnswers.Answer;
import dev.outpost.io.JsonBody;
import dev.outpost.lookup.LookupMetrics.Endpoint;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.MeteredAnswers;
import dev.outpost.lookup.NoDatasetException;
import dev.outpost.store.GenerationStore;

/**
 * CIRCL hashlookup's API (hashlookup-server 1.2, interop.md 1.2 and 1.5; docs/hashlookup.md), so
 * that PyHashlookup and scripts written for hashlookup.circl.lu work unchanged with the root URL
 * {@code http://<outpost>/hashlookup/}. Every answer is JSON whatever its status: PyHashlookup reads
 * each one with {@code r.json()}. Lookups go through the native lookups and their metering, so local
 * verdicts, metrics and statistics are the native API's.
 */
@Path(CompatibleAnswers.HASHLOOKUP_ROOT)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = HashlookupResource.TAG)
public class HashlookupResource {
    static final String TAG = "CIRCL hashlookup compatible";
    private static final String BULK_BODY = "{\"hashes\": [...]}";

    private final LookupService lookups;
    private final MeteredAnswers answers;
    private final GenerationStore store;

    public HashlookupResource(LookupService lookups, MeteredAnswers answers, GenerationStore store) {
        this.lookups = lookups;
        this.answers = answers;
        this.store = store;
    }

    @GET
    @Path("/lookup/md5/{hash}")
    @Operation(summary = "CIRCL hashlookup: look up a file by MD5 (404 with a JSON message when unknown)")
    public Response md5(@PathParam("hash") String hash) {
        return lookup(CirclHash.MD5, hash);
    }

    @GET
    @Path("/lookup/sha1/{hash}")
    @Operation(summary = "CIRCL hashlookup: look up a file by SHA-1 (404 with a JSON message when unknown)")
    public Response sha1(@PathParam("hash") String hash) {
        return lookup(CirclHash.SHA1, hash);
    }

    @GET
    @Path("/lookup/sha256/{hash}")
    @Operation(summary = "CIRCL hashlookup: look up a file by SHA-256 (404 with a JSON message when unknown)")
    public Response sha256(@PathParam("hash") String hash) {
        return lookup(CirclHash.SHA256, hash);
    }

    @POST
    @Path("/bulk/md5")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "CIRCL hashlookup: up to 10,000 MD5s; an array of the records found, misses left out")
    @JsonBody(BULK_BODY)
    public Response bulkMd5(byte[] body) {
        return bulk(CirclHash.MD5, body);
    }

    @POST
    @Path("/bulk/sha1")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "CIRCL hashlookup: up to 10,000 SHA-1s; an array of the records found, misses left out")
    @JsonBody(BULK_BODY)
    public Response bulkSha1(byte[] body) {
        return bulk(CirclHash.SHA1, body);
    }

    @POST
    @Path("/bulk/sha256")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "CIRCL hashlookup style (CIRCL has no such path): up to 10,000 SHA-256s; the records found")
    @JsonBody(BULK_BODY)
    public Response bulkSha256(byte[] body) {
        return bulk(CirclHash.SHA256, body);
    }

    @GET
    @Path("/info")
    @Operation(summary = "CIRCL hashlookup: the active dataset, in hashlookup's keys and Outpost's")
    public Response info() {
        return ok(HashlookupJson.info(store.activeInfo().orElseThrow(NoDatasetException::new)));
    }

    // What PyHashlookup also calls, answered as hashlookup-server answers while the feature is off
    // (bin/server.py): Outpost keeps neither public query statistics, nor parent and child
    // relations between files, nor sessions. Not in the API description: nothing to describe.

    @GET
    @Path("/stats/top")
    @Operation(hidden = true)
    public Response top() {
        return CompatibleAnswers.json(Answer.STATISTICS_OFF, HashlookupJson.message("Public statistics not enabled"));
    }

    @GET
    @Path("/parents/{sha1}/{count}/{cursor}")
    @Operation(hidden = true)
    public Response parents(
            @PathParam("sha1") String sha1, @PathParam("count") String count, @PathParam("cursor") String cursor) {
        return relatives(sha1, count, "The SHA1 value has no known parent.");
    }

    @GET
    @Path("/children/{sha1}/{count}/{cursor}")
    @Operation(hidden = true)
    public Response children(
            @PathParam("sha1") String sha1, @PathParam("count") String count, @PathParam("cursor") String cursor) {
        return relatives(sha1, count, "The SHA1 value has no known child.");
    }

    @GET
    @Path("/session/create/{name}")
    @Operation(hidden = true)
    public Response createSession(@PathParam("name") String name) {
        return session(name);
    }

    @GET
    @Path("/session/get/{name}")
    @Operation(hidden = true)
    public Response getSession(@PathParam("name") String name) {
        return session(name);
    }

    private Response lookup(CirclHash type, String hash) {
        LookupOutcome outcome = answers.outcome(Endpoint.HASHLOOKUP, () -> lookups.file(type.require(hash)));
        return HashlookupJson.isRecord(outcome)
                ? ok(HashlookupJson.record(outcome, type))
                : CompatibleAnswers.json(Answer.NOT_FOUND, HashlookupJson.miss(type, hash));
    }

    /** One bulk lookup, one lease, for the whole request (as the native bulk). */
    private Response bulk(CirclHash type, byte[] body) {
        BulkBody parsed = BulkBody.parse(body == null ? new byte[0] : body, type);
        try {
            List<LookupOutcome> outcomes =
                    answers.outcomes(Endpoint.HASHLOOKUP_BULK, () -> lookups.files(parsed.lookupItems()));
            return ok(HashlookupJson.records(outcomes, type));
        } catch (BulkBody.NoHashesArray e) {
            return CompatibleAnswers.json(Answer.NO_HASHES_ARRAY, HashlookupJson.message(BulkBody.NO_HASHES));
        }
    }

    /** hashlookup-server's route takes {@code <int:count>}: other counts name no route (404), then the SHA-1 is checked. */
    private static Response relatives(String sha1, String count, String none) {
        if (!count.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return CompatibleAnswers.json(
                    Answer.NO_SUCH_OPERATION, HashlookupJson.message(CompatibleAnswers.CIRCL_NOT_FOUND));
        }
        CirclHash.requireRelativesSha1(sha1);
        return CompatibleAnswers.json(Answer.NO_RELATIVES, HashlookupJson.message(none));
    }

    /** hashlookup-server checks the name's length before it finds sessions off. */
    private static Response session(String name) {
        if (name.length() > 120) {
            return CompatibleAnswers.json(
                    Answer.BAD_SESSION_NAME, HashlookupJson.message("Expecting a name for the session"));
        }
        return CompatibleAnswers.json(Answer.SESSIONS_OFF, HashlookupJson.message("Session feature is not enabled"));
    }

    private static Response ok(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
