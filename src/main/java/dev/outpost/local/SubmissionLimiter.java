package dev.outpost.local;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A token bucket per submitter token (issue 14): each item submitted takes one token; a bucket holds
 * {@code outpost.local.submissions.burst-items} and refills at {@code items-per-second}. A request
 * that finds too few tokens takes none and is refused with the time until enough have come back.
 * Per replica: a submitter spread over n replicas gets up to n times the rate, which the rate is for
 * (protecting each replica's database writes), not a quota.
 */
@ApplicationScoped
public class SubmissionLimiter {
    /** Buckets kept at most; submitter tokens are few, so this only bounds a mistake. */
    private static final int MAX_BUCKETS = 10_000;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final long capacity;
    private final double perNano;
    private final LongSupplier nanoClock;

    @Inject
    public SubmissionLimiter(LocalConfig config) {
        this(config.submissions().burstItems(), config.submissions().itemsPerSecond(), System::nanoTime);
    }

    SubmissionLimiter(long capacity, double itemsPerSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.perNano = itemsPerSecond / 1e9;
        this.nanoClock = nanoClock;
    }

    /** Takes {@code items} tokens of {@code submitter}'s bucket, or throws with when to retry. */
    public void acquire(String submitter, int items) {
        if (buckets.size() >= MAX_BUCKETS && !buckets.containsKey(submitter)) {
            buckets.clear(); // full buckets for everyone: generous, never stricter than configured
        }
        Bucket bucket = buckets.computeIfAbsent(submitter, name -> new Bucket(capacity, nanoClock.getAsLong()));
        long wait = bucket.take(Math.min(Math.max(items, 1), capacity), nanoClock.getAsLong());
        if (wait > 0) {
            throw new LocalVerdictException.RateLimited(submitter, Duration.ofNanos(wait));
        }
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        /** 0 if taken, else the nanoseconds until {@code items} tokens are there. */
        synchronized long take(long items, long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= items) {
                tokens -= items;
                return 0;
            }
            return (long) Math.ceil((items - tokens) / perNano);
        }
    }
}
