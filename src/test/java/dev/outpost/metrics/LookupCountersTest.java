package dev.outpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.outpost.lookup.LookupMetrics.Endpoint;
import dev.outpost.lookup.LookupMetrics.Kind;
import dev.outpost.lookup.LookupMetrics.Rejection;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.Subject;
import dev.outpost.reputation.HashType;

/** {@link LookupCounters} on a real Micrometer registry: which series each outcome moves. */
class LookupCountersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LookupCounters counters = new LookupCounters(registry);

    private double lookups(String kind, String zone, String source) {
        return registry.get("outpost.lookups")
                .tag("kind", kind)
                .tag("zone", zone)
                .tag("source", source)
                .counter()
                .count();
    }

    @Test
    void everySeriesExistsBeforeAnythingHappened() {
        // 5 kinds x 4 zones x 3 sources, so that a rate is 0 rather than absent.
        assertThat(registry.get("outpost.lookups").counters()).hasSize(60);
        assertThat(registry.get("outpost.lookups.rejected").counters()).hasSize(10);
        assertThat(registry.get("outpost.lookup.duration").timers()).hasSize(Endpoint.values().length);
        // Only the kinds with a bulk endpoint have a bulk size: all five, since domains have theirs (issue 15).
        assertThat(registry.get("outpost.bulk.request.items").summaries()).hasSize(5);
    }

    @Test
    void aBulkAddsEachOutcomeOnceAndItsInvalidItemsAsRejections() {
        LookupOutcome unknown = unknown("a");
        LookupOutcome invalid = new LookupOutcome.InvalidInput("b", "invalid-hash", "not hex");
        counters.answered(Kind.CERTIFICATE, List.of(unknown, unknown, invalid));

        assertThat(lookups("certificate", "grey", "none")).isEqualTo(2);
        assertThat(registry.get("outpost.lookups.rejected")
                        .tag("kind", "certificate")
                        .tag("reason", "invalid_input")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("outpost.bulk.request.items")
                        .tag("kind", "certificate")
                        .summary()
                        .totalAmount())
                .isEqualTo(3);
        assertThat(lookups("file", "grey", "none")).isZero();
    }

    @Test
    void rejectionsAndLatencyLandUnderTheirOwnLabels() {
        counters.rejected(Kind.DOMAIN, Rejection.NO_DATASET);
        counters.answeredIn(Endpoint.URLS_BULK, 2_000_000);
        assertThat(registry.get("outpost.lookups.rejected")
                        .tag("kind", "domain")
                        .tag("reason", "no_dataset")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("outpost.lookup.duration")
                        .tag("endpoint", "urls_bulk")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    private static LookupOutcome unknown(String query) {
        return new LookupOutcome.Unknown(
                query, new Subject.Digest(HashType.SHA256, null), new Source.Vendor("test", 1));
    }
}
