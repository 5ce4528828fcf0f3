package dev.outpost.http;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.http.*}: what one HTTP client may hold of the appliance (issue 11 item 1). The
 * connection limit and the two body sizes together are checked by {@link ClientConnections} and
 * {@link BodyBudget}, which {@link HttpGuard} builds at start.
 */
@ConfigMapping(prefix = "outpost.http")
public interface HttpConfig {
    /** Open connections per client address; more are refused with 429. */
    @WithDefault("512")
    int maxConnectionsPerClient();

    /** A request body must have arrived whole within this time of its headers, or it is cut with 408. */
    @WithDefault("10s")
    @DurationMin(millis = 1, message = "must be positive")
    Duration bodyTimeout();

    /** Largest request body read: 10,000 bulk items of up to 2 KiB each on average. */
    @WithDefault("20971520")
    @Min(value = 1024, message = "must be at least 1024")
    long maxBodyBytes();

    /** Request bodies held in memory at once across all clients; one client reserves at most half. */
    @WithDefault("67108864")
    long maxBufferedBodyBytes();
}
