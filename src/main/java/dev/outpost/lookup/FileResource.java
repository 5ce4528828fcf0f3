package dev.outpost.lookup;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** File reputation by MD5, SHA-1 or SHA-256. */
@Path("/api/v1/files")
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {
    private final LookupService lookups;

    public FileResource(LookupService lookups) {
        this.lookups = lookups;
    }

    @GET
    @Path("/{hash}")
    @Operation(summary = "Look up a file by MD5, SHA-1 or SHA-256 (type detected from the length)")
    public Answer lookup(@PathParam("hash") String hash) {
        return lookups.file(hash);
    }

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Look up to 10,000 files; answers every item in order")
    public BulkResponse bulk(BulkRequest request) {
        return new BulkResponse(lookups.files(request == null ? null : request.hashes()));
    }
}
