package dev.outpost.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.vertx.ext.web.RoutingContext;

import dev.outpost.security.Roles;

/**
 * The exports for operators (issue 16, docs/exports.md): the RPZ zone and the DCSO Bloom filter of
 * the active dataset with the local verdicts in force, with the options of {@code outpost export}
 * as query parameters. Bad options are refused (400) and a missing dataset answered (503) before
 * the body begins.
 */
@Path("/api/v1/exports")
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = "operator-token")
public class ExportResource {
    /** RFC 4027: the media type of DNS master files. */
    static final String TEXT_DNS = "text/dns";

    private final Exports exports;

    public ExportResource(Exports exports) {
        this.exports = exports;
    }

    /**
     * The Response Policy Zone, streamed from one generation lease as it is written. A zone cut short
     * (the connection failed) lacks its last line, {@code ; end of zone: ...}.
     */
    @GET
    @Path("/rpz")
    @Produces({TEXT_DNS, "text/plain"})
    @Operation(summary = "The malicious domains and IP ranges as a Response Policy Zone (RPZ) for BIND or Unbound")
    public Response rpz(
            @Parameter(description = "The policy zone's name (default rpz.outpost.internal)") @QueryParam("zone")
                    String zone,
            @Parameter(description = "true to list YELLOW (adware, riskware, suspicious) beside RED")
                    @QueryParam("includeYellow")
                    String includeYellow,
            @Parameter(description = "The zone's $TTL in seconds (default 300)") @QueryParam("ttl") String ttl,
            @Parameter(description = "nxdomain (default), nodata or drop") @QueryParam("action") String action) {
        RpzOptions options = RpzOptions.parse(zone, includeYellow, ttl, action);
        exports.activeDataset();
        StreamingOutput body = out -> exports.rpz(options, out);
        return Response.ok(body)
                .header("Content-Disposition", "attachment; filename=\"" + options.zone() + ".zone\"")
                .build();
    }

    /**
     * The DCSO Bloom filter, built whole (the only large allocation) before the answer begins; at
     * most {@link Exports#SERVED_FILTERS} at once (503 beyond).
     */
    @GET
    @Path("/bloom")
    @Produces({"application/octet-stream", "application/gzip"})
    @Operation(summary = "File hashes (and listed domains) as a DCSO Bloom filter, as hashlookup publishes")
    public Response bloom(
            @Parameter(description = "Comma-separated: md5, sha1 (default), sha256, domain") @QueryParam("kinds")
                    String kinds,
            @Parameter(description = "Comma-separated: red (default), yellow, green") @QueryParam("zones") String zones,
            @Parameter(description = "False-positive rate (default 0.0001)") @QueryParam("fpRate") String fpRate,
            @Parameter(description = "upper (default, hashlookup's) or lower: the case of hex digests")
                    @QueryParam("case")
                    String letterCase,
            @Parameter(description = "true to gzip the file") @QueryParam("gzip") String gzip,
            @Context RoutingContext request) {
        BloomOptions options = BloomOptions.parse(kinds, zones, fpRate, letterCase, gzip);
        Exports.Served served = exports.reserveBloom();
        // The place is held until the answer has ended however it ends (written, failed, a HEAD
        // request whose body is never written, a client gone): the end handler is set before the
        // build, and a connection already closed gives it back at once.
        request.addEndHandler(ended -> served.release());
        if (request.response().closed()) {
            served.release();
            throw new jakarta.ws.rs.ServiceUnavailableException();
        }
        exports.buildBloom(served, options);
        StreamingOutput body = out -> {
            try {
                BloomExport.Built built = served.built();
                if (built != null) {
                    Exports.writeBloom(built.filter(), options.gzip(), out);
                }
            } finally {
                served.release();
            }
        };
        String name = "outpost-" + options.kindsText().replace(',', '-') + "-"
                + options.zonesText().replace(',', '-') + ".bloom" + (options.gzip() ? ".gz" : "");
        return Response.ok(body)
                .type(options.gzip() ? "application/gzip" : "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }
}
