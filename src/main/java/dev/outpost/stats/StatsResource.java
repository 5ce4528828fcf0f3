package dev.outpost.stats;

import java.time.Instant;
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
 * {@code GET /api/v1/stats}: lookups counted per kind, zone and source, every replica's summed, for
 * the last hours and days (docs/statistics.md has the shape). Counts only: the statistics hold no
 * queried object and no client address.
 */
@Path("/api/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics")
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = "operator-token")
public class StatsResource {
    static final int DEFAULT_HOURS = 24;
    static final int DEFAULT_DAYS = 30;

    private final Statistics statistics;
    private final QueryLog queryLog;
    private final StatsConfig config;

    public StatsResource(Statistics statistics, QueryLog queryLog, StatsConfig config) {
        this.statistics = statistics;
        this.queryLog = queryLog;
        this.config = config;
    }

    @GET
    @Operation(
            summary = "Lookup statistics: hourly and daily series with totals per kind, zone and source",
            description = "hours: 1 to the hours that hourly rows are kept (outpost.stats.hourly-retention);"
                    + " days: 1 to the days that daily rows are kept (outpost.stats.daily-retention).")
    public StatsReport stats(@QueryParam("hours") String hours, @QueryParam("days") String days) {
        // Bounded by what is kept: a longer window could only show zeros, and would cost a larger read.
        int maxHours = (int) Math.min(config.hourlyRetention().toHours(), 24 * 366);
        int maxDays = (int) Math.min(config.dailyRetention().toDays(), 3660);
        QueryLogConfig log = queryLog.config();
        return statistics.report(
                Params.bounded("hours", hours, Math.min(DEFAULT_HOURS, maxHours), 1, maxHours),
                Params.bounded("days", days, Math.min(DEFAULT_DAYS, maxDays), 1, maxDays),
                Instant.now(),
                new StatsReport.QueryLogStatus(
                        log.enabled(),
                        log.objects().name().toLowerCase(Locale.ROOT),
                        log.clientAddresses(),
                        log.retention().toString(),
                        queryLog.queued(),
                        queryLog.dropped()));
    }
}
