package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.InvalidInputException;

/** The store's values refuse what they cannot hold with the project's own exception, naming the value. */
class StoreValuesTest {
    @Test
    void tuningOutOfRangeIsInvalidConfiguration() {
        assertThatThrownBy(() -> new StoreTuning(1024, 10, 16 * 1024, -1, false, 25))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("invalid-config");
                    assertThat(e.detail()).isEqualTo("outpost.store.block-cache-bytes must be at least 1 MiB");
                    assertThat(e.input()).isEqualTo("1024");
                });
        assertThatThrownBy(() -> new StoreTuning(64L << 20, 0, 16 * 1024, -1, false, 25))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new StoreTuning(64L << 20, 10, 100, -1, false, 25))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new StoreTuning(64L << 20, 10, 16 * 1024, -1, false, 41))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.detail())
                        .isEqualTo("outpost.store.prefix-set-heap-percent must be between 0 and 40"));
        assertThat(new StoreTuning(64L << 20, 10, 16 * 1024, -1, false, 25).prefixSetBudgetBytes(192L << 20))
                .isEqualTo((192L << 20) / 100 * 25);
    }

    @Test
    void datasetInfoWithoutItsProvenanceIsInvalid() {
        assertThatThrownBy(() ->
                        new DatasetInfo("demo", 0, Instant.EPOCH, null, Instant.EPOCH, null, List.of(), Map.of(), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-dataset-info"));
    }
}
