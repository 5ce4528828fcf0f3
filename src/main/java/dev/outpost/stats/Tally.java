package dev.outpost.stats;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import dev.outpost.lookup.LookupMetrics;
import dev.outpost.lookup.LookupOutcome;

/**
 * This replica's lookup counts since it started, per {@link Cells cell}, fed by the lookup path
 * through {@link LookupMetrics}. Counting is one {@link LongAdder} add: no allocation, no lock, no
 * database. The counts only grow; {@link Statistics#flush()} writes the difference since its last
 * flush, so an add racing with a flush is never lost, only written the next time.
 */
@Singleton
@Typed(Tally.class) // The lookup path's LookupMetrics is the composite Metrics produces.
public class Tally implements LookupMetrics {
    private final LongAdder[] counts = new LongAdder[Cells.COUNT];

    public Tally() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    @Override
    public void answered(Kind kind, LookupOutcome outcome) {
        int cell = Cells.of(kind, outcome);
        counts[cell < 0 ? Cells.refused(kind, Rejection.INVALID_INPUT) : cell].increment();
    }

    @Override
    public void answered(Kind kind, List<LookupOutcome> outcomes) {
        // Counted locally first, then one add per cell: a bulk's hits and misses alternate, so adding
        // per item (or per run of one cell) made the shared adders a tenth of a bulk lookup's cost
        // (profiled, issue 17).
        int[] local = new int[Cells.COUNT];
        for (int i = 0, n = outcomes.size(); i < n; i++) {
            int cell = Cells.of(kind, outcomes.get(i));
            local[cell < 0 ? Cells.refused(kind, Rejection.INVALID_INPUT) : cell]++;
        }
        for (int cell = 0; cell < local.length; cell++) {
            if (local[cell] > 0) {
                counts[cell].add(local[cell]);
            }
        }
    }

    @Override
    public void rejected(Kind kind, Rejection rejection) {
        counts[Cells.refused(kind, rejection)].increment();
    }

    @Override
    public void answeredIn(Endpoint endpoint, long nanos) {
        // Latency is Micrometer's (issue 13); the statistics count outcomes.
    }

    /** Every cell's count since start; a moment's view, each cell read once. */
    long[] snapshot() {
        long[] values = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            values[i] = counts[i].sum();
        }
        return values;
    }
}
