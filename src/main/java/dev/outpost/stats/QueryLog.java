package dev.outpost.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;

import dev.outpost.lookup.LookupMetrics;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Subject;
import dev.outpost.security.Caller;

/**
 * The query log's front half (issue 14): what a lookup hands over, queued in memory so that a lookup
 * never waits on the database; {@link QueryLogWriter} writes the queue in batches. It hears of
 * lookups only while {@code outpost.query-log.enabled} is on (the lookup path's listeners are chosen
 * at start, {@code dev.outpost.metrics.Metrics}); otherwise it is never called.
 *
 * <p>What an entry holds is decided here, before anything is queued: with {@code objects=hashes}
 * only file and certificate lookups are kept, with the digest (never a URL, domain or address); a
 * client address only with {@code client-addresses=true}. A bulk item that could not be looked up
 * is not kept: it is whatever the client sent.
 */
@Singleton
@Typed(QueryLog.class) // The lookup path's LookupMetrics is the composite Metrics produces.
public class QueryLog implements LookupMetrics {
    /** A URL longer than this is kept cut to it (the column's width, migration V9). */
    static final int MAX_OBJECT_CHARS = 4096;

    /** One lookup as the log keeps it. */
    public record Entry(Instant at, String kind, String object, String zone, String source, String client) {}

    private final QueryLogConfig config;
    private final Caller caller;
    private final boolean allObjects;
    private final ArrayBlockingQueue<Entry> queue;
    private final LongAdder dropped = new LongAdder();

    public QueryLog(QueryLogConfig config, Caller caller) {
        this.config = config;
        this.caller = caller;
        this.allObjects = config.objects() == QueryLogConfig.Objects.ALL;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    }

    /** Whether the lookup path should tell this log anything. */
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public void answered(Kind kind, LookupOutcome outcome) {
        offer(entry(kind, outcome, Instant.now(), client()));
    }

    @Override
    public void answered(Kind kind, List<LookupOutcome> outcomes) {
        Instant at = Instant.now();
        String client = client();
        for (int i = 0, n = outcomes.size(); i < n; i++) {
            offer(entry(kind, outcomes.get(i), at, client));
        }
    }

    @Override
    public void rejected(Kind kind, Rejection rejection) {
        // A refused lookup has no object worth keeping: it is whatever the client sent.
    }

    @Override
    public void answeredIn(Endpoint endpoint, long nanos) {}

    private void offer(Entry entry) {
        if (entry != null && !queue.offer(entry)) {
            dropped.increment();
        }
    }

    private Entry entry(Kind kind, LookupOutcome outcome, Instant at, String client) {
        int cell = Cells.of(kind, outcome);
        if (cell < 0) {
            return null;
        }
        String object = object(outcome);
        if (object == null) {
            return null;
        }
        return new Entry(at, kind.label(), object, Cells.zone(cell), Cells.source(cell), client);
    }

    /** The queried object as the log may keep it, or null where it may not be kept. */
    private String object(LookupOutcome outcome) {
        Subject subject = subjectOf(outcome);
        if (subject instanceof Subject.Digest) {
            // The query passed as a digest: hex only, kept in one case.
            return outcome.query().toLowerCase(Locale.ROOT);
        }
        if (!allObjects) {
            return null;
        }
        String object;
        if (subject instanceof Subject.Url url) {
            object = url.canonicalUrl();
        } else if (subject instanceof Subject.Domain domain) {
            object = domain.canonicalDomain();
        } else if (subject instanceof Subject.Address address) {
            object = address.address();
        } else {
            return null;
        }
        return object.length() > MAX_OBJECT_CHARS ? object.substring(0, MAX_OBJECT_CHARS) : object;
    }

    private static Subject subjectOf(LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.Known known) {
            return known.subject();
        }
        if (outcome instanceof LookupOutcome.LocalOverride local) {
            return local.subject();
        }
        if (outcome instanceof LookupOutcome.Unknown unknown) {
            return unknown.subject();
        }
        return null;
    }

    /** The client's address, only when the operator asked for it, and only inside a request. */
    private String client() {
        if (!config.clientAddresses() || !Arc.container().requestContext().isActive()) {
            return null;
        }
        return caller.address();
    }

    /** Takes up to {@code max} queued entries, oldest first. */
    List<Entry> take(int max) {
        List<Entry> entries = new ArrayList<>(Math.min(max, queue.size()));
        queue.drainTo(entries, max);
        return entries;
    }

    /** Entries taken from the queue that the database would not take. */
    void droppedUnwritten(int entries) {
        dropped.add(entries);
    }

    /** Entries waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /** Entries dropped since start: the queue was full, or the database refused their batch. */
    public long dropped() {
        return dropped.sum();
    }

    QueryLogConfig config() {
        return config;
    }
}
