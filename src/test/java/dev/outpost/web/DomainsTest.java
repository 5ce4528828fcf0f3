package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.InvalidInputException;

/** Domain canonicalization: its canonical form is a fixed point, and never an address. */
class DomainsTest {
    /** Found by WebFuzzTest#domain: "³" maps to "3" (NFKC), which is the address 0.0.0.3. */
    @Test
    void aNameThatMapsToAnAddressIsRefusedAsAnAddressIs() {
        assertThatThrownBy(() -> Domains.canonical("3")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Domains.canonical("\u00b3"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an IP address is not a domain");
        assertThat(Domains.canonical("Evil.Example.")).isEqualTo("evil.example");
        assertThat(Domains.canonical("dead.beef")).isEqualTo("dead.beef");
    }
}
