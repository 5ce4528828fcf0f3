package dev.outpost.store.rocksdb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.outpost.config.DataDirectory;
import dev.outpost.config.OutpostConfig;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.StoreTuning;

/** Provides the RocksDB store to the application and closes it on shutdown. */
@ApplicationScoped
public class RocksStoreProducer {
    @Produces
    @ApplicationScoped
    GenerationStore store(OutpostConfig config, DataDirectory dataDirectory) {
        OutpostConfig.Store store = config.store();
        StoreTuning tuning = new StoreTuning(
                store.blockCacheBytes(),
                store.bloomBitsPerKey(),
                store.blockSizeBytes(),
                store.maxOpenFiles(),
                store.cacheMetadata());
        return RocksGenerationStore.open(dataDirectory.generations(), tuning);
    }

    void close(@Disposes GenerationStore store) {
        store.close();
    }
}
