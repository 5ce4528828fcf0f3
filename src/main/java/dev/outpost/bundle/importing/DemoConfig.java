package dev.outpost.bundle.importing;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code outpost.demo.*}: set by the demo, dev and test profiles only ({@link DatasetBootstrap}). */
@ConfigMapping(prefix = "outpost.demo")
public interface DemoConfig {
    /** A bundle imported at first start when no dataset is active: a file, or {@code classpath:}. */
    Optional<String> bundle();
}
