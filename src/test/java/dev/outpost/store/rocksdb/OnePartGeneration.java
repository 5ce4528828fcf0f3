package dev.outpost.store.rocksdb;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.outpost.reputation.KeySpace;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationBuilder;

/** Store tests: activates a generation that holds one key space, written straight to the store. */
final class OnePartGeneration {
    private OnePartGeneration() {}

    /** {@code sortedKeys} in unsigned byte order; each stored with {@code value.apply(key)}. */
    static void activate(
            RocksGenerationStore store, KeySpace space, List<byte[]> sortedKeys, Function<byte[], byte[]> value) {
        try (GenerationBuilder builder = store.newGeneration(1)) {
            try (GenerationBuilder.PartWriter part = builder.openPart(space)) {
                for (byte[] key : sortedKeys) {
                    part.put(key, value.apply(key));
                }
                part.finish();
            }
            builder.seal(
                    new DatasetInfo(
                            "t",
                            1,
                            Instant.EPOCH,
                            Instant.now().plusSeconds(60),
                            Instant.now(),
                            "00",
                            List.of(),
                            Map.of("files", 0L),
                            null),
                    List.of());
            store.activate(builder);
        }
    }
}
