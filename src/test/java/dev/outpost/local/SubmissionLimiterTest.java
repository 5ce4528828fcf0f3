package dev.outpost.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The submitters' token buckets, on a clock the test moves. */
class SubmissionLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SubmissionLimiter limiter = new SubmissionLimiter(10_000, 100, nanos::get);

    @Test
    void aFullBucketTakesOneFullRequestThenRefusesWithTheTimeUntilEnoughHaveComeBack() {
        limiter.acquire("sandbox", 10_000);
        assertThatThrownBy(() -> limiter.acquire("sandbox", 500))
                .isInstanceOfSatisfying(LocalVerdictException.RateLimited.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(e.problemType()).isEqualTo("rate-limited");
                });
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThatCode(() -> limiter.acquire("sandbox", 500)).doesNotThrowAnyException();
    }

    @Test
    void aRefusedRequestTakesNothingAndEachSubmitterHasItsOwnBucket() {
        limiter.acquire("sandbox", 9_990);
        assertThatThrownBy(() -> limiter.acquire("sandbox", 20)).isInstanceOf(LocalVerdictException.RateLimited.class);
        assertThatCode(() -> limiter.acquire("sandbox", 10)).doesNotThrowAnyException();
        assertThatCode(() -> limiter.acquire("edr", 10_000)).doesNotThrowAnyException();
    }

    @Test
    void theBucketNeverHoldsMoreThanItsSize() {
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        limiter.acquire("sandbox", 10_000);
        assertThatThrownBy(() -> limiter.acquire("sandbox", 1)).isInstanceOf(LocalVerdictException.RateLimited.class);
    }
}
