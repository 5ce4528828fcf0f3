package dev.outpost.store;

import java.nio.file.Path;

/**
 * An implementation of the store, as {@link GenerationStores} finds it: registered in {@code
 * META-INF/services/dev.outpost.store.StoreProvider} and loaded by {@link java.util.ServiceLoader},
 * so that this package never names its implementation (which depends on it).
 */
public interface StoreProvider {
    /** Opens the store under {@code generationsDirectory}, taking its lock, for reading and writing. */
    GenerationStore open(Path generationsDirectory, StoreTuning tuning);

    /**
     * Opens the active generation for reading only, without the lock, so that lookups can run beside
     * a server that owns the store. Such a store cannot build or activate.
     */
    GenerationStore openReadOnly(Path generationsDirectory, StoreTuning tuning);

    /** Whether a process holds the store's lock, so that a command can refuse early and say why. */
    boolean isLocked(Path generationsDirectory);
}
