package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReputationRecordTest {
    private static final Verdict MALWARE = new Verdict(Category.MALWARE, null, null, null, 0);

    @Test
    void aKeyedRecordNeedsAKeyOfItsSpacesLength() {
        assertThat(new ReputationRecord.Keyed(KeySpace.DOMAIN_SHA256, new byte[DomainKey.LENGTH], MALWARE).kind())
                .isEqualTo(ObjectKind.DOMAIN);
        assertThatThrownBy(() -> new ReputationRecord.Keyed(KeySpace.URL_EXPRESSION, new byte[32], MALWARE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("invalid-record");
                    assertThat(e.input()).isEqualTo("url-expression");
                });
        assertThatThrownBy(() -> new ReputationRecord.Keyed(KeySpace.FILE_SHA256, new byte[32], MALWARE))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ReputationRecord.File(null, MALWARE)).isInstanceOf(InvalidInputException.class);
    }
}
