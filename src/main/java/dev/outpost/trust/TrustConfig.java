package dev.outpost.trust;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.trust.*}: whom bundles must be signed by (ADR 0006). Set root keys, or flat release
 * keys, not both ({@link TrustProducer} refuses both at start).
 */
@ConfigMapping(prefix = "outpost.trust")
public interface TrustConfig {
    /** PEM root public keys pinned as root version 0: file paths, or {@code classpath:} resources. */
    Optional<List<String>> rootKeys();

    /** Distinct pinned root keys that must sign root version 1. */
    @WithDefault("1")
    @Min(value = 1, message = "must be at least 1")
    int rootThreshold();

    /** Flat list of release keys with no root above them (test set-ups; exclusive with root keys). */
    Optional<List<String>> publicKeys();

    @WithDefault("1")
    @Min(value = 1, message = "must be at least 1")
    int threshold();
}
