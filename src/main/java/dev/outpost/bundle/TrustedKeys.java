package dev.outpost.bundle;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys this appliance trusts to sign bundles, by key id, and how many distinct ones must
 * sign (each key counts once however often it signs). Empty means nothing is trusted: deny by
 * default.
 */
public record TrustedKeys(Map<String, PublicKey> byKeyId, int threshold) {
    public TrustedKeys {
        byKeyId = Map.copyOf(byKeyId);
        if (threshold < 1) {
            throw new IllegalArgumentException("outpost.trust.threshold must be at least 1");
        }
        if (!byKeyId.isEmpty() && threshold > byKeyId.size()) {
            throw new IllegalArgumentException("outpost.trust.threshold " + threshold + " exceeds the " + byKeyId.size()
                    + " trusted keys: no bundle could ever be accepted");
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

    public boolean isEmpty() {
        return byKeyId.isEmpty();
    }
}
