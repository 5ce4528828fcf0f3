package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.KeySpace;
import dev.outpost.store.rocksdb.RocksGenerationStore;

class RocksGenerationStoreTest {
    @TempDir
    Path dir;

    private Path generations() {
        return dir.resolve("generations");
    }

    /** Builds and activates generation {@code sequence} with keys 0..count-1 (one byte value = sequence). */
    private static void activate(GenerationStore store, long sequence, int count) {
        try (GenerationBuilder builder = store.newGeneration(sequence)) {
            try (GenerationBuilder.PartWriter part = builder.openPart(KeySpace.FILE_SHA256)) {
                for (int i = 0; i < count; i++) {
                    part.put(key(i), new byte[] {(byte) sequence});
                }
                part.finish();
            }
            builder.seal(info(sequence, count), List.of("Trojan.A"));
            store.activate(builder);
        }
    }

    private static DatasetInfo info(long sequence, long files) {
        return new DatasetInfo(
                "test",
                sequence,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                Instant.now(),
                "00",
                List.of("k"),
                Map.of("files", files, "certificates", 0L),
                null);
    }

    private static byte[] key(int i) {
        byte[] key = new byte[32];
        key[28] = (byte) (i >>> 24);
        key[29] = (byte) (i >>> 16);
        key[30] = (byte) (i >>> 8);
        key[31] = (byte) i;
        return key;
    }

    @Test
    void startsEmptyAndServesTheActivatedGeneration() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(store.acquire()).isEmpty();
            activate(store, 1, 1000);
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.info().sequence()).isEqualTo(1);
                assertThat(generation.threatNames()).containsExactly("Trojan.A");
                assertThat(generation.get(KeySpace.FILE_SHA256, key(999))).containsExactly(1);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(1000))).isNull();
                assertThat(generation.get(KeySpace.FILE_MD5, new byte[16])).isNull();
                List<byte[]> values = generation.getAll(KeySpace.FILE_SHA256, List.of(key(5), key(5000), key(7)));
                assertThat(values.get(0)).containsExactly(1);
                assertThat(values.get(1)).isNull();
                assertThat(values.get(2)).containsExactly(1);
            }
        }
    }

    @Test
    void aLargeMultiGetAnswersEveryKeyInOrderAcrossChunks() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 1000);
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 2000; i += 3) {
                keys.add(key(i)); // hits below 1000, misses above, across several native multi-gets
            }
            try (Generation generation = store.acquire().orElseThrow()) {
                List<byte[]> values = generation.getAll(KeySpace.FILE_SHA256, keys);
                assertThat(values).hasSize(keys.size());
                for (int j = 0; j < keys.size(); j++) {
                    if (j * 3 < 1000) {
                        assertThat(values.get(j)).as("key %d", j * 3).containsExactly(1);
                    } else {
                        assertThat(values.get(j)).as("key %d", j * 3).isNull();
                    }
                }
            }
        }
    }

    @Test
    void bothMetadataLayoutsReadWhatEitherWrote() {
        // A generation built with one layout must stay readable after an operator flips the setting.
        StoreTuning cached = new StoreTuning(64L << 20, 10, 4096, -1, true, 25);
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), cached)) {
            activate(store, 1, 200_000);
        }
        for (StoreTuning tuning : List.of(cached, StoreTuning.DEFAULTS)) {
            try (RocksGenerationStore store = RocksGenerationStore.open(generations(), tuning);
                    Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.get(KeySpace.FILE_SHA256, key(199_999))).containsExactly(1);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(200_000))).isNull();
                List<byte[]> values = generation.getAll(KeySpace.FILE_SHA256, List.of(key(0), key(-1), key(77_777)));
                assertThat(values.get(0)).containsExactly(1);
                assertThat(values.get(1)).isNull();
                assertThat(values.get(2)).containsExactly(1);
            }
        }
    }

    @Test
    void aLeaseKeepsItsGenerationReadableAcrossSwitches() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 10);
            try (Generation old = store.acquire().orElseThrow()) {
                activate(store, 2, 10);
                activate(store, 3, 10);
                // Generation 1 was switched out twice and its directory pruned, yet the lease still reads it.
                assertThat(old.get(KeySpace.FILE_SHA256, key(3))).containsExactly(1);
                try (Generation current = store.acquire().orElseThrow()) {
                    assertThat(current.get(KeySpace.FILE_SHA256, key(3))).containsExactly(3);
                }
            }
        }
    }

    @Test
    void keepsTheActiveAndPreviousGenerationsOnDisk() throws Exception {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 10);
            activate(store, 2, 10);
            activate(store, 3, 10);
        }
        try (var entries = Files.list(generations())) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")))
                    .containsExactlyInAnyOrder("00000000000000000002", "00000000000000000003");
        }
    }

    @Test
    void reopensWithTheActiveGenerationAndRemovesInterruptedBuilds() throws Exception {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 4, 10);
            GenerationBuilder abandoned = store.newGeneration(5);
            abandoned.openPart(KeySpace.FILE_SHA256).put(key(1), new byte[] {5});
            // Simulates a crash: the builder is never closed, its directory stays behind.
        }
        assertThat(generations().resolve("00000000000000000005.building")).exists();
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(4);
            assertThat(generations().resolve("00000000000000000005.building")).doesNotExist();
        }
    }

    /**
     * Issue 11 item 18: killed between the rename of generation 4 into place and the ACTIVE rename,
     * the store held a complete generation that nothing pointed to, for good. Recovery removes it and
     * a stale older one, keeps the active and the previous generation, and leaves alone whatever is
     * not named as a generation, including a link that is.
     */
    @Test
    void recoveryRemovesAGenerationRenamedIntoPlaceButNeverActivated() throws Exception {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 10);
            activate(store, 2, 10);
            activate(store, 3, 10);
        }
        Path scratch = dir.resolve("scratch");
        try (RocksGenerationStore other = RocksGenerationStore.open(scratch, StoreTuning.DEFAULTS)) {
            activate(other, 1, 10);
            activate(other, 4, 10);
        }
        // Exactly what activate() leaves when killed after its rename: a whole generation, not in ACTIVE.
        Files.move(scratch.resolve("00000000000000000004"), generations().resolve("00000000000000000004"));
        Files.move(scratch.resolve("00000000000000000001"), generations().resolve("00000000000000000001"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "not the store's");
        Files.createSymbolicLink(generations().resolve("00000000000000000009"), outside);
        Files.createDirectories(generations().resolve("operator-notes"));
        Files.writeString(generations().resolve("00000000000000000008"), "a file, not a generation");
        Files.createDirectories(generations().resolve("99999999999999999999"));
        assertThat(Files.readString(generations().resolve("ACTIVE")).strip()).isEqualTo("3");

        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(3);
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.get(KeySpace.FILE_SHA256, key(3))).containsExactly(3);
            }
        }
        try (var entries = Files.list(generations())) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder(
                            "ACTIVE",
                            "00000000000000000002",
                            "00000000000000000003",
                            "00000000000000000008",
                            "00000000000000000009",
                            "99999999999999999999",
                            "operator-notes");
        }
        assertThat(outside.resolve("keep.txt")).hasContent("not the store's");
        // The kept previous generation still opens: it is what a fallback would need.
        Files.writeString(generations().resolve("ACTIVE"), "2\n");
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS);
                Generation generation = store.acquire().orElseThrow()) {
            assertThat(generation.get(KeySpace.FILE_SHA256, key(3))).containsExactly(2);
        }
    }

    /**
     * Review of issue 11: an active generation that does not open may have failed for a passing
     * reason; the store falls back to the previous one and sets the newer one aside, never deletes it.
     */
    @Test
    void anActiveGenerationThatDoesNotOpenIsSetAsideNotDeleted() throws Exception {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 10);
            activate(store, 2, 10);
        }
        Path second = generations().resolve("00000000000000000002");
        try (var files = Files.list(second)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("CURRENT"))
                    .toList()) {
                Files.delete(file); // RocksDB cannot open a database without CURRENT.
            }
        }
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
        }
        assertThat(generations().resolve("00000000000000000002.damaged")).isDirectory();
        assertThat(second).doesNotExist();
        // And it stays set aside at the next start too.
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
        }
        assertThat(generations().resolve("00000000000000000002.damaged")).isDirectory();
    }

    /** Item 18 for a first import: its generation was renamed into place, but no ACTIVE was ever written. */
    @Test
    void recoveryRemovesAGenerationWhenNothingWasEverActivated() throws Exception {
        Path scratch = dir.resolve("scratch");
        try (RocksGenerationStore other = RocksGenerationStore.open(scratch, StoreTuning.DEFAULTS)) {
            activate(other, 1, 10);
        }
        Files.createDirectories(generations());
        Files.move(scratch.resolve("00000000000000000001"), generations().resolve("00000000000000000001"));

        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(store.activeInfo()).isEmpty();
            assertThat(generations().resolve("00000000000000000001")).doesNotExist();
            activate(store, 1, 10);
            assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
        }
    }

    @Test
    void refusesToActivateAGenerationThatIsNotNewer() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 3, 10);
            assertThatThrownBy(() -> activate(store, 2, 10))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("not newer");
            assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(3);
        }
    }

    @Test
    void refusesASecondOwnerOfTheSameDirectory() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            assertThat(RocksGenerationStore.isLocked(generations())).isTrue();
            assertThatThrownBy(() -> RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("in use by another Outpost process");
        }
        assertThat(RocksGenerationStore.isLocked(generations())).isFalse();
    }

    @Test
    void readOnlyOpenWorksBesideTheOwner() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 7, 10);
            try (RocksGenerationStore reader = RocksGenerationStore.openReadOnly(generations(), StoreTuning.DEFAULTS);
                    Generation generation = reader.acquire().orElseThrow()) {
                assertThat(generation.get(KeySpace.FILE_SHA256, key(2))).containsExactly(7);
                assertThatThrownBy(() -> reader.newGeneration(8)).isInstanceOf(StoreException.class);
            }
        }
    }

    /**
     * Issue 4: readers hammer single and bulk lookups while 30 generations switch under them. No
     * read may fail, and every answer, including a bulk read spanning several multi-get chunks,
     * must come whole from the one generation its lease names.
     */
    @Test
    void lookupsNeverFailNorMixGenerationsWhileGenerationsSwitch() throws Exception {
        int keys = 2_000;
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, keys);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicLong mixed = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong singles = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong bulks = new java.util.concurrent.atomic.AtomicLong();
            List<byte[]> bulk = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                bulk.add(key(i * 2));
            }
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean bulkReader = t % 2 == 0;
                int seed = t;
                readers.add(new Thread(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    while (!Thread.currentThread().isInterrupted()) {
                        try (Generation generation = store.acquire().orElseThrow()) {
                            byte expected = (byte) generation.info().sequence();
                            if (bulkReader) {
                                List<byte[]> values = generation.getAll(KeySpace.FILE_SHA256, bulk);
                                if (values.size() != bulk.size()
                                        || values.stream().anyMatch(v -> v == null || v[0] != expected)) {
                                    mixed.incrementAndGet();
                                }
                                bulks.incrementAndGet();
                            } else {
                                byte[] value = generation.get(KeySpace.FILE_SHA256, key(random.nextInt(keys)));
                                if (value == null || value[0] != expected) {
                                    mixed.incrementAndGet();
                                }
                                singles.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            readers.forEach(Thread::start);
            for (long sequence = 2; sequence <= 31; sequence++) {
                activate(store, sequence, keys);
            }
            for (Thread reader : readers) {
                reader.interrupt();
                reader.join();
            }
            assertThat(failures).isEmpty();
            assertThat(mixed.get()).isZero();
            assertThat(singles.get()).as("single lookups made").isGreaterThan(100);
            assertThat(bulks.get()).as("bulk lookups made").isGreaterThan(10);
        }
    }

    @Test
    void aDeltaGenerationStartsAsACopyOfTheActiveOneAndTakesChanges() {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 100);
            try (DeltaBuilder delta = store.newDeltaGeneration(2)) {
                assertThat(delta.baseNameCount()).isEqualTo(1);
                assertThat(delta.current(KeySpace.FILE_SHA256, key(5))).containsExactly(1);
                delta.upsert(KeySpace.FILE_SHA256, key(5), new byte[] {2, 9}, 1);
                delta.upsert(KeySpace.FILE_SHA256, key(200), new byte[] {2}, 1);
                delta.remove(KeySpace.FILE_SHA256, key(7));
                assertThat(delta.current(KeySpace.FILE_SHA256, key(5))).containsExactly(2);
                assertThat(delta.current(KeySpace.FILE_SHA256, key(7))).isNull();
                delta.seal(info(2, 100), List.of("Trojan.A", "Worm.B"));
                store.activate(delta);
            }
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.info().sequence()).isEqualTo(2);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(5))).containsExactly(2);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(6))).containsExactly(1);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(7))).isNull();
                assertThat(generation.get(KeySpace.FILE_SHA256, key(200))).containsExactly(2);
                assertThat(generation.threatNames()).containsExactly("Trojan.A", "Worm.B");
            }
        }
        // The delta generation reopens on its own, after the base it was copied from is gone.
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 3, 10);
            activate(store, 4, 10);
        }
    }

    @Test
    void anUnsealedDeltaLeavesTheActiveGenerationAsItWas() throws Exception {
        try (RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS)) {
            activate(store, 1, 100);
            try (DeltaBuilder delta = store.newDeltaGeneration(2)) {
                delta.remove(KeySpace.FILE_SHA256, key(5));
                delta.upsert(KeySpace.FILE_SHA256, key(6), new byte[] {2}, 1);
            }
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.info().sequence()).isEqualTo(1);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(5))).containsExactly(1);
                assertThat(generation.get(KeySpace.FILE_SHA256, key(6))).containsExactly(1);
            }
            try (var leftovers = java.nio.file.Files.list(generations())) {
                assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".building"));
            }
        }
    }

    @Test
    void closeWaitsForLeasesInFlight() throws Exception {
        RocksGenerationStore store = RocksGenerationStore.open(generations(), StoreTuning.DEFAULTS);
        activate(store, 1, 10);
        Generation lease = store.acquire().orElseThrow();
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(200);
                // The store is closing meanwhile; the leased generation must still be readable.
                assertThat(lease.get(KeySpace.FILE_SHA256, key(3))).containsExactly(1);
                lease.close();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        reader.start();
        store.close();
        reader.join();
        assertThat(failures).isEmpty();
        assertThat(store.isOpen()).isFalse();
    }
}
