package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.Manifest;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.RecordSource;
import dev.outpost.publishing.Signers;
import dev.outpost.publishing.SortStatistics;
import dev.outpost.trust.SignedRoot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outpost bundle build}: records from CSV or JSON Lines into a signed full bundle. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description =
                "Build a signed full bundle from CSV or JSON Lines records (columns: see offline-bundles/FORMAT.md).")
public class BundleBuildCommand implements Callable<Integer> {
    @Option(
            names = "--records",
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description = "Record files (.csv, .jsonl).")
    List<Path> records;

    @Option(names = "--sequence", required = true, description = "Sequence number; must increase with every bundle.")
    long sequence;

    @Mixin
    BundleSigning signing;

    @Mixin
    SortOptions sorting;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant createdAt = signing.createdAt();
        Instant expires = signing.expiresAt(createdAt);
        List<SignedRoot> rootChain = signing.rootChain();
        Manifest manifest;
        SortStatistics sort;
        // Closing erases the progress line and deletes the sort's spilled runs, also when reading the
        // records fails (issue 16).
        try (BuildProgressLine progress = sorting.progress(spec.commandLine().getErr());
                BundleWriter writer = new BundleWriter()
                        .sorting(sorting.settings(signing.out))
                        .progress(progress)) {
            for (Path file : records) {
                RecordSource.read(file, writer::add);
            }
            manifest = writer.write(
                    signing.out,
                    signing.dataset,
                    sequence,
                    createdAt,
                    expires,
                    new Signers(signing.privateKeys(), signing.publicKeys(), rootChain));
            sort = writer.sortStatistics();
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote %s: dataset %s sequence %d, %d files, %d certificates, %d urls, %d domains, %d IP ranges,"
                                + " %d bytes%n",
                        signing.out,
                        manifest.dataset(),
                        manifest.sequence(),
                        manifest.counts().get("files"),
                        manifest.counts().get("certificates"),
                        manifest.counts().get("urls"),
                        manifest.counts().get("domains"),
                        manifest.counts().get("ipRanges"),
                        Files.size(signing.out));
        sorting.report(sort, spec.commandLine().getErr());
        return 0;
    }
}
