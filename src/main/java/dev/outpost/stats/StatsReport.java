package dev.outpost.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outpost.lookup.LookupMetrics.Kind;

/**
 * The answer of {@code GET /api/v1/stats} (docs/statistics.md): an hourly and a daily window, each
 * with its totals and one point per hour or day, oldest first, every replica's counts summed. Every
 * map holds all of its keys, zeros included, so that a chart's series never appear or vanish.
 */
public record StatsReport(Instant generatedAt, Window hourly, Window daily, QueryLogStatus queryLog) {
    /** One window: {@code [from, to)}, its totals and its points. */
    public record Window(Instant from, Instant to, Totals totals, List<Point> series) {
        public Window {
            series = List.copyOf(series);
        }
    }

    /** A window's totals, with each kind, zone and source combination that counted anything. */
    public record Totals(
            long lookups,
            long rejected,
            Map<String, Long> byKind,
            Map<String, Long> byZone,
            Map<String, Long> bySource,
            Map<String, Long> rejectedBy,
            List<Cell> cells) {}

    /** One hour or day, from {@code start}. */
    public record Point(
            Instant start,
            long lookups,
            long rejected,
            Map<String, Long> byKind,
            Map<String, Long> byZone,
            Map<String, Long> bySource,
            Map<String, Long> rejectedBy) {}

    /** Lookups of one kind answered in one zone from one source; a refusal has zone {@code none}. */
    public record Cell(String kind, String zone, String source, long lookups) {}

    /** What the query log is set to hold, and what it could not keep up with since this replica started. */
    public record QueryLogStatus(
            boolean enabled, String objects, boolean clientAddresses, String retention, int queued, long dropped) {}

    /** Counts per cell, summed from rows; turned into totals or a point. */
    static final class Counts {
        private final long[] cells = new long[Cells.COUNT];

        void add(int cell, long lookups) {
            cells[cell] += lookups;
        }

        void addAll(Counts other) {
            for (int i = 0; i < cells.length; i++) {
                cells[i] += other.cells[i];
            }
        }

        Point point(Instant start) {
            Sums sums = sums();
            return new Point(
                    start, sums.lookups, sums.rejected, sums.byKind, sums.byZone, sums.bySource, sums.rejectedBy);
        }

        Totals totals() {
            Sums sums = sums();
            List<Cell> counted = new ArrayList<>();
            for (int cell = 0; cell < cells.length; cell++) {
                if (cells[cell] != 0) {
                    counted.add(new Cell(Cells.kind(cell), Cells.zone(cell), Cells.source(cell), cells[cell]));
                }
            }
            return new Totals(
                    sums.lookups,
                    sums.rejected,
                    sums.byKind,
                    sums.byZone,
                    sums.bySource,
                    sums.rejectedBy,
                    List.copyOf(counted));
        }

        private Sums sums() {
            Sums sums = new Sums();
            for (int cell = 0; cell < cells.length; cell++) {
                long n = cells[cell];
                String source = Cells.source(cell);
                if (Cells.isRefusal(source)) {
                    sums.rejected += n;
                    sums.rejectedBy.merge(source, n, Long::sum);
                } else {
                    sums.lookups += n;
                    sums.byKind.merge(Cells.kind(cell), n, Long::sum);
                    sums.byZone.merge(Cells.zone(cell), n, Long::sum);
                    sums.bySource.merge(source, n, Long::sum);
                }
            }
            return sums;
        }
    }

    private static final class Sums {
        long lookups;
        long rejected;
        final Map<String, Long> byKind = zeros(kinds());
        final Map<String, Long> byZone = zeros(Cells.ZONES);
        final Map<String, Long> bySource = zeros(Cells.SOURCES);
        final Map<String, Long> rejectedBy = zeros(Cells.REFUSALS);

        private static String[] kinds() {
            Kind[] kinds = Kind.values();
            String[] labels = new String[kinds.length];
            for (int i = 0; i < kinds.length; i++) {
                labels[i] = kinds[i].label();
            }
            return labels;
        }

        private static Map<String, Long> zeros(String[] keys) {
            Map<String, Long> map = new LinkedHashMap<>();
            for (String key : keys) {
                map.put(key, 0L);
            }
            return map;
        }
    }
}
