package dev.outpost.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import jakarta.inject.Inject;

import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.bundle.importing.ExpiryOverride;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportService;
import dev.outpost.trust.KeyFiles;

/** The application body of {@code outpost import}: one import, reported on the console. */
public class ImportApplication implements QuarkusApplication {
    @Inject
    ImportService imports;

    @Override
    public int run(String... args) throws Exception {
        Path bundle = Path.of(args[0]);
        PrintStream out = System.out;
        ExpiryOverride override = args.length > 1 ? new ExpiryOverride(args[1], System.getProperty("user.name")) : null;
        ConsoleProgress progress = ConsoleProgress.onTerminal(System.err);
        ImportOutcome outcome;
        try {
            outcome = imports.importFile(bundle, "cli", progress, override);
        } finally {
            progress.finish(); // the outcome or the failure starts its own line (issue 11 item 19)
        }
        if (outcome instanceof ImportOutcome.Activated activated) {
            out.printf(
                    "Imported %s: dataset %s sequence %d is active (%d entries, %d ms, signed by %s)%n",
                    bundle.getFileName(),
                    activated.dataset().dataset(),
                    activated.dataset().sequence(),
                    activated.entries(),
                    activated.duration().toMillis(),
                    String.join(
                            ", ",
                            activated.dataset().signerKeyIds().stream()
                                    .map(KeyFiles::shortId)
                                    .toList()));
            if (activated.override() != null) {
                out.printf(
                        "The bundle had expired at %s; imported by your override, recorded in the import history%n",
                        activated.dataset().expires());
            }
            return 0;
        }
        if (outcome instanceof ImportOutcome.AlreadyActive already) {
            out.printf(
                    "Nothing to do: sequence %d of dataset %s is already active%n",
                    already.sequence(), already.dataset());
            return 0;
        }
        if (outcome instanceof ImportOutcome.LocalFailure failure) {
            System.err.printf(
                    "outpost: the import did not finish on this appliance (%s): %s%n",
                    failure.reason(), failure.detail());
            return 1;
        }
        ImportOutcome.Rejected rejected = (ImportOutcome.Rejected) outcome;
        System.err.printf(
                "outpost: bundle rejected (%s): %s; moved to quarantine%n", rejected.reason(), rejected.detail());
        return 2;
    }
}
