package dev.outpost.opentip;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vertx.core.http.HttpServerRequest;

import dev.outpost.http.CompatibleAnswers;
import dev.outpost.http.CompatibleAnswers.Answer;
import dev.outpost.lookup.LookupMetrics.Endpoint;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.MeteredAnswers;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.WebLookupService;
import dev.outpost.reputation.Inputs;
import dev.outpost.reputation.InvalidInputException;

/**
 * Kaspersky OpenTIP's search API (interop.md 2; docs/opentip.md), so that OpenTIP's clients work
 * with their base URL set to {@code http://<outpost>/opentip/api/v1/}: a verdict is 200 with {@code
 * Zone} and the {@code *GeneralInfo} object, nothing known is 404, a malformed value 400. The key
 * header {@code x-api-key} is a lookup token where lookups need one ({@code BearerTokenMechanism}).
 * Lookups go through the native lookups and their metering, so local verdicts, metrics and
 * statistics are the native API's. Rooted at {@code /opentip} so that any other path under it is a
 * JSON 404 too.
 */
@Path(CompatibleAnswers.OPENTIP_ROOT)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpentipResource.TAG)
public class OpentipResource {
    static final String TAG = "Kaspersky OpenTIP compatible";
    /** OpenTIP answers in UTF-8 JSON; a threat name or a URL may hold any character. */
    private static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    private final LookupService files;
    private final WebLookupService web;
    private final MeteredAnswers answers;

    public OpentipResource(LookupService files, WebLookupService web, MeteredAnswers answers) {
        this.files = files;
        this.web = web;
        this.answers = answers;
    }

    @GET
    @Path("/api/v1/search/hash")
    @Operation(summary = "Kaspersky OpenTIP: look up a file by MD5, SHA-1 or SHA-256 (404 when unknown)")
    public Response hash(@QueryParam("request") String request) {
        return answer(Endpoint.OPENTIP_HASH, () -> files.file(required(request)), OpentipJson::file);
    }

    @GET
    @Path("/api/v1/search/ip")
    @Operation(summary = "Kaspersky OpenTIP: look up an IPv4 (or IPv6) address (404 when unknown)")
    public Response ip(@QueryParam("request") String request) {
        return answer(Endpoint.OPENTIP_IP, () -> web.ip(required(request)), OpentipJson::ip);
    }

    @GET
    @Path("/api/v1/search/domain")
    @Operation(summary = "Kaspersky OpenTIP: look up a domain (404 when unknown)")
    public Response domain(@QueryParam("request") String request) {
        return answer(Endpoint.OPENTIP_DOMAIN, () -> web.domain(required(request)), OpentipJson::domain);
    }

    @GET
    @Path("/api/v1/search/url")
    @Operation(summary = "Kaspersky OpenTIP: look up a URL, sent raw or percent-encoded (404 when unknown)")
    public Response url(@QueryParam("request") String request, @Context HttpServerRequest http) {
        return answer(
                Endpoint.OPENTIP_URL,
                () -> web.url(required(UrlRequest.value(http.query(), request))),
                OpentipJson::url);
    }

    /**
     * OpenTIP's file submission, which OpenTIP-scanner uses for a file OpenTIP does not know (unless
     * run with its no-upload option): an appliance that keeps data on the LAN takes no files.
     */
    @POST
    @Path("/api/v1/{operation: scan/file|getresult/file}")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response submission() {
        return CompatibleAnswers.problem(
                Answer.NO_SUCH_OPERATION,
                "not-offered",
                "Outpost takes no file submissions: it only answers lookups (docs/opentip.md); run"
                        + " OpenTIP-scanner with its no-upload option",
                null);
    }

    private Response answer(Endpoint endpoint, Supplier<LookupOutcome> lookup, Function<LookupOutcome, byte[]> writer) {
        LookupOutcome outcome = answers.outcome(endpoint, lookup);
        if (OpentipJson.isVerdict(outcome)) {
            return Response.ok(writer.apply(outcome), JSON_UTF8).build();
        }
        Source.Vendor asked = ((LookupOutcome.Unknown) outcome).source();
        return CompatibleAnswers.problem(
                Answer.NOT_FOUND,
                "unknown-object",
                "nothing is known about this object in dataset " + asked.dataset() + ", sequence " + asked.sequence(),
                Inputs.abbreviate(outcome.query()));
    }

    private static String required(String request) {
        if (request == null || request.isEmpty()) {
            throw new InvalidInputException(
                    "invalid-request", "the 'request' query parameter is required: ?request=<value>", null);
        }
        return request;
    }
}
