package dev.outpost.publishing.feeds;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * How feeds are read.
 *
 * @param skipInvalid when false (the default) the first invalid entry aborts the build; when true
 *     invalid entries are counted and reported to {@code warnings}, and reading goes on
 *     (offline-bundles/FEEDS.md §Errors)
 * @param asOf the bundle's creation time: a STIX indicator no longer valid then is not read
 * @param warnings receives one line per skipped entry (capped per feed)
 */
public record FeedOptions(boolean skipInvalid, Instant asOf, Consumer<String> warnings) {
    public FeedOptions {
        if (asOf == null || warnings == null) {
            throw new IllegalArgumentException("asOf and warnings are required");
        }
    }
}
