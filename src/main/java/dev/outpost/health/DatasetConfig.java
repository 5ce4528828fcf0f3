package dev.outpost.health;

import java.time.Duration;
import java.util.Optional;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.dataset.*}: freshness of the active dataset (freeze protection, ADR 0006), as
 * {@link DatasetReadinessCheck} reports it. Checked here at start: the check itself is built at the
 * first probe.
 */
@ConfigMapping(prefix = "outpost.dataset")
public interface DatasetConfig {
    /** Readiness calls a dataset stale once its bundle was created longer ago than this. */
    Optional<@DurationMin(millis = 1, message = "must be positive") Duration> maxAge();

    /** {@code fail}: a stale dataset makes readiness DOWN (fail closed); {@code warn}: UP, flagged. */
    @WithDefault("fail")
    WhenStale whenStale();

    enum WhenStale {
        FAIL,
        WARN
    }
}
