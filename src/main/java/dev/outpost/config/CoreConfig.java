package dev.outpost.config;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What every part of Outpost needs: where its state lives and which role this process plays. Each
 * feature maps its own {@code outpost.<feature>.*} keys beside this one; all are documented in
 * {@code application.properties}, and each default is written once, in its mapping's
 * {@code @WithDefault}.
 */
@ConfigMapping(prefix = "outpost")
public interface CoreConfig {
    /** Everything Outpost keeps lives under this directory. */
    @WithDefault("data")
    Path dataDir();

    /** {@code serve} for the server; {@code outpost import} boots with {@code cli} (ADR 0004). */
    @WithDefault("serve")
    Role role();
}
