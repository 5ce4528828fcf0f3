package dev.outpost.lookup;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

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
    public Answer lookup(@PathParam("sha256") String sha256) {
        return lookups.certificate(sha256);
    }

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 certificate thumbprints ({\"hashes\": [...]}); answers every item in order")
    public BulkResponse bulk(BulkRequest request) {
        return new BulkResponse(lookups.certificates(request == null ? null : request.hashes()));
    }
}
