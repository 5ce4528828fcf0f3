package dev.outpost.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.outpost.io.RejectedException;

class RootSectionTest {
    private final SignedRoot root = SignedRoot.sign(
            new RootDocument(
                    RootDocument.TYPE,
                    1,
                    Instant.parse("2030-01-01T00:00:00Z"),
                    List.of(RootDocument.encodeKey(KeyFiles.generate().getPublic())),
                    1,
                    List.of(RootDocument.encodeKey(KeyFiles.generate().getPublic())),
                    1),
            List.of(KeyFiles.generate(), KeyFiles.generate()));

    private static void assertMalformed(byte[] section, String detail) {
        assertThatThrownBy(() -> RootSection.decode(section)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo("malformed-roots");
            assertThat(e.detail()).contains(detail);
        });
    }

    @Test
    void roundTripsSignedRoots() {
        List<SignedRoot> decoded = RootSection.decode(RootSection.encode(List.of(root, root)));

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(1).document()).isEqualTo(root.document());
        assertThat(decoded.get(1).signatures()).hasSize(2);
        assertThat(decoded.get(1).signatures().get(1).keyId())
                .isEqualTo(root.signatures().get(1).keyId());
        assertThat(decoded.get(1).signatures().get(1).signature())
                .isEqualTo(root.signatures().get(1).signature());
    }

    @Test
    void rejectsASectionCutShort() {
        byte[] section = RootSection.encode(List.of(root));
        assertMalformed(Arrays.copyOf(section, section.length - 1), "ends inside");
    }

    @Test
    void rejectsBytesAfterTheLastRoot() {
        byte[] section = RootSection.encode(List.of(root));
        assertMalformed(Arrays.copyOf(section, section.length + 1), "after its last root");
    }

    @Test
    void rejectsMoreRootsThanTheLimit() {
        assertMalformed(ByteBuffer.allocate(2).putShort((short) 33).array(), "above the limit of 32");
        assertThatThrownBy(() -> RootSection.encode(Collections.nCopies(33, root)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsADocumentLengthBeyondTheSection() {
        byte[] section =
                ByteBuffer.allocate(6).putShort((short) 1).putInt(1 << 20).array();
        assertMalformed(section, "declares 1048576 bytes");
    }

    @Test
    void rejectsARootWithoutSignaturesOrWithTooMany() {
        byte[] document = root.document();
        for (int count : new int[] {0, 17}) {
            ByteBuffer section = ByteBuffer.allocate(2 + 4 + document.length + 2 + count * 96);
            section.putShort((short) 1).putInt(document.length).put(document).putShort((short) count);
            assertMalformed(section.array(), "has " + count + " signatures");
        }
    }
}
