package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {
    @Test
    void readersPauseWhenTheBudgetIsSpentAndResumeInTurnAsItIsGivenBack() {
        BodyBudget budget = new BodyBudget(100);
        assertThat(budget.take(60)).isTrue();
        assertThat(budget.take(50)).isFalse();
        List<String> resumed = new ArrayList<>();
        budget.whenAvailable(() -> resumed.add("first"));
        budget.whenAvailable(() -> resumed.add("second"));
        assertThat(resumed).isEmpty();
        budget.give(5); // 105: still spent
        assertThat(resumed).isEmpty();
        budget.give(50); // 55: room again, every waiter is woken in order
        assertThat(resumed).containsExactly("first", "second");
        assertThat(budget.held()).isEqualTo(55);
        budget.whenAvailable(() -> resumed.add("at once"));
        assertThat(resumed).endsWith("at once");
    }

    @Test
    void aNonPositiveBudgetIsAConfigurationError() {
        assertThatThrownBy(() -> new BodyBudget(0)).hasMessageContaining("outpost.http.max-buffered-body-bytes");
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
