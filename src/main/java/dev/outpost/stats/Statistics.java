package dev.outpost.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import dev.outpost.config.CoreConfig;
import dev.outpost.config.Role;

/**
 * The lookup statistics (issue 14): this replica's {@link Tally} is flushed into hourly rows every
 * {@code outpost.stats.flush-interval} and at shutdown; finished days are rolled up into daily rows
 * and rows past their retention removed every {@code outpost.stats.maintenance-interval}. Days and
 * hours are UTC. Nothing here knows a queried object or a client address: only counts.
 */
@ApplicationScoped
public class Statistics {
    private static final Logger LOG = Logger.getLogger(Statistics.class);

    /** A day is rolled up this long after it ends, when no replica flushes into it any more. */
    static final Duration SETTLE = Duration.ofHours(1);

    private final Tally tally;
    private final StatsStore store;
    private final ReplicaId replica;
    private final StatsConfig config;
    private final boolean serving;

    /** The tally's counts as last written; guarded by {@code this}. */
    private long[] flushed = new long[Cells.COUNT];

    public Statistics(Tally tally, StatsStore store, ReplicaId replica, StatsConfig config, CoreConfig core) {
        this.tally = tally;
        this.store = store;
        this.replica = replica;
        this.config = config;
        this.serving = core.role() == Role.SERVE;
    }

    @Scheduled(
            identity = "stats-flush",
            every = "${outpost.stats.flush-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        flush();
    }

    /** What was counted but not written when the application stops is written now. */
    void onStop(@Observes ShutdownEvent event) {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Lookup counts since the last flush could not be written at shutdown");
        }
    }

    /**
     * Adds what was counted since the last flush to this replica's row of the current hour. If the
     * database fails, the counts stay pending and the next flush writes them.
     */
    public synchronized void flush() {
        long[] now = tally.snapshot();
        long[] deltas = new long[now.length];
        boolean any = false;
        for (int i = 0; i < now.length; i++) {
            deltas[i] = now[i] - flushed[i];
            any |= deltas[i] != 0;
        }
        if (!any) {
            return;
        }
        store.add(replica.value(), Instant.now().truncatedTo(ChronoUnit.HOURS), deltas);
        flushed = now;
    }

    @Scheduled(
            identity = "stats-maintenance",
            every = "${outpost.stats.maintenance-interval}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledMaintenance() {
        if (serving) {
            maintain(Instant.now());
        }
    }

    /**
     * Rolls every finished day still held in hourly rows up into daily rows, then removes hourly and
     * daily rows past their retention. Each day is its own transaction: a day another replica rolls
     * up at the same moment fails here and is skipped, as it is done.
     */
    public synchronized void maintain(Instant now) {
        Instant finished = day(now.minus(SETTLE));
        int rolled = 0;
        for (Instant day = day(now.minus(config.hourlyRetention()));
                day.isBefore(finished);
                day = day.plus(1, ChronoUnit.DAYS)) {
            try {
                rolled += store.rollUp(day);
            } catch (RuntimeException e) {
                LOG.infof("Statistics of %s not rolled up now (%s); tried again next time", day, e.getMessage());
            }
        }
        int hourly = store.purgeHourly(now.minus(config.hourlyRetention()));
        int daily = store.purgeDaily(now.minus(config.dailyRetention()));
        if (rolled + hourly + daily > 0) {
            LOG.debugf(
                    "Statistics: %d daily rows rolled up, %d hourly and %d daily rows purged", rolled, hourly, daily);
        }
    }

    /**
     * The last {@code hours} hours and {@code days} days, the current ones included. A day that is not
     * rolled up yet (today, and yesterday for its first hour) is summed from its hourly rows.
     */
    public StatsReport report(int hours, int days, Instant now, StatsReport.QueryLogStatus queryLog) {
        Instant hoursTo = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant hoursFrom = hoursTo.minus(hours, ChronoUnit.HOURS);
        TreeMap<Instant, StatsReport.Counts> hourly = periods(hoursFrom, hoursTo, ChronoUnit.HOURS);
        addRows(hourly, store.hourly(hoursFrom, hoursTo), ChronoUnit.HOURS);

        Instant daysTo = day(now).plus(1, ChronoUnit.DAYS);
        Instant daysFrom = daysTo.minus(days, ChronoUnit.DAYS);
        TreeMap<Instant, StatsReport.Counts> daily = periods(daysFrom, daysTo, ChronoUnit.DAYS);
        List<StatsStore.Row> dailyRows = store.daily(daysFrom, daysTo);
        addRows(daily, dailyRows, ChronoUnit.DAYS);
        // Hourly rows exist only within their retention: older days without daily rows stay empty.
        Instant firstUnrolled = null;
        Set<Instant> rolledDays = new HashSet<>();
        dailyRows.forEach(row -> rolledDays.add(row.start()));
        Instant hourlyHorizon = day(now.minus(config.hourlyRetention()));
        for (Instant day : daily.keySet()) {
            if (!rolledDays.contains(day) && !day.isBefore(hourlyHorizon)) {
                firstUnrolled = day;
                break;
            }
        }
        if (firstUnrolled != null) {
            List<StatsStore.Row> unrolled = new ArrayList<>();
            for (StatsStore.Row row : store.hourly(firstUnrolled, daysTo)) {
                if (!rolledDays.contains(day(row.start()))) {
                    unrolled.add(row);
                }
            }
            addRows(daily, unrolled, ChronoUnit.DAYS);
        }
        return new StatsReport(now, window(hoursFrom, hoursTo, hourly), window(daysFrom, daysTo, daily), queryLog);
    }

    private static TreeMap<Instant, StatsReport.Counts> periods(Instant from, Instant to, ChronoUnit unit) {
        TreeMap<Instant, StatsReport.Counts> periods = new TreeMap<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(1, unit)) {
            periods.put(start, new StatsReport.Counts());
        }
        return periods;
    }

    private static void addRows(
            TreeMap<Instant, StatsReport.Counts> periods, List<StatsStore.Row> rows, ChronoUnit unit) {
        for (StatsStore.Row row : rows) {
            Instant start =
                    unit == ChronoUnit.DAYS ? day(row.start()) : row.start().truncatedTo(unit);
            StatsReport.Counts counts = periods.get(start);
            int cell = Cells.named(row.kind(), row.zone(), row.source());
            if (counts != null && cell >= 0) {
                counts.add(cell, row.lookups());
            }
        }
    }

    private static StatsReport.Window window(Instant from, Instant to, TreeMap<Instant, StatsReport.Counts> periods) {
        StatsReport.Counts total = new StatsReport.Counts();
        List<StatsReport.Point> series = new ArrayList<>(periods.size());
        periods.forEach((start, counts) -> {
            total.addAll(counts);
            series.add(counts.point(start));
        });
        return new StatsReport.Window(from, to, total.totals(), series);
    }

    /** The start of the UTC day holding {@code instant}. */
    static Instant day(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS);
    }
}
