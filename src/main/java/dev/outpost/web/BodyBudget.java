package dev.outpost.web;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Bytes of request bodies held in memory at once, across all requests (issue 11 item 1). Bodies are
 * read whole before a worker thread is taken, so this, not the worker pool, bounds the heap that
 * bodies waiting for a worker can pin. Beyond the bound, reading pauses (TCP pushes back on the
 * clients) until answered requests give their bytes back; nothing is refused for it.
 */
final class BodyBudget {
    private final long maxBytes;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private long held;

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

    /** Counts bytes already received; false when the budget is now spent and reading should pause. */
    synchronized boolean take(long bytes) {
        held += bytes;
        return held < maxBytes;
    }

    /** Runs {@code resume} once the budget has room again (at once if it has). */
    void whenAvailable(Runnable resume) {
        synchronized (this) {
            if (held >= maxBytes) {
                waiting.add(resume);
                return;
            }
        }
        resume.run();
    }

    void give(long bytes) {
        Runnable next;
        synchronized (this) {
            held -= bytes;
            next = held < maxBytes ? waiting.poll() : null;
        }
        // One reader at a time resumes; each resumed reader that finishes gives back and wakes the next.
        while (next != null) {
            next.run();
            synchronized (this) {
                next = held < maxBytes ? waiting.poll() : null;
            }
        }
    }

    synchronized long held() {
        return held;
    }
}
