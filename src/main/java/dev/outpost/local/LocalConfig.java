package dev.outpost.local;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.local.*}: local verdicts (ADR 0009). Read by the schedule of {@link LocalVerdicts}
 * through its property expression; mapped here for its default and its check at start.
 */
@ConfigMapping(prefix = "outpost.local")
public interface LocalConfig {
    /** How often each replica looks for local verdicts written by another one. */
    @WithDefault("10s")
    @DurationMin(millis = 1, message = "must be positive")
    Duration refreshInterval();
}
