package dev.outpost.bundle.importing;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code outpost.imports.*}: bundles uploaded through the API ({@code POST /api/v1/imports}, issue 14). */
@ConfigMapping(prefix = "outpost.imports")
public interface ImportsConfig {
    /**
     * Largest upload, in bytes; a larger one is cut with 413 and its partial file removed. The
     * default is {@code outpost.bundle.max-bundle-bytes}'s: a bundle the importer would take.
     */
    @WithDefault("17179869184")
    @Min(value = 1024, message = "must be at least 1024")
    long maxUploadBytes();

    /**
     * An upload that sends nothing for this long is cut with 408 and its partial file removed. A slow
     * but steady upload of any size is never cut: a stick's worth of data over a slow link takes long.
     */
    @WithDefault("30s")
    @DurationMin(millis = 1, message = "must be positive")
    Duration idleTimeout();

    /**
     * Uploads being received or waiting for their import, beside the one import that runs. One more
     * is refused with 503 and Retry-After before any of its body is read.
     */
    @WithDefault("2")
    @Min(value = 1, message = "must be at least 1")
    @Max(value = 64, message = "must be at most 64")
    int maxQueued();
}
