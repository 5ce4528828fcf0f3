package dev.outpost.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * {@code outpost.operator.*}: who may use the operator API (ADR 0009). Each entry is checked by
 * {@link ConfiguredTokens}, which is built at start.
 */
@ConfigMapping(prefix = "outpost.operator")
public interface OperatorConfig {
    /** {@code NAME:SHA256HEX} of each operator token: role operator (the form kept from before issue 14). */
    Optional<List<String>> tokens();
}
