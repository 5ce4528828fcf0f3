package dev.outpost.store.rocksdb;

import java.nio.file.Path;

import dev.outpost.store.GenerationStore;
import dev.outpost.store.StoreProvider;
import dev.outpost.store.StoreTuning;

/** The RocksDB store for {@link dev.outpost.store.GenerationStores}, registered in {@code META-INF/services}. */
public final class RocksStoreProvider implements StoreProvider {
    @Override
    public GenerationStore open(Path generationsDirectory, StoreTuning tuning) {
        return RocksGenerationStore.open(generationsDirectory, tuning);
    }

    @Override
    public GenerationStore openReadOnly(Path generationsDirectory, StoreTuning tuning) {
        return RocksGenerationStore.openReadOnly(generationsDirectory, tuning);
    }

    @Override
    public boolean isLocked(Path generationsDirectory) {
        return RocksGenerationStore.isLocked(generationsDirectory);
    }
}
