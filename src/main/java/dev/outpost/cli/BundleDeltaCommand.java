package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.io.RejectedException;
import dev.outpost.publishing.BundleRecords;
import dev.outpost.publishing.DeltaWriter;
import dev.outpost.publishing.RecordSource;
import dev.outpost.publishing.Signers;
import dev.outpost.publishing.SortStatistics;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outpost bundle delta}: a signed delta bundle from the records of its base and of its
 * target (ADR 0007). The base records must be exactly those the base bundle was built from: the
 * delta names the base's state checksum, and appliances holding anything else refuse it.
 */
@Command(
        name = "delta",
        mixinStandardHelpOptions = true,
        description = "Build a signed delta bundle: the changes from the base records to the target records.")
public class BundleDeltaCommand implements Callable<Integer> {
    @Option(
            names = "--base-records",
            arity = "1..*",
            paramLabel = "FILE",
            description = "Record files the base bundle was built from, in the same order (.csv, .jsonl).")
    List<Path> baseRecords = List.of();

    @Option(names = "--base-bundle", paramLabel = "BUNDLE", description = "The base full bundle itself, instead.")
    Path baseBundle;

    @Option(
            names = "--records",
            arity = "1..*",
            paramLabel = "FILE",
            description = "Record files of the target dataset (.csv, .jsonl).")
    List<Path> records = List.of();

    @Option(names = "--bundle", paramLabel = "BUNDLE", description = "The target full bundle, instead.")
    Path targetBundle;

    @Option(
            names = "--trust",
            arity = "1..*",
            paramLabel = "KEY.pub.pem",
            description = "Release public key(s) that signed --base-bundle/--bundle: they are verified before use.")
    List<Path> trusted = List.of();

    @Option(names = "--base-sequence", required = true, description = "Sequence of the base bundle.")
    long baseSequence;

    @Option(names = "--sequence", required = true, description = "Sequence of this delta; above the base's.")
    long sequence;

    @Mixin
    BundleSigning signing;

    @Mixin
    SortOptions sorting;

    @Option(
            names = "--domain-names",
            defaultValue = "hashed",
            paramLabel = "hashed|listed",
            description = "For --base-records and --records: as bundle build was told (default hashed), so that the"
                    + " delta's states are the bundles'. Bundles read with --base-bundle/--bundle keep what they hold.")
    BundleBuildCommand.DomainNames domainNames;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A record read from a record file, with its domain name kept only if the build lists names. */
    private ReputationRecord asBuilt(ReputationRecord record) {
        return domainNames != BundleBuildCommand.DomainNames.listed && record instanceof ReputationRecord.Keyed keyed
                ? keyed.unlisted()
                : record;
    }

    private void readBundle(Path bundle, BundleRecords.Sink sink) throws java.io.IOException {
        TrustedKeys trust =
                TrustedKeys.of(1, trusted.stream().map(KeyFiles::readPublic).toArray(PublicKey[]::new));
        try {
            BundleRecords.read(bundle, trust, sink);
        } catch (RejectedException e) {
            throw new CliException(bundle + " cannot be read (" + e.reason() + "): " + e.detail());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (sequence <= baseSequence) {
            throw new CliException("--sequence must be above --base-sequence");
        }
        if (baseRecords.isEmpty() == (baseBundle == null) || records.isEmpty() == (targetBundle == null)) {
            throw new CliException(
                    "give the base as --base-records or --base-bundle, and the target as --records or" + " --bundle");
        }
        if ((baseBundle != null || targetBundle != null) && trusted.isEmpty()) {
            throw new CliException("--trust names the release key(s) that signed the bundles read with --base-bundle"
                    + " or --bundle");
        }
        // Before anything opens them: a named pipe would block (issue 11 item 19).
        for (Path bundle : java.util.Arrays.asList(baseBundle, targetBundle)) {
            if (bundle != null) {
                CliFiles.bundle(bundle);
            }
        }
        Instant createdAt = signing.createdAt();
        Manifest manifest;
        SortStatistics sort;
        // Closing erases the progress line and deletes the sort's spilled runs, also when reading the
        // records fails (issue 16).
        try (BuildProgressLine progress = sorting.progress(spec.commandLine().getErr());
                DeltaWriter writer =
                        new DeltaWriter().sorting(sorting.settings(signing.out)).progress(progress)) {
            if (baseBundle != null) {
                readBundle(baseBundle, new BundleRecords.Sink() {
                    @Override
                    public void names(List<String> names) {
                        // The delta's name ids must mean on the appliance what they mean in this bundle.
                        writer.useBaseDictionary(names);
                    }

                    @Override
                    public void record(ReputationRecord record) {
                        writer.addBase(record);
                    }
                });
            }
            for (Path file : baseRecords) {
                RecordSource.read(file, record -> writer.addBase(asBuilt(record)));
            }
            if (targetBundle != null) {
                readBundle(targetBundle, writer::addTarget);
            }
            for (Path file : records) {
                RecordSource.read(file, record -> writer.addTarget(asBuilt(record)));
            }
            manifest = writer.write(
                    signing.out,
                    signing.dataset,
                    baseSequence,
                    sequence,
                    createdAt,
                    signing.expiresAt(createdAt),
                    new Signers(signing.privateKeys(), signing.publicKeys(), signing.rootChain()));
            sort = writer.sortStatistics();
        }
        long changes = manifest.parts().stream()
                .filter(p -> !p.name().equals(BundleFormat.NAMES_PART))
                .mapToLong(Manifest.Part::entries)
                .sum();
        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote %s: dataset %s delta %d -> %d, %d changed entries, then %d files, %d certificates,"
                                + " %d bytes%n",
                        signing.out,
                        manifest.dataset(),
                        baseSequence,
                        sequence,
                        changes,
                        manifest.counts().get("files"),
                        manifest.counts().get("certificates"),
                        Files.size(signing.out));
        sorting.report(sort, spec.commandLine().getErr());
        return 0;
    }
}
