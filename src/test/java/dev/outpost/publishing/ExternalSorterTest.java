package dev.outpost.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.KeySpace;

/**
 * The external sort on its own, with a budget of 64 KiB and a fan-in of 3, so that a few tens of
 * thousands of entries make dozens of runs and several merge passes: the order must be exactly that
 * of a stable in-memory sort by key space and unsigned key.
 */
class ExternalSorterTest {
    private static final SortSettings TINY = new SortSettings(SortSettings.MIN_MEMORY_BYTES, null, 3);

    @TempDir
    Path dir;

    /** One entry as added: its value carries its insertion number, so stability can be checked. */
    private record Added(KeySpace space, byte[] key, int number, byte[] value) {}

    @Test
    void mergesDozensOfRunsInSeveralPassesIntoKeyOrderKeepingEqualKeysInInsertionOrder() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        List<Added> added = new ArrayList<>();
        // Few distinct keys per space, so that most keys repeat, across runs and within them.
        for (int i = 0; i < 40_000; i++) {
            KeySpace space = KeySpace.values()[random.nextInt(KeySpace.values().length)];
            byte[] key = new byte[space.keyLength()];
            new SplittableRandom(random.nextInt(3_000)).nextBytes(key);
            added.add(new Added(space, key, i, value(i, random.nextInt(1, 120))));
        }

        List<Added> sorted = sortExternally(added, TINY);

        assertThat(sorted).map(Added::number).containsExactlyElementsOf(stableSort(added));
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void theStatisticsShowSpilledRunsAndIntermediateMerges() throws IOException {
        List<Added> added = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            added.add(new Added(KeySpace.FILE_SHA256, key, i, value(i, 10)));
        }
        try (TempFiles temp = new TempFiles()) {
            ExternalSorter sorter = new ExternalSorter(TINY.withTempDirectory(dir), temp);
            for (Added entry : added) {
                sorter.add(entry.space(), entry.key(), entry.value());
            }
            try (EntryCursor cursor = sorter.sorted()) {
                long count = 0;
                while (cursor.next()) {
                    count++;
                }
                assertThat(count).isEqualTo(added.size());
            }
            SortStatistics statistics = sorter.statistics();
            assertThat(statistics.entries()).isEqualTo(added.size());
            assertThat(statistics.runs()).isGreaterThan(9);
            // With a fan-in of 3, only merges leave at most two runs beside the buffer.
            assertThat(statistics.intermediateMerges()).isGreaterThanOrEqualTo(statistics.runs() / 2 - 1);
            assertThat(statistics.spillBytesWritten()).isGreaterThan(statistics.peakSpillBytes());
            assertThat(files(dir)).isNotEmpty();
        }
        assertThat(files(dir))
                .as("closing deletes the runs and their directory")
                .isEmpty();
    }

    @Test
    void ordersKeysThatShareLongPrefixesAndDifferOnlyAtTheEnd() throws IOException {
        // IP range keys: family, ten zero bytes and ffff for IPv4, so the first 29 bits never differ.
        List<Added> added = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 30_000; i++) {
            byte[] key = new byte[KeySpace.IP_RANGE.keyLength()];
            key[0] = 4;
            key[11] = (byte) 0xFF;
            key[12] = (byte) 0xFF;
            key[13] = (byte) random.nextInt(3);
            key[16] = (byte) random.nextInt(256);
            key[17] = (byte) random.nextInt(1, 33);
            added.add(new Added(KeySpace.IP_RANGE, key, i, value(i, 5)));
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] key = new byte[KeySpace.FILE_SHA256.keyLength()];
            key[31] = (byte) random.nextInt(256); // equal but for the last byte
            added.add(new Added(KeySpace.FILE_SHA256, key, 30_000 + i, value(30_000 + i, 5)));
        }

        assertThat(sortExternally(added, TINY)).map(Added::number).containsExactlyElementsOf(stableSort(added));
        assertThat(sortExternally(added, SortSettings.DEFAULTS))
                .as("in memory")
                .map(Added::number)
                .containsExactlyElementsOf(stableSort(added));
    }

    @Test
    void aFanInOfTwoStillMergesEverything() throws IOException {
        List<Added> added = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[16];
            new SplittableRandom(random.nextInt(500)).nextBytes(key);
            added.add(new Added(KeySpace.FILE_MD5, key, i, value(i, 30)));
        }
        assertThat(sortExternally(added, TINY.withFanIn(2)))
                .map(Added::number)
                .containsExactlyElementsOf(stableSort(added));
    }

    private List<Added> sortExternally(List<Added> added, SortSettings settings) throws IOException {
        List<Added> sorted = new ArrayList<>();
        try (TempFiles temp = new TempFiles()) {
            ExternalSorter sorter = new ExternalSorter(settings.withTempDirectory(dir), temp);
            for (Added entry : added) {
                sorter.add(entry.space(), entry.key(), entry.value());
            }
            try (EntryCursor cursor = sorter.sorted()) {
                while (cursor.next()) {
                    byte[] value = Arrays.copyOf(cursor.value(), cursor.valueLength());
                    int number = ByteBuffer.wrap(value).getInt();
                    Added original = added.get(number);
                    assertThat(cursor.space()).isEqualTo(original.space());
                    assertThat(cursor.key()).isEqualTo(original.key());
                    assertThat(value).isEqualTo(original.value());
                    sorted.add(original);
                }
            }
        }
        return sorted;
    }

    /** The reference: Java's List.sort is a stable merge sort. */
    private static List<Integer> stableSort(List<Added> added) {
        List<Added> copy = new ArrayList<>(added);
        copy.sort(Comparator.comparingInt((Added a) -> a.space().ordinal())
                .thenComparing(Added::key, Arrays::compareUnsigned));
        return copy.stream().map(Added::number).toList();
    }

    private static byte[] value(int number, int length) {
        byte[] value = new byte[Math.max(4, length)];
        ByteBuffer.wrap(value).putInt(number);
        return value;
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(p -> !p.equals(directory)).toList();
        }
    }
}
