package dev.outpost.store;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens stores by directory for code that runs without the application (the CLI), so that it never
 * depends on a store implementation (ADR 0014). The server gets its store from CDI instead.
 */
public final class GenerationStores {
    private GenerationStores() {}

    /** See {@link StoreProvider#open}. */
    public static GenerationStore open(Path generationsDirectory, StoreTuning tuning) {
        return Provider.INSTANCE.open(generationsDirectory, tuning);
    }

    /** See {@link StoreProvider#openReadOnly}. */
    public static GenerationStore openReadOnly(Path generationsDirectory, StoreTuning tuning) {
        return Provider.INSTANCE.openReadOnly(generationsDirectory, tuning);
    }

    /** See {@link StoreProvider#isLocked}. */
    public static boolean isLocked(Path generationsDirectory) {
        return Provider.INSTANCE.isLocked(generationsDirectory);
    }

    /** Looked up once, on first use. */
    private static final class Provider {
        static final StoreProvider INSTANCE = ServiceLoader.load(
                        StoreProvider.class, StoreProvider.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new StoreException("no store implementation is on the class path"));
    }
}
