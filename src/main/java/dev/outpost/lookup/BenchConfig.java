package dev.outpost.lookup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code outpost.bench.*}: the benchmark suite's hooks ({@link BaselineResource}). */
@ConfigMapping(prefix = "outpost.bench")
public interface BenchConfig {
    /** Serves the constant-answer baseline endpoint used by the benchmark suite; off in production. */
    @WithDefault("false")
    boolean enabled();
}
