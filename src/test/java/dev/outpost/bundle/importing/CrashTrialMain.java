package dev.outpost.bundle.importing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootTrust;
import dev.outpost.trust.TrustedKeys;

/**
 * The child JVM of {@link CrashTrialTest}: starts like the appliance (open the store, recover
 * staging, load the root chain), then imports one bundle through {@link StagedImport}, the path the
 * service uses. It prints each state as it is reached and, when asked, lingers in one state so that
 * the parent's {@code kill -9} lands inside it.
 *
 * <p>Arguments: data directory, bundle, pinned root public key, state to linger in (or {@code none}),
 * milliseconds to linger.
 */
public final class CrashTrialMain {
    private CrashTrialMain() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path bundle = Path.of(args[1]);
        TrustedKeys pinned = TrustedKeys.of(1, KeyFiles.readPublic(Path.of(args[2])));
        String lingerIn = args[3];
        long lingerMillis = Long.parseLong(args[4]);
        try (RocksGenerationStore store =
                RocksGenerationStore.open(data.resolve("generations"), StoreTuning.DEFAULTS)) {
            Files.createDirectories(data.resolve("staging"));
            ImportJournal.recover(data.resolve("staging"), store);
            RootTrust trust = RootTrust.load(pinned, data.resolve("trust/roots"));
            StagedImport imports = new StagedImport(
                    new BundleImporter(store, trust, BundleLimits.DEFAULTS, Clock.systemUTC()),
                    data.resolve("staging"),
                    new Quarantine(
                            data.resolve("quarantine"),
                            Long.MAX_VALUE,
                            java.time.Duration.ofDays(30),
                            Clock.systemUTC()),
                    BundleLimits.DEFAULTS);
            System.out.println("started");
            System.out.flush();
            ImportProgress progress = new ImportProgress() {
                @Override
                public void update(String phase, long done, long total) {}

                @Override
                public void reached(ImportState state) {
                    System.out.println("state " + state.label());
                    System.out.flush();
                    if (state.label().equals(lingerIn)) {
                        sleep(lingerMillis);
                    }
                }
            };
            StagedImport.Attempt attempt;
            try (InputStream in = Files.newInputStream(bundle)) {
                attempt = imports.run(in, "trial.bundle", "trial", progress, null);
            }
            attempt.complete(false);
            System.out.println("outcome " + attempt.outcome().getClass().getSimpleName());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
