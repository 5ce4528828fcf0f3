package dev.outpost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {
    @Test
    void bodiesAreReadOnlyOnceTheirBytesAreReservedAndWaitInOrderOtherwise() {
        BodyBudget budget = new BodyBudget(100, 40);
        assertThat(budget.tryReserve("a", 40)).isTrue();
        assertThat(budget.tryReserve("b", 40)).isTrue();
        // 80 held: 30 more do not fit; the body waits unread.
        assertThat(budget.tryReserve("c", 30)).isFalse();
        List<String> admitted = new ArrayList<>();
        BodyBudget.Waiter c = budget.await("c", 30, () -> admitted.add("c"));
        budget.await("d", 10, () -> admitted.add("d"));
        // A body that fits goes ahead: the waiting ones may wait for their own client's share.
        assertThat(budget.tryReserve("e", 10)).isTrue();
        budget.release("a", 40);
        assertThat(admitted).containsExactly("c", "d");
        assertThat(budget.held()).isEqualTo(90);
        assertThat(budget.cancel(c)).as("admitted already").isFalse();
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void oneClientHoldsAtMostHalfOfTheBudget() {
        BodyBudget budget = new BodyBudget(100, 40);
        assertThat(budget.tryReserve("greedy", 40)).isTrue();
        assertThat(budget.tryReserve("greedy", 20)).as("60 > half of 100").isFalse();
        assertThat(budget.tryReserve("other", 40)).isTrue();
        BodyBudget.Waiter waiting = budget.await("greedy", 20, () -> {
            throw new AssertionError("must not be admitted");
        });
        assertThat(budget.cancel(waiting)).isTrue();
        budget.release("other", 40);
        budget.release("greedy", 40);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aBudgetSmallerThanOneBodyIsAConfigurationError() {
        assertThatThrownBy(() -> new BodyBudget(0, 1)).hasMessageContaining("outpost.http.max-buffered-body-bytes");
        assertThatThrownBy(() -> new BodyBudget(10, 20)).hasMessageContaining("outpost.http.max-body-bytes");
    }

    @Test
    void connectionsAreCountedPerClientAndFreedOnClose() {
        ClientConnections connections = new ClientConnections(2);
        assertThat(connections.tryOpen("10.0.0.1")).isTrue();
        assertThat(connections.tryOpen("10.0.0.1")).isTrue();
        assertThat(connections.tryOpen("10.0.0.1")).isFalse();
        assertThat(connections.tryOpen("10.0.0.2")).isTrue();
        connections.closed("10.0.0.1");
        assertThat(connections.tryOpen("10.0.0.1")).isTrue();
        connections.closed("10.0.0.1");
        connections.closed("10.0.0.1");
        assertThat(connections.openBy("10.0.0.1")).isZero();
        assertThatThrownBy(() -> new ClientConnections(0))
                .hasMessageContaining("outpost.http.max-connections-per-client");
    }
}
