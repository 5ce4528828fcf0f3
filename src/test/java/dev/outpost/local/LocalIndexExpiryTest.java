package dev.outpost.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.Verdict;

/** An expired local verdict stops applying at its instant, without a reload (issue 14). */
class LocalIndexExpiryTest {
    private static LocalIndex.Entry entry(long id, String domain, long expiresAtMillis) {
        return new LocalIndex.Entry(
                id,
                LocalKind.DOMAIN,
                domain,
                new Verdict(Category.MALWARE, null, null, null, 0),
                "alice",
                expiresAtMillis);
    }

    private static LocalIndex.Entry find(LocalIndex index, String domain) {
        return index.find(KeySpace.DOMAIN_SHA256, DomainKey.of(domain));
    }

    @Test
    void anEntryPastItsExpiryIsNotFoundEvenThoughTheIndexStillHoldsIt() {
        long now = System.currentTimeMillis();
        LocalIndex index = LocalIndex.ofEntries(List.of(
                entry(1, "past.example", now - 1),
                entry(2, "future.example", now + 60_000),
                entry(3, "never.example", LocalIndex.NEVER)));
        assertThat(index.size()).isEqualTo(3);
        assertThat(find(index, "past.example")).isNull();
        assertThat(find(index, "future.example")).isNotNull();
        assertThat(find(index, "never.example")).isNotNull();
        assertThat(index.nextExpiryMillis()).isEqualTo(now - 1);
    }

    @Test
    void anEntryStopsApplyingAtTheInstantItExpires() throws InterruptedException {
        find(LocalIndex.EMPTY, "warm.example"); // classes loaded before the clock starts
        long expiry = System.currentTimeMillis() + 2_000;
        LocalIndex index = LocalIndex.ofEntries(List.of(entry(1, "soon.example", expiry)));
        assertThat(find(index, "soon.example")).isNotNull();
        while (System.currentTimeMillis() < expiry) {
            Thread.sleep(10);
        }
        assertThat(find(index, "soon.example")).isNull();
    }

    @Test
    void loadingLeavesExpiredRowsOutAndNamesTheNextExpiry() {
        Instant now = Instant.now();
        LocalVerdict expired = row(1, "old.example", now.minusSeconds(1));
        LocalVerdict soon = row(2, "soon.example", now.plusSeconds(30));
        LocalVerdict later = row(3, "later.example", now.plusSeconds(90));
        LocalVerdict never = row(4, "never.example", null);
        LocalIndex index = LocalIndex.of(List.of(expired, soon, later, never), now);
        assertThat(index.size()).isEqualTo(3);
        assertThat(find(index, "old.example")).isNull();
        assertThat(index.nextExpiryMillis()).isEqualTo(now.plusSeconds(30).toEpochMilli());
        assertThat(LocalIndex.of(List.of(never), now).nextExpiryMillis()).isEqualTo(LocalIndex.NEVER);
    }

    private static LocalVerdict row(long id, String domain, Instant expiresAt) {
        LocalVerdict row = new LocalVerdict();
        row.id = id;
        row.kind = "domain";
        row.subject = domain;
        row.category = "MALWARE";
        row.createdBy = "alice";
        row.createdAt = Instant.now();
        row.expiresAt = expiresAt;
        return row;
    }
}
