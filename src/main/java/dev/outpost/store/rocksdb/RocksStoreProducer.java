package dev.outpost.store.rocksdb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.outpost.config.DataDirectory;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.StoreConfig;

/** Provides the RocksDB store to the application and closes it on shutdown. */
@ApplicationScoped
public class RocksStoreProducer {
    @Produces
    @ApplicationScoped
    GenerationStore store(StoreConfig config, DataDirectory dataDirectory) {
        return RocksGenerationStore.open(dataDirectory.generations(), config.tuning());
    }

    void close(@Disposes GenerationStore store) {
        store.close();
    }
}
