package dev.outpost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.KeySpace;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;

/** Reads through the in-memory prefix set answer exactly what RocksDB holds (ADR 0008). */
class KeyPrefixSetTest {
    @TempDir
    Path dir;

    @Test
    void hitsAreFoundAndMissesAreMissesEvenWhenPrefixesCollide() {
        Random random = new Random(9);
        List<byte[]> present = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            present.add(key);
        }
        present.sort(java.util.Arrays::compareUnsigned);
        // A key sharing its first four bytes with a present key, but absent itself.
        byte[] collision = present.get(100).clone();
        collision[31] ^= 1;
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            OnePartGeneration.activate(store, KeySpace.DOMAIN_SHA256, present, key -> new byte[] {key[0]});
            try (Generation generation = store.acquire().orElseThrow()) {
                List<byte[]> probe = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    probe.add(present.get(i * 25));
                    byte[] miss = new byte[32];
                    random.nextBytes(miss);
                    probe.add(miss);
                }
                probe.add(collision);
                List<byte[]> values = generation.getAll(KeySpace.DOMAIN_SHA256, probe);
                for (int i = 0; i < 200; i++) {
                    assertThat(values.get(2 * i)).containsExactly(present.get(i * 25)[0]);
                    assertThat(values.get(2 * i + 1)).isNull();
                }
                assertThat(values.get(400)).isNull();
                assertThat(generation.get(KeySpace.DOMAIN_SHA256, present.get(4_999)))
                        .isNotNull();
                assertThat(generation.get(KeySpace.DOMAIN_SHA256, collision)).isNull();
            }
        }
    }

    @Test
    void urlKeysAreGatedByTheirHostAndFilteredByTheirExpression() {
        // 5,000 expression keys under 50 hosts: the read filter sits at byte 8 of the key, where
        // keys do not come sorted, so a filter built without sorting would drop present keys.
        Random random = new Random(13);
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < 50; h++) {
            hosts.add("host" + h + ".example");
        }
        List<byte[]> present = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            present.add(dev.outpost.reputation.UrlKey.of(hosts.get(i % 50) + "/p" + i + "/"));
        }
        present.sort(java.util.Arrays::compareUnsigned);
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            OnePartGeneration.activate(store, KeySpace.URL_EXPRESSION, present, key -> new byte[] {key[8]});
            try (Generation generation = store.acquire().orElseThrow()) {
                for (String host : hosts) {
                    assertThat(generation.mayContainLeading(
                                    KeySpace.URL_EXPRESSION, dev.outpost.reputation.DomainKey.of(host)))
                            .as(host)
                            .isTrue();
                }
                assertThat(generation.mayContainLeading(
                                KeySpace.URL_EXPRESSION, dev.outpost.reputation.DomainKey.of("unlisted.example")))
                        .isFalse();
                List<byte[]> values = generation.getAll(KeySpace.URL_EXPRESSION, present);
                for (int i = 0; i < present.size(); i++) {
                    assertThat(values.get(i)).containsExactly(present.get(i)[8]);
                }
                List<byte[]> absent = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    absent.add(dev.outpost.reputation.UrlKey.of(
                            hosts.get(random.nextInt(50)) + "/q" + random.nextInt() + "/"));
                }
                assertThat(generation.getAll(KeySpace.URL_EXPRESSION, absent)).containsOnlyNulls();
            }
        }
    }

    @Test
    void keySpacesWhoseSetsDoNotFitTheirHeapShareOpenWithoutThemAndAnswerTheSame() {
        // Issue 17: 10M URL expressions needed 160 MB of sets and a 192 MB heap ran out at start.
        Random random = new Random(21);
        List<byte[]> urls = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            urls.add(dev.outpost.reputation.UrlKey.of("host" + (i % 40) + ".example/p" + i + "/"));
        }
        urls.sort(java.util.Arrays::compareUnsigned);
        List<byte[]> probe = new ArrayList<>(urls.subList(0, 500));
        for (int i = 0; i < 500; i++) {
            probe.add(dev.outpost.reputation.UrlKey.of("host" + random.nextInt(80) + ".example/q" + i + "/"));
        }
        StoreTuning none = new StoreTuning(64L << 20, 10, 16 * 1024, -1, false, 0);
        List<byte[]> unfiltered;
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, none)) {
            OnePartGeneration.activate(store, KeySpace.URL_EXPRESSION, urls, key -> new byte[] {key[8]});
            assertThat(store.prefixFiltered(KeySpace.URL_EXPRESSION)).isFalse();
            try (Generation generation = store.acquire().orElseThrow()) {
                // Without the set nothing is ruled out by its host: every lookup reads on.
                assertThat(generation.mayContainLeading(
                                KeySpace.URL_EXPRESSION, dev.outpost.reputation.DomainKey.of("unlisted.example")))
                        .isTrue();
                unfiltered = generation.getAll(KeySpace.URL_EXPRESSION, probe);
            }
        }
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            assertThat(store.prefixFiltered(KeySpace.URL_EXPRESSION)).isTrue();
            try (Generation generation = store.acquire().orElseThrow()) {
                List<byte[]> filtered = generation.getAll(KeySpace.URL_EXPRESSION, probe);
                for (int i = 0; i < probe.size(); i++) {
                    assertThat(unfiltered.get(i)).as("key %d", i).isEqualTo(filtered.get(i));
                }
            }
        }
        assertThat(unfiltered.subList(0, 500)).doesNotContainNull();
        assertThat(unfiltered.subList(500, 1000)).containsOnlyNulls();
    }

    /** The count a build is sized from is an estimate; the key limit (the heap budget) is not. */
    @Test
    void aBuildGrowsPastAnUnderestimateButNeverPastItsLimit() throws Exception {
        org.rocksdb.RocksDB.loadLibrary();
        Random random = new Random(5);
        List<byte[]> present = new ArrayList<>();
        try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true);
                org.rocksdb.RocksDB db =
                        org.rocksdb.RocksDB.open(options, dir.resolve("raw").toString())) {
            for (int i = 0; i < 3_000; i++) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                present.add(key);
                db.put(key, new byte[] {1});
            }
            var handle = db.getDefaultColumnFamily();
            KeyPrefixSet grown = KeyPrefixSet.build(db, handle, 100, 3_000, 0)[0];
            assertThat(grown.size()).isEqualTo(3_000);
            assertThat(present)
                    .allSatisfy(key -> assertThat(grown.mayContain(key)).isTrue());
            assertThat(KeyPrefixSet.build(db, handle, 100, 2_999, 0)).isNull();
            assertThat(KeyPrefixSet.build(db, handle, 5_000, 2_999, 0)).isNull();
        }
    }

    @Test
    void bucketsAnswerExactlyLikeASetOfPrefixesWhateverTheirSpread() {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 2, 3, 7, 64, 1_000, 65_537}) {
            for (boolean skewed : new boolean[] {false, true}) {
                java.util.Set<Integer> expected = new java.util.HashSet<>();
                int[] prefixes = new int[size];
                for (int i = 0; i < size; i++) {
                    // Skewed: every prefix in the top or bottom few buckets, with the extremes present.
                    int value = skewed
                            ? (i % 2 == 0 ? random.nextInt(1 << 8) : -1 - random.nextInt(1 << 8))
                            : random.nextInt();
                    prefixes[i] = value;
                }
                if (skewed && size > 2) {
                    prefixes[0] = 0;
                    prefixes[1] = -1;
                }
                for (int value : prefixes) {
                    expected.add(value);
                }
                Integer[] boxed = java.util.Arrays.stream(prefixes).boxed().toArray(Integer[]::new);
                java.util.Arrays.sort(boxed, Integer::compareUnsigned);
                KeyPrefixSet set = KeyPrefixSet.of(java.util.Arrays.stream(boxed)
                        .mapToInt(Integer::intValue)
                        .toArray());
                for (int value : prefixes) {
                    assertThat(set.mayContain(key(value))).isTrue();
                }
                for (int probe = 0; probe < 20_000; probe++) {
                    int value = skewed && probe % 2 == 0 ? random.nextInt(1 << 9) - (1 << 8) : random.nextInt();
                    assertThat(set.mayContain(key(value)))
                            .as("size %d, skewed %s, probe %08x", size, skewed, value)
                            .isEqualTo(expected.contains(value));
                }
            }
        }
    }

    private static byte[] key(int prefix) {
        byte[] key = new byte[32];
        key[0] = (byte) (prefix >>> 24);
        key[1] = (byte) (prefix >>> 16);
        key[2] = (byte) (prefix >>> 8);
        key[3] = (byte) prefix;
        return key;
    }
}
