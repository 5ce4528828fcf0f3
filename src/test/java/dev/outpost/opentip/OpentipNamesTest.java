package dev.outpost.opentip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.Category;

/** Outpost's verdicts in OpenTIP's words (docs/opentip.md). */
class OpentipNamesTest {
    @Test
    void hitsCountGoesDownToAPowerOfTen() {
        assertThat(OpentipNames.hitsCount(0)).isNull();
        assertThat(OpentipNames.hitsCount(1)).isEqualTo(1);
        assertThat(OpentipNames.hitsCount(9)).isEqualTo(1);
        assertThat(OpentipNames.hitsCount(10)).isEqualTo(10);
        assertThat(OpentipNames.hitsCount(99)).isEqualTo(10);
        assertThat(OpentipNames.hitsCount(1_500_000)).isEqualTo(1_000_000);
        assertThat(OpentipNames.hitsCount(99_000_000)).isEqualTo(10_000_000);
        assertThat(OpentipNames.hitsCount(Long.MAX_VALUE)).isEqualTo(1_000_000_000_000_000_000L);
    }

    @Test
    void everyVerdictHasAFileStatusAndCleanObjectsNoCategory() {
        for (Category category : Category.values()) {
            assertThat(OpentipNames.fileStatus(category)).isNotBlank();
            assertThat(OpentipNames.category(category) == null)
                    .as(category.name())
                    .isEqualTo(category.zone() == dev.outpost.reputation.Zone.GREEN
                            || category.zone() == dev.outpost.reputation.Zone.GREY);
        }
        assertThat(OpentipNames.fileStatus(Category.PHISHING)).isEqualTo("Malware");
        assertThat(OpentipNames.fileStatus(Category.RISKWARE)).isEqualTo("Adware and other");
        assertThat(OpentipNames.fileStatus(Category.TRUSTED)).isEqualTo("Clean");
    }
}
