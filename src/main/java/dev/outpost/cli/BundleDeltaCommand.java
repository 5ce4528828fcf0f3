package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.DeltaWriter;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.RecordSource;

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
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description = "Record files the base bundle was built from, in the same order (.csv, .jsonl).")
    List<Path> baseRecords;

    @Option(
            names = "--records",
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description = "Record files of the target dataset (.csv, .jsonl).")
    List<Path> records;

    @Option(names = "--base-sequence", required = true, description = "Sequence of the base bundle.")
    long baseSequence;

    @Option(names = "--sequence", required = true, description = "Sequence of this delta; above the base's.")
    long sequence;

    @Mixin
    BundleSigning signing;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sequence <= baseSequence) {
            throw new CliException("--sequence must be above --base-sequence");
        }
        Instant createdAt = signing.createdAt();
        DeltaWriter writer = new DeltaWriter();
        for (Path file : baseRecords) {
            RecordSource.read(file, writer::addBase);
        }
        for (Path file : records) {
            RecordSource.read(file, writer::addTarget);
        }
        Manifest manifest = writer.write(
                signing.out,
                signing.dataset,
                baseSequence,
                sequence,
                createdAt,
                signing.expiresAt(createdAt),
                signing.privateKeys(),
                signing.publicKeys(),
                signing.rootChain());
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
        return 0;
    }
}
