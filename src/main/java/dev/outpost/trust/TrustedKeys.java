package dev.outpost.trust;

import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outpost.io.RejectedException;
import dev.outpost.reputation.InvalidInputException;

/**
 * A set of public keys by key id and how many distinct ones must sign (each key counts once however
 * often it signs). Empty means nothing is trusted: deny by default. As a {@link TrustAnchor} it is
 * the flat list of release keys from {@code outpost.trust.public-keys}, with no root above it: root
 * documents a bundle carries are then ignored.
 */
public record TrustedKeys(Map<String, PublicKey> byKeyId, int threshold) implements TrustAnchor {
    /** Most signatures one signed object (a bundle manifest or a root document) may carry. */
    public static final int MAX_SIGNATURES = 16;
    /** A key id is the SHA-256 of the encoded public key. */
    public static final int KEY_ID_BYTES = 32;
    /** An Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    public static final int SIGNATURE_ENTRY_BYTES = KEY_ID_BYTES + SIGNATURE_BYTES;

    public TrustedKeys {
        byKeyId = Map.copyOf(byKeyId);
        if (threshold < 1) {
            throw new InvalidInputException(
                    "invalid-threshold", "a signature threshold must be at least 1, not " + threshold, "" + threshold);
        }
        if (!byKeyId.isEmpty() && threshold > byKeyId.size()) {
            throw new InvalidInputException(
                    "invalid-threshold",
                    "signature threshold " + threshold + " exceeds the " + byKeyId.size()
                            + " trusted keys: no bundle could ever be accepted",
                    "" + threshold);
        }
    }

    public static TrustedKeys of(int threshold, PublicKey... keys) {
        Map<String, PublicKey> map = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            map.put(KeyFiles.keyId(key), key);
        }
        return new TrustedKeys(map, threshold);
    }

    public static TrustedKeys none() {
        return new TrustedKeys(Map.of(), 1);
    }

    @Override
    public boolean isEmpty() {
        return byKeyId.isEmpty();
    }

    @Override
    public Grant grant(List<SignedRoot> carried, Instant now) {
        if (isEmpty()) {
            throw new RejectedException(
                    "no-trusted-keys",
                    "no signing keys are trusted: configure outpost.trust.root-keys (or outpost.trust.public-keys)"
                            + " before importing bundles");
        }
        return new Grant(this, 0, List.of());
    }

    @Override
    public void accept(Grant grant) {
        // Configured keys change only with the configuration.
    }
}
