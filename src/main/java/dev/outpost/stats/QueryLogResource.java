package dev.outpost.stats;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.outpost.security.Roles;

/**
 * {@code GET /api/v1/admin/query-log}: the query log, newest first, a page at a time. Admins only:
 * it may name what clients looked up, and from where (docs/statistics.md).
 */
@Path("/api/v1/admin/query-log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics")
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "operator-token")
public class QueryLogResource {
    static final int MAX_PAGE_SIZE = 1000;
    /** page * size stays within an int offset whatever the size. */
    static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PAGE_SIZE;

    /** A page of the log, with what the log is set to hold. */
    public record Page(
            boolean enabled,
            String objects,
            boolean clientAddresses,
            String retention,
            int page,
            int size,
            List<QueryLogStore.Stored> entries) {}

    private final QueryLog log;
    private final QueryLogStore store;

    public QueryLogResource(QueryLog log, QueryLogStore store) {
        this.log = log;
        this.store = store;
    }

    @GET
    @Operation(
            summary = "The query log, newest first (page from 0, size 1 to 1000)",
            description = "Empty unless outpost.query-log.enabled is on; entries older than"
                    + " outpost.query-log.retention are purged.")
    public Page list(@QueryParam("page") String page, @QueryParam("size") String size) {
        int p = Params.bounded("page", page, 0, 0, MAX_PAGE);
        int s = Params.bounded("size", size, 100, 1, MAX_PAGE_SIZE);
        QueryLogConfig config = log.config();
        return new Page(
                config.enabled(),
                config.objects().name().toLowerCase(Locale.ROOT),
                config.clientAddresses(),
                config.retention().toString(),
                p,
                s,
                store.page(p, s));
    }
}
