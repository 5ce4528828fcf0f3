package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.GenerationStores;
import dev.outpost.store.StoreTuning;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootTrust;
import dev.outpost.trust.TrustAnchor;
import dev.outpost.trust.TrustedKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost bundle verify}: every check an import makes (signatures, manifest, part digests,
 * record order and encoding, counts, expiry), by importing into a throwaway store that is deleted
 * afterwards. No data directory is touched.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Fully verify a bundle against trusted public keys.")
public class BundleVerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Option(
            names = "--root-key",
            arity = "1..*",
            paramLabel = "KEY.pub.pem",
            description = "Pinned root public key(s): the bundle must carry the root documents that name its"
                    + " release keys.")
    List<Path> rootKeys = List.of();

    @Option(
            names = "--root-threshold",
            defaultValue = "1",
            description = "Distinct pinned root keys that must sign root version 1 (default: ${DEFAULT-VALUE}).")
    int rootThreshold;

    @Option(
            names = "--trust",
            arity = "1..*",
            paramLabel = "KEY.pub.pem",
            description = "Trusted release public key(s), instead of root keys.")
    List<Path> trusted = List.of();

    @Option(
            names = "--threshold",
            defaultValue = "1",
            description = "Distinct trusted release signatures required (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliFiles.bundle(bundle);
        if (rootKeys.isEmpty() == trusted.isEmpty()) {
            throw new CliException("give either --root-key (pinned root keys) or --trust (release keys)");
        }
        Path scratch = Files.createTempDirectory("outpost-verify-");
        TrustAnchor trust = rootKeys.isEmpty()
                ? keys(threshold, trusted)
                : RootTrust.load(keys(rootThreshold, rootKeys), scratch.resolve("roots"));
        try (GenerationStore store = GenerationStores.open(scratch.resolve("generations"), StoreTuning.DEFAULTS)) {
            BundleImporter importer = new BundleImporter(store, trust, BundleLimits.DEFAULTS, Clock.systemUTC());
            ConsoleProgress progress = ConsoleProgress.onTerminal(System.err);
            ImportOutcome outcome;
            try {
                outcome = importer.importBundle(bundle, null, progress);
            } finally {
                progress.finish();
            }
            if (outcome instanceof ImportOutcome.Activated activated) {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "OK: dataset %s sequence %d, %s, %d entries, signed by %s%n",
                                activated.dataset().dataset(),
                                activated.dataset().sequence(),
                                activated.dataset().counts(),
                                activated.entries(),
                                activated.dataset().signerKeyIds().stream()
                                        .map(KeyFiles::shortId)
                                        .toList());
                return 0;
            }
            if (outcome instanceof ImportOutcome.LocalFailure failure) {
                throw new CliException("cannot verify here (" + failure.reason() + "): " + failure.detail());
            }
            ImportOutcome.Rejected rejected = (ImportOutcome.Rejected) outcome;
            spec.commandLine()
                    .getErr()
                    .printf("outpost: bundle is invalid (%s): %s%n", rejected.reason(), rejected.detail());
            return 2;
        } finally {
            deleteTree(scratch);
        }
    }

    private static TrustedKeys keys(int threshold, List<Path> files) {
        try {
            return TrustedKeys.of(
                    threshold, files.stream().map(KeyFiles::readPublic).toArray(PublicKey[]::new));
        } catch (InvalidInputException e) {
            throw new CliException(e.detail());
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
