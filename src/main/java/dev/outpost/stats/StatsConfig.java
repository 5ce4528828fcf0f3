package dev.outpost.stats;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.stats.*}: the lookup statistics (issue 14, docs/statistics.md). Counted in memory,
 * flushed into hourly rows, rolled up into daily rows, each kept for its own time.
 */
@ConfigMapping(prefix = "outpost.stats")
public interface StatsConfig {
    /** How often this replica adds its counts to the database; what is not flushed yet is lost only in a crash. */
    @WithDefault("1m")
    @DurationMin(seconds = 1, message = "must be at least 1s")
    Duration flushInterval();

    /** How often finished days are rolled up and rows past their retention are removed. */
    @WithDefault("1h")
    @DurationMin(seconds = 1, message = "must be at least 1s")
    Duration maintenanceInterval();

    /**
     * How long hourly rows are kept. At least two days: a day is rolled up from its hourly rows after
     * it ends, so they must outlive it.
     */
    @WithDefault("P14D")
    @DurationMin(days = 2, message = "must be at least two days")
    Duration hourlyRetention();

    /** How long daily rows are kept. */
    @WithDefault("P400D")
    @DurationMin(days = 1, message = "must be at least one day")
    Duration dailyRetention();
}
