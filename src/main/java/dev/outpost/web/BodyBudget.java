package dev.outpost.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies held in memory at once, across all requests (issue 11 item 1). Bodies are
 * read whole before a worker thread is taken, so this, not the worker pool, bounds the heap that
 * unfinished uploads can pin.
 */
final class BodyBudget {
    private final long maxBytes;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException(
                    "outpost.http.max-buffered-body-bytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    boolean tryTake(long bytes) {
        long now = held.addAndGet(bytes);
        if (now > maxBytes) {
            held.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }
}
