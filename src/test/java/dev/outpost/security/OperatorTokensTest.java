package dev.outpost.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Operator tokens: deny by default, only configured digests admit, the token is never echoed. */
class OperatorTokensTest {
    private static String entry(String name, String token) {
        return name + ":" + HexFormat.of().formatHex(OperatorTokens.sha256(token));
    }

    @Test
    void withoutConfiguredTokensTheApiIsOffForEveryone() {
        OperatorTokens tokens = new OperatorTokens(Optional.empty());
        assertThatThrownBy(() -> tokens.authenticate("Bearer anything"))
                .isInstanceOf(OperatorAccessException.Disabled.class);
        assertThatThrownBy(() -> tokens.authenticate(null)).isInstanceOf(OperatorAccessException.Disabled.class);
    }

    @Test
    void aConfiguredTokenNamesItsOperatorAndNothingElseDoes() {
        OperatorTokens tokens = new OperatorTokens(Optional.of(List.of(entry("alice", "a-secret"), entry("bob", "b"))));
        assertThat(tokens.authenticate("Bearer a-secret")).isEqualTo("alice");
        assertThat(tokens.authenticate("Bearer b")).isEqualTo("bob");
        for (String bad : new String[] {
            null,
            "",
            "Bearer",
            "Bearer ",
            "bearer a-secret",
            "Basic YTpi",
            "Bearer a-secret2",
            "Bearer A-SECRET",
            "Bearer " + "x".repeat(10_000)
        }) {
            assertThatThrownBy(() -> tokens.authenticate(bad))
                    .as("%s", bad)
                    .isInstanceOf(OperatorAccessException.Unauthorized.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a-secret"));
        }
    }

    @Test
    void malformedConfigurationIsRefusedAtStart() {
        for (String bad :
                new String[] {"alice", "alice:", ":" + "0".repeat(64), "alice:xyz", "al ice:" + "0".repeat(64)}) {
            assertThatThrownBy(() -> new OperatorTokens(Optional.of(List.of(bad))))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new OperatorTokens(Optional.of(List.of(entry("a", "1"), entry("a", "2")))))
                .hasMessageContaining("twice");
    }
}
