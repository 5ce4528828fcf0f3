package dev.outpost.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditEntries;
import dev.outpost.audit.AuditEntry;
import dev.outpost.audit.AuditLog;
import dev.outpost.audit.AuditQuery;

/**
 * Repeated failed authentications from one address are slowed down and audited (issue 14), against
 * the real audit log: no delay below the threshold, then 100 ms doubling up to the cap; a new
 * window starts clean; the audit log gets the first failure and the start of the slowdown, not one
 * entry per attempt.
 */
@QuarkusTest
class FailedAuthenticationsTest {
    @Inject
    AuditLog audit;

    @Inject
    AuditEntries entries;

    private List<AuditEntry> entriesFrom(String address, String action) {
        return entries.page(new AuditQuery(0, 1000, action, null, null, null)).stream()
                .filter(entry -> address.equals(entry.address))
                .toList();
    }

    @Test
    void anAddressThatKeepsFailingWaitsLongerAndLongerUpToTheCap() {
        FailedAuthentications failures =
                new FailedAuthentications(audit, Duration.ofMinutes(15), 3, Duration.ofMillis(700));
        String address = "198.51.100." + (System.nanoTime() % 200 + 1);
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        assertThat(failures.delayFor(address, now)).isZero();
        failures.failed(address, now);
        failures.failed(address, now);
        assertThat(failures.delayFor(address, now)).isZero();
        failures.failed(address, now);
        assertThat(failures.delayFor(address, now)).isEqualTo(Duration.ofMillis(100));
        failures.failed(address, now);
        assertThat(failures.delayFor(address, now)).isEqualTo(Duration.ofMillis(200));
        failures.failed(address, now);
        assertThat(failures.delayFor(address, now)).isEqualTo(Duration.ofMillis(400));
        failures.failed(address, now);
        assertThat(failures.delayFor(address, now)).isEqualTo(Duration.ofMillis(700));
        // Another address is not slowed down by this one.
        assertThat(failures.delayFor("203.0.113.9", now)).isZero();
        // Once the window has passed, the address starts clean.
        assertThat(failures.delayFor(address, now.plus(Duration.ofMinutes(16)))).isZero();

        assertThat(entriesFrom(address, AuditActions.AUTHENTICATION_FAILED)).hasSize(1);
        List<AuditEntry> throttled = entriesFrom(address, AuditActions.AUTHENTICATION_THROTTLED);
        assertThat(throttled).hasSize(1);
        assertThat(throttled.get(0).actor).isEqualTo("unauthenticated");
        assertThat(throttled.get(0).details).contains("\"failures\":\"2\"");
    }

    @Test
    void afterAMinuteTheCountSinceTheLastEntryIsAudited() {
        FailedAuthentications failures =
                new FailedAuthentications(audit, Duration.ofMinutes(15), 100, Duration.ofSeconds(5));
        String address = "192.0.2." + (System.nanoTime() % 200 + 1);
        Instant now = Instant.parse("2026-11-30T11:00:00Z");
        for (int i = 0; i < 10; i++) {
            failures.failed(address, now.plusSeconds(i));
        }
        failures.failed(address, now.plusSeconds(61));

        List<AuditEntry> failed = entriesFrom(address, AuditActions.AUTHENTICATION_FAILED);
        assertThat(failed).hasSize(2);
        // Newest first: the second entry counts the ten failures since the first one.
        assertThat(failed.get(0).details).contains("\"failures\":\"10\"");
        assertThat(failed.get(1).details).contains("\"failures\":\"1\"");
    }
}
