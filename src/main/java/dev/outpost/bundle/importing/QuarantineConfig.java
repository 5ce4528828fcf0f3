package dev.outpost.bundle.importing;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code outpost.quarantine.*}: the retention bound of {@link Quarantine} (issue 11 item 5). */
@ConfigMapping(prefix = "outpost.quarantine")
public interface QuarantineConfig {
    @WithDefault("4294967296")
    @Min(value = 0, message = "must be zero or more")
    long maxBytes();

    @WithDefault("P30D")
    @DurationMin(millis = 1, message = "must be positive")
    Duration maxAge();
}
