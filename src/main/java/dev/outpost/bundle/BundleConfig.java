package dev.outpost.bundle;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code outpost.bundle.*}: caps on every read of an untrusted bundle ({@link BundleLimits}). */
@ConfigMapping(prefix = "outpost.bundle")
public interface BundleConfig {
    @WithDefault("17179869184")
    @Min(value = BundleFormat.HEADER_BYTES, message = "must be at least {value}, the size of a bundle header")
    long maxBundleBytes();

    @WithDefault("1000000000")
    @Min(value = 1, message = "must be at least 1")
    long maxEntriesPerPart();

    @WithDefault("1000000")
    @Min(value = 0, message = "must be zero or more")
    int maxThreatNames();

    /**
     * How far a bundle's {@code created} may lie after the import's start (issue 11 item 11). One
     * hour: the drift of a clock that is rarely synchronised, and little beside any sensible
     * {@code outpost.dataset.max-age}, which a future creation time would stretch by as much.
     */
    @WithDefault("1h")
    @DurationMin(message = "must be zero or more")
    Duration maxClockSkew();

    /** The limits these values make. */
    default BundleLimits limits() {
        return new BundleLimits(maxBundleBytes(), maxEntriesPerPart(), maxThreatNames(), maxClockSkew());
    }
}
