package dev.outpost.bundle.importing;

import java.time.Duration;
import java.util.Objects;

/**
 * Fired (CDI, synchronously) when an import attempt ends, however it ended, for monitoring. Its
 * observers must not fail: the import is over by then.
 *
 * @param outcome how it ended
 * @param duration from the first byte read to the outcome
 */
public record ImportFinished(ImportOutcome outcome, Duration duration) {
    public ImportFinished {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }
}
