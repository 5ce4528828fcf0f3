package dev.outpost.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.InvalidInputException;

class BundleLimitsTest {
    @Test
    void limitsThatAdmitNothingAreInvalidConfiguration() {
        assertThatThrownBy(() -> new BundleLimits(0, 1, 1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-config"));
        assertThatThrownBy(() -> new BundleLimits(1 << 20, 1, 1, Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.detail())
                        .isEqualTo("the clock skew tolerance must be zero or more"));
    }
}
