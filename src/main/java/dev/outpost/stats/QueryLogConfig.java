package dev.outpost.stats;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.query-log.*}: the log of what was looked up (issue 14, docs/statistics.md). Off by
 * default: then no queried object and no client address is kept anywhere.
 */
@ConfigMapping(prefix = "outpost.query-log")
public interface QueryLogConfig {
    /** What the log holds of the queried object. */
    enum Objects {
        /** File hashes and certificate thumbprints only; URL, domain and IP lookups are not logged. */
        HASHES,
        /** Every lookup, with its canonical URL, domain or address too. */
        ALL
    }

    /** Whether lookups are logged at all. */
    @WithDefault("false")
    boolean enabled();

    /** {@code hashes} or {@code all}. */
    @WithDefault("hashes")
    Objects objects();

    /** Whether each entry names the client's address (as the connection showed it). */
    @WithDefault("false")
    boolean clientAddresses();

    /** How long an entry is kept; older ones are purged on schedule, whether the log is on or not. */
    @WithDefault("P7D")
    @DurationMin(minutes = 1, message = "must be at least one minute")
    Duration retention();

    /** How often the purge runs. */
    @WithDefault("1h")
    @DurationMin(seconds = 1, message = "must be at least 1s")
    Duration purgeInterval();

    /** How often queued entries are written to the database. */
    @WithDefault("1s")
    @DurationMin(millis = 100, message = "must be at least 100ms")
    Duration writeInterval();

    /** Entries waiting to be written; when the queue is full, new entries are dropped and counted. */
    @WithDefault("20000")
    @Min(1)
    @Max(1_000_000)
    int queueCapacity();
}
