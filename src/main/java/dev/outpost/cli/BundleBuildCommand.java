package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleWriter;
import dev.outpost.bundle.KeyFiles;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.RecordSource;

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
            description = "Private signing key(s); each NAME.key.pem needs NAME.pub.pem beside it.")
    List<Path> keys;

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
        Instant createdAt = parseInstant(created);
        Duration validity = parseDuration(validFor);
        List<PrivateKey> privateKeys = new ArrayList<>();
        List<PublicKey> publicKeys = new ArrayList<>();
        for (Path key : keys) {
            String name = key.getFileName().toString();
            if (!name.endsWith(".key.pem")) {
                throw new CliException("signing key " + key + " must be named NAME.key.pem");
            }
            Path publicKey = key.resolveSibling(name.substring(0, name.length() - ".key.pem".length()) + ".pub.pem");
            if (!Files.exists(publicKey)) {
                throw new CliException("public key " + publicKey + " for " + key + " is missing");
            }
            privateKeys.add(KeyFiles.readPrivate(key));
            publicKeys.add(KeyFiles.readPublic(publicKey));
        }
        BundleWriter writer = new BundleWriter();
        for (Path file : records) {
            RecordSource.read(file, writer::add);
        }
        Manifest manifest =
                writer.write(out, dataset, sequence, createdAt, createdAt.plus(validity), privateKeys, publicKeys);
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

    private static Instant parseInstant(String text) {
        try {
            return text == null ? Instant.now() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException("--created must be an ISO-8601 instant like 2026-01-31T00:00:00Z");
        }
    }

    private static Duration parseDuration(String text) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new CliException("--valid-for must be positive");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new CliException("--valid-for must be an ISO-8601 duration like P30D or P365D");
        }
    }
}
