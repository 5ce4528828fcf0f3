package dev.outpost.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Memory for request bodies, reserved before a body is read (issue 11 item 1). Bodies are read whole
 * before a worker thread is taken, so this, not the worker pool, bounds the heap that bodies waiting
 * for a worker can pin. A body is read only once its declared length (or, for a chunked body, the
 * most a body may be) is reserved, so a body once started never waits for memory half-read; one
 * client may hold at most half of the budget (or one largest body), so that it cannot keep every
 * other client's bodies waiting. Bodies that find no room wait unread, in order.
 */
final class BodyBudget {
    private final long maxBytes;
    private final long maxPerClient;
    private final Map<String, Long> byClient = new HashMap<>();
    private final LinkedList<Waiter> waiting = new LinkedList<>();
    private long held;

    /**
     * A body waiting for room; {@code admitted} runs once its bytes are reserved. Waiters are told
     * apart by identity (see {@link #cancel}), never by their values.
     */
    record Waiter(String client, long bytes, Runnable admitted) {}

    BodyBudget(long maxBytes, long maxBodyBytes) {
        if (maxBytes < 1 || maxBodyBytes < 1 || maxBodyBytes > maxBytes) {
            throw new IllegalArgumentException("outpost.http.max-buffered-body-bytes must be positive and at least"
                    + " outpost.http.max-body-bytes, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.maxPerClient = Math.max(maxBodyBytes, maxBytes / 2);
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * Reserves {@code bytes} for {@code client} if there is room. A body that fits goes ahead of
     * waiting ones: they may be waiting only because their own client holds its share, and a waiting
     * body is refused at the body timeout rather than starved for ever.
     */
    synchronized boolean tryReserve(String client, long bytes) {
        if (!fits(client, bytes)) {
            return false;
        }
        take(client, bytes);
        return true;
    }

    /** Queues a body that found no room; {@code admitted} runs (on the releasing thread) once it has. */
    synchronized Waiter await(String client, long bytes, Runnable admitted) {
        Waiter waiter = new Waiter(client, bytes, admitted);
        waiting.add(waiter);
        return waiter;
    }

    /** Takes a waiter out of the queue; false if it had been admitted already. */
    synchronized boolean cancel(Waiter waiter) {
        // By identity: two bodies of one client with the same size are two waiters.
        return waiting.removeIf(w -> w == waiter);
    }

    /** Gives back bytes reserved for {@code client}, and admits the waiting bodies that now fit. */
    void release(String client, long bytes) {
        if (bytes <= 0) {
            return;
        }
        List<Waiter> admitted = new ArrayList<>();
        synchronized (this) {
            held -= bytes;
            byClient.computeIfPresent(client, (c, h) -> h - bytes <= 0 ? null : h - bytes);
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (fits(waiter.client, waiter.bytes)) {
                    it.remove();
                    take(waiter.client, waiter.bytes);
                    admitted.add(waiter);
                }
            }
        }
        admitted.forEach(waiter -> waiter.admitted.run());
    }

    synchronized long held() {
        return held;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private boolean fits(String client, long bytes) {
        return held + bytes <= maxBytes && byClient.getOrDefault(client, 0L) + bytes <= maxPerClient;
    }

    private void take(String client, long bytes) {
        held += bytes;
        byClient.merge(client, bytes, Long::sum);
    }
}
