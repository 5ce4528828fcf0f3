package dev.outpost.bundle;

import java.time.Duration;

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
    /**
     * One hour: the drift of an appliance clock that is rarely synchronised, and little beside any
     * sensible {@code outpost.dataset.max-age}, which a future creation time would stretch by as much.
     */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);

    public static final BundleLimits DEFAULTS = new BundleLimits(16L * 1024 * 1024 * 1024, 1_000_000_000L, 1_000_000);

    /** The limits configured under {@code outpost.bundle}. */
    public static BundleLimits of(dev.outpost.config.OutpostConfig.Bundle bundle) {
        return new BundleLimits(
                bundle.maxBundleBytes(), bundle.maxEntriesPerPart(), bundle.maxThreatNames(), bundle.maxClockSkew());
    }

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
