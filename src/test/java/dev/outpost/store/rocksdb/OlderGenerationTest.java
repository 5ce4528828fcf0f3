package dev.outpost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import dev.outpost.reputation.KeySpace;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.DeltaBuilder;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationBuilder;
import dev.outpost.store.StoreTuning;

/** A generation built before the web key spaces existed (ADR 0008) still opens, and deltas extend it. */
class OlderGenerationTest {
    private static final List<KeySpace> ADDED_LATER =
            List.of(KeySpace.URL_EXPRESSION, KeySpace.DOMAIN_SHA256, KeySpace.IP_RANGE);

    @TempDir
    Path dir;

    private static DatasetInfo info(long sequence) {
        return new DatasetInfo(
                "test",
                sequence,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2036-01-01T00:00:00Z"),
                Instant.now(),
                "00",
                List.of("k"),
                Map.of("files", 1L, "certificates", 0L),
                null);
    }

    /** Removes the column families of the key spaces added later, as an older build never had them. */
    private static void makeOlder(Path generation) throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (KeySpace space : KeySpace.values()) {
            descriptors.add(new ColumnFamilyDescriptor(space.id().getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
                RocksDB db = RocksDB.open(options, generation.toString(), descriptors, handles)) {
            for (KeySpace space : ADDED_LATER) {
                db.dropColumnFamily(handles.get(space.ordinal() + 1));
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (org.rocksdb.Options listing = new org.rocksdb.Options()) {
            assertThat(RocksDB.listColumnFamilies(listing, generation.toString()))
                    .hasSize(KeySpace.values().length + 1 - 3);
        }
    }

    @Test
    void opensWithoutTheNewKeySpacesAndADeltaAddsThem() throws Exception {
        byte[] file = new byte[32];
        file[0] = 1;
        byte[] url = new byte[KeySpace.URL_EXPRESSION.keyLength()];
        url[0] = 2;
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            try (GenerationBuilder builder = store.newGeneration(1)) {
                try (GenerationBuilder.PartWriter part = builder.openPart(KeySpace.FILE_SHA256)) {
                    part.put(file, new byte[] {1});
                    part.finish();
                }
                builder.seal(info(1), List.of());
                store.activate(builder);
            }
        }
        makeOlder(dir.resolve("00000000000000000001"));

        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.get(KeySpace.FILE_SHA256, file)).containsExactly(1);
                assertThat(generation.get(KeySpace.URL_EXPRESSION, url)).isNull();
                assertThat(generation.getAll(KeySpace.IP_RANGE, List.of(new byte[18], new byte[18])))
                        .containsExactly(null, null);
            }
            try (DeltaBuilder delta = store.newDeltaGeneration(2)) {
                delta.upsert(KeySpace.URL_EXPRESSION, url, new byte[] {2}, 1);
                delta.seal(info(2), List.of());
                store.activate(delta);
            }
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.get(KeySpace.URL_EXPRESSION, url)).containsExactly(2);
                assertThat(generation.get(KeySpace.FILE_SHA256, file)).containsExactly(1);
            }
        }
    }
}
