package dev.outpost.console;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.console.*}: the operators' web console under {@code /console/} (issue 15, ADR 0018).
 * The console holds a signed-in token only in the browser tab's session storage; these bound how long.
 */
@ConfigMapping(prefix = "outpost.console")
public interface ConsoleConfig {
    /** Whether {@code /console/} is served; off, its pages answer 404 (the API is unaffected). */
    @WithDefault("true")
    boolean enabled();

    /** A signed-in tab without a click or key press for this long is signed out. */
    @WithDefault("15m")
    @DurationMin(seconds = 30, message = "must be at least 30s")
    Duration idleTimeout();

    /** A sign-in lasts at most this long, however active the tab. */
    @WithDefault("8h")
    @DurationMin(minutes = 1, message = "must be at least 1m")
    Duration maxSessionAge();
}
