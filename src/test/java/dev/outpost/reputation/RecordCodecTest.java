package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final String[] NAMES = {"EICAR-Test-File", "Trojan.Win32.Generic"};
    private static final String LISTED = "evil.example";

    @Test
    void aListedDomainCarriesItsNameThroughEncoding() {
        var record = new ReputationRecord.Keyed(KeySpace.DOMAIN_SHA256, DomainKey.of(LISTED), MALWARE, LISTED);
        byte[] value = RecordCodec.encodeKeyed(record, 0);
        assertThat(RecordCodec.decode(KeySpace.DOMAIN_SHA256, DomainKey.of(LISTED), value, NAMES))
                .isEqualTo(record);
        assertThat(RecordCodec.validate(KeySpace.DOMAIN_SHA256, DomainKey.of(LISTED), value, value.length, 2))
                .isTrue();
        byte[] unnamed = RecordCodec.encodeKeyed(record.unlisted(), 0);
        assertThat(unnamed).hasSize(value.length - 1 - LISTED.length());
    }

    @Test
    void aDomainNameThatDoesNotHashToItsKeyIsCorrupt() {
        byte[] value = RecordCodec.encodeKeyed(
                new ReputationRecord.Keyed(KeySpace.DOMAIN_SHA256, DomainKey.of(LISTED), MALWARE, LISTED), 0);
        byte[] otherKey = DomainKey.of("good.example");
        assertThatThrownBy(() -> RecordCodec.decode(KeySpace.DOMAIN_SHA256, otherKey, value, NAMES))
                .hasMessageContaining("does not hash to its key");
        assertThatThrownBy(() -> RecordCodec.validate(KeySpace.DOMAIN_SHA256, otherKey, value, value.length, 2))
                .hasMessageContaining("does not hash to its key");
        // The name bit means "has MD5" to a file value and nothing to any other key space.
        assertThatThrownBy(() ->
                        RecordCodec.validate(KeySpace.URL_EXPRESSION, new byte[UrlKey.LENGTH], value, value.length, 2))
                .hasMessageContaining("file flags");
    }

    @Test
    void onlyNamesThatAZoneCanHoldAreListable() {
        for (String good : new String[] {"a.example", "xn--bcher-kva.example", "_dmarc.example", "a-b.c"}) {
            byte[] ascii = good.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(RecordCodec.isListableName(ascii, 0, ascii.length))
                    .as(good)
                    .isTrue();
        }
        String longLabel = "a".repeat(64) + ".example";
        for (String bad :
                new String[] {"*.example", "a..example", ".example", "example.", "A.example", "=1+2", longLabel}) {
            byte[] ascii = bad.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(RecordCodec.isListableName(ascii, 0, ascii.length))
                    .as(bad)
                    .isFalse();
        }
    }

    private static final FileHashes EICAR = new FileHashes(
            Hash.parse("44d88612fea8a8f36de82e1278abb02f"),
            Hash.parse("3395856ce81f2b7382dee72602f798b642f14140"),
            Hash.parse("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"));
    private static final Verdict MALWARE = new Verdict(
            Category.MALWARE, "EICAR-Test-File", LocalDate.of(2006, 5, 5), LocalDate.of(2026, 1, 1), 1500000);

    @Test
    void roundTripsAFileUnderEachOfItsDigests() {
        for (HashType type : HashType.values()) {
            byte[] value = RecordCodec.encodeFile(EICAR, MALWARE, 0, type);
            KeySpace space = KeySpace.forFileHash(type);
            ReputationRecord decoded = RecordCodec.decode(space, EICAR.get(type).bytes(), value, NAMES);
            assertThat(decoded).isEqualTo(new ReputationRecord.File(EICAR, MALWARE));
            assertThat(RecordCodec.isPrimary(value)).isEqualTo(type == HashType.SHA256);
        }
    }

    @Test
    void encodesASha256OnlyRecordCompactly() {
        FileHashes sha256Only = new FileHashes(null, null, EICAR.sha256());
        byte[] value = RecordCodec.encodeFile(
                sha256Only,
                new Verdict(
                        Category.MALWARE,
                        "Trojan.Win32.Generic",
                        LocalDate.of(2025, 1, 1),
                        LocalDate.of(2026, 1, 1),
                        1200),
                1,
                HashType.SHA256);
        // header + name id + two epoch days (3 bytes each) + popularity (2 bytes)
        assertThat(value).hasSize(10);
    }

    @Test
    void roundTripsACertificateWithoutOptionalFields() {
        Verdict trusted = new Verdict(Category.TRUSTED, null, null, null, 0);
        byte[] value = RecordCodec.encodeCertificate(trusted, -1);
        ReputationRecord decoded =
                RecordCodec.decode(KeySpace.CERT_SHA256, EICAR.sha256().bytes(), value, NAMES);
        assertThat(decoded).isEqualTo(new ReputationRecord.Certificate(EICAR.sha256(), trusted));
    }

    @Test
    void rejectsTruncatedAndOverlongValues() {
        byte[] value = RecordCodec.encodeFile(EICAR, MALWARE, 0, HashType.MD5);
        byte[] key = EICAR.md5().bytes();
        assertThatThrownBy(
                        () -> RecordCodec.decode(KeySpace.FILE_MD5, key, Arrays.copyOf(value, value.length - 1), NAMES))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
        assertThatThrownBy(
                        () -> RecordCodec.decode(KeySpace.FILE_MD5, key, Arrays.copyOf(value, value.length + 1), NAMES))
                .isInstanceOf(RecordCodec.CorruptRecordException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void rejectsUnknownCategoriesAndNameIds() {
        byte[] value = RecordCodec.encodeCertificate(new Verdict(Category.MALWARE, "x", null, null, 0), 5);
        assertThatThrownBy(() -> RecordCodec.decode(KeySpace.CERT_SHA256, new byte[32], value, NAMES))
                .hasMessageContaining("name dictionary");
        byte[] unknown = RecordCodec.encodeCertificate(new Verdict(Category.MALWARE, null, null, null, 0), -1);
        unknown[0] = (byte) ((unknown[0] & 0xF0) | 0x0E);
        assertThatThrownBy(() -> RecordCodec.decode(KeySpace.CERT_SHA256, new byte[32], unknown, NAMES))
                .hasMessageContaining("unknown verdict");
    }

    @Test
    void derivesTheZoneFromTheCategory() {
        assertThat(MALWARE.zone()).isEqualTo(Zone.RED);
        assertThat(new Verdict(Category.ADWARE, null, null, null, 0).zone()).isEqualTo(Zone.YELLOW);
        assertThat(new Verdict(Category.CLEAN, null, null, null, 0).zone()).isEqualTo(Zone.GREEN);
    }

    @Test
    void roundsPopularityToTwoSignificantFigures() {
        assertThat(Verdict.roundPopularity(7)).isEqualTo(7);
        assertThat(Verdict.roundPopularity(12_345)).isEqualTo(12_000);
        assertThat(Verdict.roundPopularity(12_678)).isEqualTo(13_000);
    }

    /** The import path's validator and the serving path's decoder must accept exactly the same values. */
    @Test
    void validateAcceptsExactlyWhatDecodeAccepts() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        int accepted = 0;
        for (int trial = 0; trial < 200_000; trial++) {
            KeySpace space = KeySpace.values()[random.nextInt(KeySpace.values().length)];
            byte[] value;
            if (random.nextBoolean()) {
                // Start from a valid value and corrupt one byte or the length.
                FileHashes hashes = new FileHashes(
                        random.nextBoolean() ? EICAR.md5() : null,
                        random.nextBoolean() ? EICAR.sha1() : null,
                        EICAR.sha256());
                value = space.kind() == ObjectKind.FILE
                        ? RecordCodec.encodeFile(hashes, MALWARE, random.nextInt(-1, 2), space.keyType())
                        : space == KeySpace.DOMAIN_SHA256 && random.nextBoolean()
                                ? RecordCodec.encodeKeyed(
                                        new ReputationRecord.Keyed(space, DomainKey.of(LISTED), MALWARE, LISTED),
                                        random.nextInt(-1, 2))
                                : RecordCodec.encodeCertificate(MALWARE, random.nextInt(-1, 2));
                int mode = random.nextInt(4);
                if (mode == 1) {
                    value[random.nextInt(value.length)] = (byte) random.nextInt(256);
                } else if (mode == 2) {
                    value = Arrays.copyOf(value, random.nextInt(value.length + 3));
                }
            } else {
                value = new byte[random.nextInt(12)];
                for (int i = 0; i < value.length; i++) {
                    value[i] = (byte) random.nextInt(256);
                }
            }
            // Named domain values validate only under their name's digest; other keys must refuse them.
            byte[] key = space == KeySpace.DOMAIN_SHA256 && random.nextBoolean()
                    ? DomainKey.of(LISTED)
                    : new byte[space.keyLength()];
            boolean decodes;
            try {
                RecordCodec.decode(space, key, value, NAMES);
                decodes = true;
            } catch (RecordCodec.CorruptRecordException e) {
                decodes = false;
            }
            boolean validates;
            try {
                RecordCodec.validate(space, key, value, value.length, NAMES.length);
                validates = true;
            } catch (RecordCodec.CorruptRecordException e) {
                validates = false;
            }
            assertThat(validates)
                    .as("value %s in %s", java.util.HexFormat.of().formatHex(value), space)
                    .isEqualTo(decodes);
            accepted += decodes ? 1 : 0;
        }
        // The generator must exercise both outcomes, or this test proves nothing.
        assertThat(accepted).isBetween(10_000, 190_000);
    }
}
