package dev.outpost.lookup;

import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import dev.outpost.io.JsonBody;
import dev.outpost.lookup.LookupMetrics.Endpoint;
import dev.outpost.reputation.InvalidInputException;

/** Web reputation (ADR 0008): URLs, domains and IP addresses. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class WebResource {
    /** What web answers have always been sent as (Jackson's type); file answers are sent without a charset. */
    private static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    private final WebLookupService lookups;
    private final MeteredAnswers answers;

    public WebResource(WebLookupService lookups, MeteredAnswers answers) {
        this.lookups = lookups;
        this.answers = answers;
    }

    /** Body of a bulk URL lookup: {@code {"urls": [...]}}, at most 10,000 items. */
    public record UrlBulkRequest(List<String> urls) {}

    /** Body of a bulk domain lookup: {@code {"domains": [...]}}, at most 10,000 items. */
    public record DomainBulkRequest(List<String> domains) {}

    /** Body of a bulk IP lookup: {@code {"addresses": [...]}}, at most 10,000 items. */
    public record IpBulkRequest(List<String> addresses) {}

    /** The schema of a bulk web answer, for the API description: answers in request order. */
    public record WebBulkResponse(List<WebAnswer> results) {}

    @GET
    @Path("/urls")
    @Operation(summary = "Look up a URL (Safe Browsing v4 canonicalization and host-suffix/path-prefix expressions)")
    @APIResponseSchema(value = WebAnswer.class, responseCode = "200")
    public Response url(@QueryParam("url") String url) {
        return single(Endpoint.URLS, () -> {
            if (url == null) {
                throw new InvalidInputException("invalid-url", "the 'url' query parameter is required", null);
            }
            return lookups.url(url);
        });
    }

    @POST
    @Path("/urls/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 URLs; answers every item in order, with a per-item error for bad input")
    @JsonBody("{\"urls\": [...]}")
    @APIResponseSchema(value = WebBulkResponse.class, responseCode = "200")
    public Response urls(UrlBulkRequest request) {
        return bulk(Endpoint.URLS_BULK, () -> lookups.urls(request == null ? null : request.urls()));
    }

    @GET
    @Path("/domains/{name}")
    @Operation(summary = "Look up a domain; a listed parent domain covers its subdomains")
    @APIResponseSchema(value = WebAnswer.class, responseCode = "200")
    public Response domain(@PathParam("name") String name) {
        return single(Endpoint.DOMAINS, () -> lookups.domain(name));
    }

    @POST
    @Path("/domains/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 domains; answers every item in order, with a per-item error for bad input")
    @JsonBody("{\"domains\": [...]}")
    @APIResponseSchema(value = WebBulkResponse.class, responseCode = "200")
    public Response domains(DomainBulkRequest request) {
        return bulk(Endpoint.DOMAINS_BULK, () -> lookups.domains(request == null ? null : request.domains()));
    }

    @GET
    @Path("/ips/{address}")
    @Operation(summary = "Look up an IPv4 or IPv6 address; the longest matching listed range decides")
    @APIResponseSchema(value = WebAnswer.class, responseCode = "200")
    public Response ip(@PathParam("address") String address) {
        return single(Endpoint.IPS, () -> lookups.ip(address));
    }

    @POST
    @Path("/ips/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 IP addresses; answers every item in order")
    @JsonBody("{\"addresses\": [...]}")
    @APIResponseSchema(value = WebBulkResponse.class, responseCode = "200")
    public Response ips(IpBulkRequest request) {
        return bulk(Endpoint.IPS_BULK, () -> lookups.ips(request == null ? null : request.addresses()));
    }

    private Response single(Endpoint endpoint, Supplier<LookupOutcome> lookup) {
        return Response.ok(answers.single(endpoint, AnswerJson.Escaping.WEB_ANSWERS, lookup), JSON_UTF8)
                .build();
    }

    private Response bulk(Endpoint endpoint, Supplier<List<LookupOutcome>> lookup) {
        return Response.ok(answers.bulk(endpoint, AnswerJson.Escaping.WEB_ANSWERS, lookup), JSON_UTF8)
                .build();
    }
}
