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
import dev.outpost.reputation.ReputationRecord;
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

    /** Whether appliances may list the bundle's domains (RPZ and Bloom exports) or only answer them. */
    enum DomainNames {
        hashed,
        listed
    }

    @Option(
            names = "--domain-names",
            defaultValue = "hashed",
            paramLabel = "hashed|listed",
            description = "hashed (default): appliances can answer a domain but never list the bundle's domains;"
                    + " listed: each domain record carries its name, so appliances can export them"
                    + " (outpost export rpz, export bloom). URL lists are never listed.")
    DomainNames domainNames;

    @Mixin
    BundleSigning signing;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant createdAt = signing.createdAt();
        Instant expires = signing.expiresAt(createdAt);
        List<SignedRoot> rootChain = signing.rootChain();
        BundleWriter writer = new BundleWriter();
        boolean listed = domainNames == DomainNames.listed;
        for (Path file : records) {
            RecordSource.read(
                    file,
                    record -> writer.add(
                            !listed && record instanceof ReputationRecord.Keyed keyed ? keyed.unlisted() : record));
        }
        Manifest manifest = writer.write(
                signing.out,
                signing.dataset,
                sequence,
                createdAt,
                expires,
                new Signers(signing.privateKeys(), signing.publicKeys(), rootChain));
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
        return 0;
    }
}
