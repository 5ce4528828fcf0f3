package dev.outpost.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.outpost.lookup.LookupMetrics;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.reputation.Zone;

/**
 * {@link LookupMetrics} on Micrometer. Every series is registered up front, so that a rate over a
 * series that has not moved yet is 0 rather than absent, and the hot path only indexes an array:
 * no tag lookup, no allocation per lookup. A bulk request adds its counts once per series.
 */
final class LookupCounters implements LookupMetrics {
    /** Where a lookup's answer came from: the label {@code source}. */
    private enum From {
        VENDOR,
        LOCAL,
        NONE
    }

    /** Latency buckets from 100 µs (a single lookup) to 5 s (a bulk of 10,000 under load). */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5)
    };

    /** Items per bulk request, up to the limit of 10,000. */
    private static final double[] BULK_SIZE_BUCKETS = {1, 10, 100, 1_000, 5_000, 10_000};

    private static final int ZONES = Zone.values().length;
    private static final int SOURCES = From.values().length;

    /** Indexed by kind, zone and source: {@code [kind * ZONES * SOURCES + zone * SOURCES + source]}. */
    private final Counter[] lookups;

    private final Counter[] rejected;
    private final Timer[] latency;
    private final Map<Kind, DistributionSummary> bulkSizes = new EnumMap<>(Kind.class);

    LookupCounters(MeterRegistry registry) {
        Kind[] kinds = Kind.values();
        lookups = new Counter[kinds.length * ZONES * SOURCES];
        for (Kind kind : kinds) {
            for (Zone zone : Zone.values()) {
                for (From from : From.values()) {
                    lookups[index(kind, zone, from)] = Counter.builder("outpost.lookups")
                            .description("Lookups answered, by what was looked up, the answer's zone and its source")
                            .tag("kind", kind.label())
                            .tag("zone", zone.name().toLowerCase(Locale.ROOT))
                            .tag("source", from.name().toLowerCase(Locale.ROOT))
                            .register(registry);
                }
            }
        }
        Rejection[] rejections = Rejection.values();
        rejected = new Counter[kinds.length * rejections.length];
        for (Kind kind : kinds) {
            for (Rejection rejection : rejections) {
                rejected[kind.ordinal() * rejections.length + rejection.ordinal()] = Counter.builder(
                                "outpost.lookups.rejected")
                        .description("Lookups not answered: invalid input, or no dataset active yet")
                        .tag("kind", kind.label())
                        .tag("reason", rejection.label())
                        .register(registry);
            }
        }
        Endpoint[] endpoints = Endpoint.values();
        latency = new Timer[endpoints.length];
        for (Endpoint endpoint : endpoints) {
            latency[endpoint.ordinal()] = Timer.builder("outpost.lookup.duration")
                    .description("Time from a lookup request's parsed body to its answer's bytes, per endpoint")
                    .tag("endpoint", endpoint.label())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry);
            if (endpoint.label().endsWith("_bulk")) {
                bulkSizes.put(
                        endpoint.kind(),
                        DistributionSummary.builder("outpost.bulk.request.items")
                                .description("Items per bulk lookup request")
                                .baseUnit("items")
                                .tag("kind", endpoint.kind().label())
                                .serviceLevelObjectives(BULK_SIZE_BUCKETS)
                                .register(registry));
            }
        }
    }

    @Override
    public void answered(Kind kind, LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.InvalidInput) {
            rejected(kind, Rejection.INVALID_INPUT);
        } else {
            lookups[index(kind, outcome)].increment();
        }
    }

    @Override
    public void answered(Kind kind, List<LookupOutcome> outcomes) {
        DistributionSummary sizes = bulkSizes.get(kind);
        if (sizes != null) {
            sizes.record(outcomes.size());
        }
        int[] counts = new int[lookups.length];
        int invalid = 0;
        for (LookupOutcome outcome : outcomes) {
            if (outcome instanceof LookupOutcome.InvalidInput) {
                invalid++;
            } else {
                counts[index(kind, outcome)]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                lookups[i].increment(counts[i]);
            }
        }
        if (invalid > 0) {
            rejected[kind.ordinal() * Rejection.values().length + Rejection.INVALID_INPUT.ordinal()].increment(invalid);
        }
    }

    @Override
    public void rejected(Kind kind, Rejection rejection) {
        rejected[kind.ordinal() * Rejection.values().length + rejection.ordinal()].increment();
    }

    @Override
    public void answeredIn(Endpoint endpoint, long nanos) {
        latency[endpoint.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    private static int index(Kind kind, LookupOutcome outcome) {
        // Java 17: no pattern switch over the sealed outcome yet.
        if (outcome instanceof LookupOutcome.Known known) {
            return index(kind, known.verdict().zone(), From.VENDOR);
        }
        if (outcome instanceof LookupOutcome.LocalOverride local) {
            return index(kind, local.verdict().zone(), From.LOCAL);
        }
        if (outcome instanceof LookupOutcome.Unknown) {
            return index(kind, Zone.GREY, From.NONE);
        }
        throw new IllegalArgumentException("an invalid item is a rejection, not an answer");
    }

    private static int index(Kind kind, Zone zone, From from) {
        return (kind.ordinal() * ZONES + zone.ordinal()) * SOURCES + from.ordinal();
    }
}
