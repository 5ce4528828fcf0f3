package dev.outpost.bundle;

/**
 * Caps on every read of an untrusted bundle, checked before the bytes are read.
 *
 * @param maxBundleBytes largest bundle file accepted
 * @param maxEntriesPerPart most entries in one part
 * @param maxThreatNames most entries in the threat name dictionary
 */
public record BundleLimits(long maxBundleBytes, long maxEntriesPerPart, int maxThreatNames) {
    public static final BundleLimits DEFAULTS = new BundleLimits(16L * 1024 * 1024 * 1024, 1_000_000_000L, 1_000_000);

    /** The limits configured under {@code outpost.bundle}. */
    public static BundleLimits of(dev.outpost.config.OutpostConfig.Bundle bundle) {
        return new BundleLimits(bundle.maxBundleBytes(), bundle.maxEntriesPerPart(), bundle.maxThreatNames());
    }

    public BundleLimits {
        if (maxBundleBytes < BundleFormat.HEADER_BYTES || maxEntriesPerPart < 1 || maxThreatNames < 0) {
            throw new IllegalArgumentException("bundle limits must be positive");
        }
    }
}
