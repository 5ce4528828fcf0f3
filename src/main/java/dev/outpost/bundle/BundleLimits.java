package dev.outpost.bundle;

import java.time.Duration;

import dev.outpost.config.StandaloneConfig;
import dev.outpost.reputation.InvalidInputException;

/**
 * Caps on every read of an untrusted bundle, checked before the bytes are read, and how far a
 * bundle's creation time may lie ahead of this appliance's clock.
 *
 * @param maxBundleBytes largest bundle file accepted
 * @param maxEntriesPerPart most entries in one part
 * @param maxThreatNames most entries in the threat name dictionary
 * @param maxClockSkew how far after the import's start a bundle may say it was created
 *     ({@code created-in-future} beyond it; FORMAT.md "Manifest", issue 11 item 11)
 */
public record BundleLimits(long maxBundleBytes, long maxEntriesPerPart, int maxThreatNames, Duration maxClockSkew) {
    /** The defaults of {@code outpost.bundle.*}, written once, in {@link BundleConfig}. */
    public static final BundleLimits DEFAULTS =
            StandaloneConfig.defaults(BundleConfig.class).limits();

    /** The default of {@code outpost.bundle.max-clock-skew}; why one hour: {@link BundleConfig}. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = DEFAULTS.maxClockSkew();

    public BundleLimits {
        if (maxBundleBytes < BundleFormat.HEADER_BYTES || maxEntriesPerPart < 1 || maxThreatNames < 0) {
            throw new InvalidInputException(
                    "invalid-config",
                    "bundle limits must be positive",
                    maxBundleBytes + " bytes, " + maxEntriesPerPart + " entries, " + maxThreatNames + " names");
        }
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            throw new InvalidInputException(
                    "invalid-config", "the clock skew tolerance must be zero or more", String.valueOf(maxClockSkew));
        }
    }

    /** The read caps, with the default clock skew tolerance. */
    public BundleLimits(long maxBundleBytes, long maxEntriesPerPart, int maxThreatNames) {
        this(maxBundleBytes, maxEntriesPerPart, maxThreatNames, DEFAULT_MAX_CLOCK_SKEW);
    }
}
