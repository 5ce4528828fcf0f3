package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.KeySpace;

/** {@link Generation#forEach}: the scan the exports read a generation with (issue 16). */
class GenerationScanTest {
    @TempDir
    Path dir;

    /** 300 keys in unsigned order, half of them with the top bit set in their first byte. */
    private static List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] key = new byte[32];
            key[0] = (byte) (i * 256 / 300);
            key[31] = (byte) i;
            keys.add(key);
        }
        keys.sort(Arrays::compareUnsigned);
        return keys;
    }

    private static GenerationStore storeWith(Path dir, List<byte[]> keys) {
        GenerationStore store = GenerationStores.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        try (GenerationBuilder builder = store.newGeneration(1)) {
            try (GenerationBuilder.PartWriter part = builder.openPart(KeySpace.FILE_SHA256)) {
                for (byte[] key : keys) {
                    part.put(key, new byte[] {key[31], 1});
                }
                part.finish();
            }
            builder.seal(
                    new DatasetInfo(
                            "test",
                            1,
                            Instant.parse("2026-01-01T00:00:00Z"),
                            Instant.parse("2027-01-01T00:00:00Z"),
                            Instant.now(),
                            "00",
                            List.of("k"),
                            Map.of("files", (long) keys.size(), "certificates", 0L),
                            null),
                    List.of());
            store.activate(builder);
        }
        return store;
    }

    @Test
    void visitsEveryEntryOnceInUnsignedKeyOrderWithItsValue() {
        List<byte[]> keys = keys();
        try (GenerationStore store = storeWith(dir, keys);
                Generation generation = store.acquire().orElseThrow()) {
            List<byte[]> seen = new ArrayList<>();
            generation.forEach(KeySpace.FILE_SHA256, (key, value) -> {
                assertThat(value).containsExactly(key[31], 1);
                seen.add(key);
            });
            assertThat(seen).hasSize(300);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(seen.get(i)).isEqualTo(keys.get(i));
            }
            // A space without entries, and one this generation holds no part for, visit nothing.
            generation.forEach(KeySpace.URL_EXPRESSION, (key, value) -> {
                throw new AssertionError("no entry expected");
            });
            generation.forEach(KeySpace.IP_RANGE, (key, value) -> {
                throw new AssertionError("no entry expected");
            });
        }
    }

    @Test
    void stopsWhenTheVisitorThrowsAndLeavesTheLeaseUsable() {
        try (GenerationStore store = storeWith(dir, keys());
                Generation generation = store.acquire().orElseThrow()) {
            int[] visited = {0};
            assertThatThrownBy(() -> generation.forEach(KeySpace.FILE_SHA256, (key, value) -> {
                        if (++visited[0] == 10) {
                            throw new IllegalStateException("client went away");
                        }
                    }))
                    .hasMessage("client went away");
            assertThat(visited[0]).isEqualTo(10);
            int[] again = {0};
            generation.forEach(KeySpace.FILE_SHA256, (key, value) -> again[0]++);
            assertThat(again[0]).isEqualTo(300);
        }
    }

    @Test
    void refusesAScanThroughAClosedLease() {
        try (GenerationStore store = storeWith(dir, keys())) {
            Generation generation = store.acquire().orElseThrow();
            generation.close();
            assertThatThrownBy(() -> generation.forEach(KeySpace.FILE_SHA256, (key, value) -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
