package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {
    @Test
    void detectsTheTypeFromTheLength() {
        assertThat(Hash.parse("44d88612fea8a8f36de82e1278abb02f").type()).isEqualTo(HashType.MD5);
        assertThat(Hash.parse("3395856ce81f2b7382dee72602f798b642f14140").type())
                .isEqualTo(HashType.SHA1);
        assertThat(Hash.parse("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f")
                        .type())
                .isEqualTo(HashType.SHA256);
    }

    @Test
    void isCaseInsensitiveAndPrintsLowercase() {
        Hash upper = Hash.parse("44D88612FEA8A8F36DE82E1278ABB02F");
        assertThat(upper).isEqualTo(Hash.parse("44d88612fea8a8f36de82e1278abb02f"));
        assertThat(upper.hex()).isEqualTo("44d88612fea8a8f36de82e1278abb02f");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "44d88612fea8a8f36de82e1278abb02", "44d88612fea8a8f36de82e1278abb02f0"})
    void rejectsWrongLengths(String input) {
        assertThatThrownBy(() -> Hash.parse(input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-hash"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "44d88612fea8a8f36de82e1278abb02g",
                " 4d88612fea8a8f36de82e1278abb02f",
                // Fullwidth and Arabic-Indic digits pass Character.digit but are not hex.
                "\uFF14\uFF14d88612fea8a8f36de82e1278abb02f",
                "\u0664\u0664d88612fea8a8f36de82e1278abb02f"
            })
    void rejectsNonHexCharacters(String input) {
        assertThatThrownBy(() -> Hash.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hex");
    }

    @Test
    void certificateLookupsRequireSha256() {
        assertThatThrownBy(() -> Hash.parse("44d88612fea8a8f36de82e1278abb02f", HashType.SHA256))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void echoesAtMost256CharactersOfHostileInput() {
        String huge = "z".repeat(1_000_000);
        assertThatThrownBy(() -> Hash.parse(huge))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.input()).hasSize(257));
    }

    @Test
    void digestBytesOfTheWrongLengthAreInvalidInput() {
        assertThatThrownBy(() -> Hash.ofBytes(HashType.SHA256, new byte[16]))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-hash"));
    }
}
