package dev.outpost.stats;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;
import dev.outpost.config.CoreConfig;
import dev.outpost.config.Role;

/**
 * The query log's back half: writes the queue of {@link QueryLog} in batches every {@code
 * outpost.query-log.write-interval} and at shutdown, and removes entries older than {@code
 * outpost.query-log.retention} every {@code purge-interval}, whether the log is on or not, so that
 * entries from a time it was on do not outlive their retention. A purge that removed anything is
 * audited.
 */
@ApplicationScoped
public class QueryLogWriter {
    private static final Logger LOG = Logger.getLogger(QueryLogWriter.class);

    /** Entries per transaction: large enough to amortise the round trip, small enough to keep it short. */
    static final int BATCH = 1000;

    private final QueryLog log;
    private final QueryLogStore store;
    private final AuditLog audit;
    private final boolean serving;

    public QueryLogWriter(QueryLog log, QueryLogStore store, AuditLog audit, CoreConfig core) {
        this.log = log;
        this.store = store;
        this.audit = audit;
        this.serving = core.role() == Role.SERVE;
    }

    @Scheduled(
            identity = "query-log-write",
            every = "${outpost.query-log.write-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledWrite() {
        write();
    }

    void onStop(@Observes ShutdownEvent event) {
        write();
    }

    /**
     * Writes what is queued now, a batch per transaction; what arrives meanwhile waits for the next
     * run. A batch the database refuses is dropped and counted, rather than retried forever ahead of
     * newer entries, and the run stops there: the rest waits for the next one. The failure is logged
     * without its cause, since a driver's message may quote the rows, and the server log has no
     * retention the operator chose.
     *
     * @return the entries written
     */
    public synchronized int write() {
        int written = 0;
        for (int pending = log.queued(); pending > 0; ) {
            List<QueryLog.Entry> batch = log.take(Math.min(BATCH, pending));
            if (batch.isEmpty()) {
                break;
            }
            pending -= batch.size();
            try {
                store.insert(batch);
                written += batch.size();
            } catch (StatsStorageException e) {
                log.droppedUnwritten(batch.size());
                LOG.warnf("%d query log entries dropped: %s (SQL state %s)", batch.size(), e.getMessage(), sqlState(e));
                break;
            }
        }
        return written;
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "unknown";
    }

    @Scheduled(
            identity = "query-log-purge",
            every = "${outpost.query-log.purge-interval}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        if (serving) {
            purge(Instant.now());
        }
    }

    /** Removes entries past their retention at {@code now}; audits the purge if it removed any. */
    public synchronized int purge(Instant now) {
        Instant before = now.minus(log.config().retention());
        int removed = store.purge(before);
        if (removed > 0) {
            audit.record(
                    Actor.system(),
                    AuditActions.QUERY_LOG_PURGED,
                    "query-log",
                    Map.of(
                            "rows", Integer.toString(removed),
                            "olderThan", before.toString(),
                            "retention", log.config().retention().toString()));
        }
        return removed;
    }
}
