package dev.outpost.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.PartEntries;
import dev.outpost.bundle.PartReader;
import dev.outpost.io.RejectedException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;

/**
 * The parts of a verified bundle (offline-bundles/FORMAT.md, "Parts"): the threat name dictionary and
 * the record parts, read through the one reader that full imports, deltas and re-reads share. Each
 * input's part is declared with its own digest, as a signed manifest would declare it, so that the
 * fuzzer's bytes are decoded instead of failing the digest. Refusals are {@link RejectedException};
 * a value the import path accepts must also decode ({@link RecordCodec#decode}), since lookups
 * decode what imports accepted.
 *
 * <p>The record harnesses take a small header before the part's bytes, so that one input names
 * everything the reader is given:
 *
 * <pre>
 * records:     byte 0 key space (mod 7), byte 1 flags (bit 0 keys only, as removal parts;
 *              bit 1 listed domain names allowed), byte 2 dictionary size, bytes 3-4 entries (u16), part
 * recordValue: byte 0 key space (mod 7), byte 1 dictionary size, then the key, then the value
 * </pre>
 */
class PartsFuzzTest {
    private static final KeySpace[] SPACES = KeySpace.values();

    /** The names part; the entry count is its first byte, the rest is the part. */
    @FuzzTest
    void names(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        Manifest.Part part = part(BundleFormat.NAMES_PART, bytes, input[0] & 0xFF);
        List<String> names;
        try (FileChannel file = open("names.part", bytes)) {
            names = PartReader.readNames(new PartReader(file, 0, part), part);
        } catch (RejectedException refused) {
            return;
        }
        assertThat(names).hasSize(input[0] & 0xFF);
    }

    @FuzzTest
    void records(byte[] input) throws IOException {
        if (input.length < 5) {
            return;
        }
        KeySpace space = SPACES[(input[0] & 0xFF) % SPACES.length];
        boolean keysOnly = (input[1] & 1) != 0;
        boolean listedNames = (input[1] & 2) != 0;
        int nameCount = input[2] & 0xFF;
        int entries = ((input[3] & 0xFF) << 8) | (input[4] & 0xFF);
        byte[] bytes = Arrays.copyOfRange(input, 5, input.length);
        String name = keysOnly ? Manifest.REMOVE_PREFIX + space.id() : space.id();
        Manifest.Part part = part(name, bytes, entries);
        String[] names = names(nameCount);
        try (FileChannel file = open("records.part", bytes)) {
            PartEntries read =
                    new PartEntries(new PartReader(file, 0, part), part, space, nameCount, !keysOnly, listedNames);
            while (read.next()) {
                if (!keysOnly) {
                    byte[] key = read.key().clone();
                    byte[] value = Arrays.copyOf(read.value(), read.length());
                    assertThatCode(() -> RecordCodec.decode(space, key, value, names))
                            .as("%s %s = %s is accepted by the import path", space, hex(key), hex(value))
                            .doesNotThrowAnyException();
                }
            }
            read.finish();
            assertThat(read.read()).isEqualTo((long) entries);
        } catch (RejectedException refused) {
            // The documented refusal of a part.
        }
    }

    /** One value: the import path's check and the lookup path's decoder must agree on every value. */
    @FuzzTest
    void recordValue(byte[] input) {
        if (input.length < 2) {
            return;
        }
        KeySpace space = SPACES[(input[0] & 0xFF) % SPACES.length];
        int nameCount = input[1] & 0xFF;
        if (input.length < 2 + space.keyLength()) {
            return;
        }
        byte[] key = Arrays.copyOfRange(input, 2, 2 + space.keyLength());
        byte[] value = Arrays.copyOfRange(input, 2 + space.keyLength(), input.length);
        String validated = verdict(() -> RecordCodec.validate(space, key, value, value.length, nameCount));
        String decoded = verdict(() -> RecordCodec.decode(space, key, value, names(nameCount)));
        assertThat(validated == null)
                .as(
                        "validate (%s) and decode (%s) agree on %s %s = %s",
                        validated, decoded, space, hex(key), hex(value))
                .isEqualTo(decoded == null);
    }

    /** Null if {@code check} accepted, the refusal's detail if it threw the documented exception. */
    private static String verdict(Runnable check) {
        try {
            check.run();
            return null;
        } catch (RecordCodec.CorruptRecordException corrupt) {
            return corrupt.detail();
        }
    }

    private static Manifest.Part part(String name, byte[] bytes, long entries) {
        return new Manifest.Part(
                name,
                bytes.length,
                HexFormat.of().formatHex(BundleFormat.sha256().digest(bytes)),
                entries);
    }

    private static FileChannel open(String name, byte[] bytes) throws IOException {
        return FileChannel.open(Scratch.write(name, bytes), StandardOpenOption.READ);
    }

    private static String[] names(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "Threat." + i;
        }
        return names;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
