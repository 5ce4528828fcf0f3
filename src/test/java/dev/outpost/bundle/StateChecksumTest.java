package dev.outpost.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

class StateChecksumTest {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    @TempDir
    Path dir;

    private static byte[] key(Random random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    private static byte[] value(byte[] key, int nameId) {
        return RecordCodec.encodeFile(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, key)),
                new Verdict(Category.MALWARE, nameId < 0 ? null : "x", null, null, 7),
                nameId,
                HashType.SHA256);
    }

    @Test
    void isTheDocumentedSumOfEntryHashes() throws Exception {
        Random random = new Random(1);
        List<String> names = List.of("Trojan.A", "Worm.B");
        StateChecksum checksum = new StateChecksum();
        BigInteger expected = BigInteger.ZERO;
        for (int i = 0; i < 1_000; i++) {
            byte[] key = key(random);
            int nameId = i % 3 - 1;
            byte[] value = value(key, nameId);
            checksum.add(KeySpace.FILE_SHA256, key, value, value.length, names);
            // The FORMAT.md definition, written out independently of the implementation.
            MessageDigest entry = MessageDigest.getInstance("SHA-256");
            entry.update("file-sha256".getBytes(StandardCharsets.US_ASCII));
            entry.update((byte) 0);
            entry.update(key);
            entry.update(value[0]);
            if (nameId < 0) {
                entry.update((byte) 0);
            } else {
                byte[] name = names.get(nameId).getBytes(StandardCharsets.UTF_8);
                entry.update((byte) (name.length + 1));
                entry.update(name);
            }
            entry.update(value, 2, value.length - 2);
            expected = expected.add(new BigInteger(1, entry.digest())).mod(MODULUS);
        }
        String state = checksum.state();
        assertThat(new BigInteger(state.substring(0, 64), 16)).isEqualTo(expected);
        assertThat(Long.parseLong(state.substring(64), 16)).isEqualTo(1_000);
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        outer.update("OUTPOST-STATE-V1\n".getBytes(StandardCharsets.US_ASCII));
        outer.update(HexFormat.of().parseHex(state));
        assertThat(checksum.sha256()).isEqualTo(HexFormat.of().formatHex(outer.digest()));
    }

    @Test
    void removingWhatWasAddedRestoresTheStateInAnyOrder() {
        Random random = new Random(2);
        List<String> names = List.of("Trojan.A");
        StateChecksum checksum = new StateChecksum();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add(key(random));
            byte[] value = value(keys.get(i), 0);
            checksum.add(KeySpace.FILE_SHA256, keys.get(i), value, value.length, names);
        }
        String before = checksum.state();
        List<byte[]> extra = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            extra.add(key(random));
            byte[] value = value(extra.get(i), -1);
            checksum.add(KeySpace.FILE_SHA256, extra.get(i), value, value.length, names);
        }
        assertThat(checksum.state()).isNotEqualTo(before);
        for (int i = extra.size() - 1; i >= 0; i -= 2) {
            byte[] value = value(extra.get(i), -1);
            checksum.remove(KeySpace.FILE_SHA256, extra.get(i), value, value.length, names);
        }
        for (int i = 0; i < extra.size(); i += 2) {
            byte[] value = value(extra.get(i), -1);
            checksum.remove(KeySpace.FILE_SHA256, extra.get(i), value, value.length, names);
        }
        assertThat(checksum.state()).isEqualTo(before);
        assertThat(StateChecksum.fromState(before).sha256()).isEqualTo(checksum.sha256());
    }

    @Test
    void dependsOnTheThreatNameNotOnItsDictionaryId() {
        byte[] key = key(new Random(3));
        StateChecksum first = new StateChecksum();
        byte[] asFirstName = value(key, 0);
        first.add(KeySpace.FILE_SHA256, key, asFirstName, asFirstName.length, List.of("Trojan.A"));
        StateChecksum second = new StateChecksum();
        byte[] asSecondName = value(key, 1);
        second.add(KeySpace.FILE_SHA256, key, asSecondName, asSecondName.length, List.of("Worm.B", "Trojan.A"));
        StateChecksum otherName = new StateChecksum();
        otherName.add(KeySpace.FILE_SHA256, key, asFirstName, asFirstName.length, List.of("Worm.B"));

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(otherName.sha256()).isNotEqualTo(first.sha256());
    }

    @Test
    void bundlesOfTheSameRecordsCarryTheSameStateWhateverTheirNameOrder() throws IOException {
        List<ReputationRecord> records = new ArrayList<>();
        records.add(TestBundles.eicar());
        for (int i = 0; i < 50; i++) {
            records.add(TestBundles.file(i, Category.MALWARE));
        }
        TestBundles keys = new TestBundles();
        Manifest forward = build(records, keys, dir.resolve("forward.bundle"));
        Manifest backward = build(reversed(records), keys, dir.resolve("backward.bundle"));

        assertThat(Files.readAllBytes(dir.resolve("forward.bundle")))
                .as("different name dictionaries")
                .isNotEqualTo(Files.readAllBytes(dir.resolve("backward.bundle")));
        assertThat(forward.stateSha256()).isNotNull().isEqualTo(backward.stateSha256());
    }

    private static List<ReputationRecord> reversed(List<ReputationRecord> records) {
        List<ReputationRecord> copy = new ArrayList<>(records);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Manifest build(List<ReputationRecord> records, TestBundles keys, Path file) throws IOException {
        BundleWriter writer = new BundleWriter();
        records.forEach(writer::add);
        return writer.write(file, "test", 1, TestBundles.CREATED, TestBundles.EXPIRES, Signers.of(keys.key));
    }
}
