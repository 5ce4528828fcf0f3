package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleWriter;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.RecordSource;
import dev.outpost.bundle.trust.RootSection;
import dev.outpost.bundle.trust.SignedRoot;

import picocli.CommandLine.Command;
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

    @Option(names = "--dataset", required = true, description = "Dataset name, e.g. acme-threat-intel.")
    String dataset;

    @Option(names = "--sequence", required = true, description = "Sequence number; must increase with every bundle.")
    long sequence;

    @Option(
            names = "--key",
            required = true,
            arity = "1..*",
            paramLabel = "KEY.pem",
            description = "Private release key(s) that sign the manifest; each NAME.key.pem needs NAME.pub.pem"
                    + " beside it.")
    List<Path> keys;

    @Option(
            names = "--root",
            arity = "1..*",
            paramLabel = "ROOT.signed",
            description = "Signed root documents to carry (from 'outpost root sign'), version 1 first, so that"
                    + " appliances at any root version can walk to the newest.")
    List<Path> roots = List.of();

    @Option(names = "--created", description = "Creation time, ISO-8601 (default: now).")
    String created;

    @Option(
            names = "--valid-for",
            defaultValue = "P30D",
            description = "How long the bundle stays valid, ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    String validFor;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bundle file to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant createdAt = CliValues.instantOrNow("--created", created);
        Duration validity = CliValues.positiveDuration("--valid-for", validFor);
        List<KeyPair> signers = SigningKeys.read(keys);
        List<SignedRoot> rootChain = new ArrayList<>();
        for (Path file : roots) {
            rootChain.add(RootSection.readFile(file));
        }
        BundleWriter writer = new BundleWriter();
        for (Path file : records) {
            RecordSource.read(file, writer::add);
        }
        Manifest manifest = writer.write(
                out,
                dataset,
                sequence,
                createdAt,
                createdAt.plus(validity),
                signers.stream().map(KeyPair::getPrivate).toList(),
                signers.stream().map(KeyPair::getPublic).toList(),
                rootChain);
        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote %s: dataset %s sequence %d, %d files, %d certificates, %d bytes%n",
                        out,
                        manifest.dataset(),
                        manifest.sequence(),
                        manifest.counts().get("files"),
                        manifest.counts().get("certificates"),
                        Files.size(out));
        return 0;
    }
}
