package dev.outpost.metrics;

import java.time.Duration;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.outpost.bundle.importing.ImportFinished;
import dev.outpost.bundle.importing.ImportOutcome;

/**
 * {@code outpost_imports_total{outcome,reason}} and {@code outpost_import_duration_seconds{outcome}}.
 * A reason is one of the importer's stable codes ({@code bad-signature}, {@code wrong-base}, ...);
 * anything else would be a bug, and is counted as {@code other} rather than let free text become a
 * label.
 */
final class ImportCounters {
    private static final Pattern REASON = Pattern.compile("[a-z0-9]+(-[a-z0-9]+){0,7}");
    private static final String NO_REASON = "none";

    /** Import durations from a small delta (100 ms) to a 100-million-record bundle (2 h). */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofHours(2)
    };

    private final MeterRegistry registry;

    ImportCounters(MeterRegistry registry) {
        this.registry = registry;
        // The outcomes without a reason exist from the start, so that their rate is 0, not absent.
        counter("activated", NO_REASON);
        counter("already_active", NO_REASON);
        for (String outcome : new String[] {"activated", "already_active", "rejected", "failed"}) {
            timer(outcome);
        }
    }

    void finished(ImportFinished event) {
        ImportOutcome outcome = event.outcome();
        String name;
        String reason;
        if (outcome instanceof ImportOutcome.Activated) {
            name = "activated";
            reason = NO_REASON;
        } else if (outcome instanceof ImportOutcome.AlreadyActive) {
            name = "already_active";
            reason = NO_REASON;
        } else if (outcome instanceof ImportOutcome.Rejected rejected) {
            name = "rejected";
            reason = label(rejected.reason());
        } else if (outcome instanceof ImportOutcome.LocalFailure failure) {
            name = "failed";
            reason = label(failure.reason());
        } else {
            throw new IllegalArgumentException(
                    "unknown import outcome " + outcome.getClass().getSimpleName());
        }
        counter(name, reason).increment();
        timer(name).record(event.duration());
    }

    static String label(String reason) {
        return reason != null && REASON.matcher(reason).matches() ? reason : "other";
    }

    private Counter counter(String outcome, String reason) {
        return Counter.builder("outpost.imports")
                .description("Import attempts, by outcome and the importer's reason code")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    private Timer timer(String outcome) {
        return Timer.builder("outpost.import.duration")
                .description("Import attempts' duration, from the first byte read to the outcome")
                .tag("outcome", outcome)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }
}
