package dev.outpost.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;

/**
 * Failed authentications per client address (issue 14). After {@code failures-before-slowdown}
 * failures within {@code failure-window}, every further attempt from that address waits before it is
 * checked: 100 ms, doubling with each failure, at most {@code max-failure-delay}. The wait holds no
 * thread. Audited without flooding: the first failure of an address in a window, the start of its
 * slowdown, then at most one entry a minute with the count since the last one. Tokens are 256 random
 * bits, so guessing one is hopeless anyway; the slowdown bounds the load and the noise a guesser makes.
 */
@ApplicationScoped
public class FailedAuthentications {
    private static final Logger LOG = Logger.getLogger(FailedAuthentications.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration AUDIT_INTERVAL = Duration.ofMinutes(1);
    /** Addresses remembered at once; beyond it, expired windows go, then all (a spray of addresses). */
    private static final int MAX_ADDRESSES = 100_000;

    private static final class Window {
        final Instant started;
        int failures;
        int unaudited;
        Instant audited;

        Window(Instant started) {
            this.started = started;
        }
    }

    private final AuditLog audit;
    private final Duration window;
    private final int threshold;
    private final Duration maxDelay;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    @Inject
    public FailedAuthentications(AuditLog audit, SecurityConfig config) {
        this(audit, config.failureWindow(), config.failuresBeforeSlowdown(), config.maxFailureDelay());
    }

    FailedAuthentications(AuditLog audit, Duration window, int threshold, Duration maxDelay) {
        this.audit = audit;
        this.window = window;
        this.threshold = threshold;
        this.maxDelay = maxDelay;
    }

    /** How long an attempt from {@code address} waits before it is checked. */
    Duration delayFor(String address, Instant now) {
        Window current = current(address, now);
        if (current == null || current.failures < threshold) {
            return Duration.ZERO;
        }
        int doublings = Math.min(current.failures - threshold, 30);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** Counts a failure of {@code address} and audits it as described above. Not on an event loop. */
    void failed(String address, Instant now) {
        String key = address == null ? "unknown" : address;
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(w -> !now.isBefore(w.started.plus(window)));
            if (byAddress.size() >= MAX_ADDRESSES) {
                byAddress.clear();
            }
        }
        String action = null;
        int count;
        synchronized (this) {
            Window current = current(key, now);
            if (current == null) {
                current = new Window(now);
                byAddress.put(key, current);
            }
            current.failures++;
            current.unaudited++;
            count = current.unaudited;
            if (current.failures == threshold) {
                action = AuditActions.AUTHENTICATION_THROTTLED;
            } else if (current.audited == null || !now.isBefore(current.audited.plus(AUDIT_INTERVAL))) {
                action = AuditActions.AUTHENTICATION_FAILED;
            }
            if (action != null) {
                current.audited = now;
                current.unaudited = 0;
            }
        }
        if (action == null) {
            return;
        }
        Map<String, String> details = new TreeMap<>();
        details.put("failures", Integer.toString(count));
        if (action.equals(AuditActions.AUTHENTICATION_THROTTLED)) {
            details.put("slowdown", "attempts from this address now wait before they are checked");
            LOG.warnf("Failed authentications from %s: %d within %s; slowing it down", key, threshold, window);
        }
        audit.record(new Actor("unauthenticated", address), action, null, details);
    }

    private Window current(String address, Instant now) {
        Window current = byAddress.get(address == null ? "unknown" : address);
        if (current != null && !now.isBefore(current.started.plus(window))) {
            byAddress.remove(address == null ? "unknown" : address, current);
            return null;
        }
        return current;
    }
}
