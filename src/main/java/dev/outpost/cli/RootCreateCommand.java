package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootDocument;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outpost root create}: writes an unsigned root document. Its exact bytes are what root key
 * holders sign with {@code outpost root sign}, each on their own offline machine.
 */
@Command(
        name = "create",
        description = "Write a root document naming root keys and release keys, to be signed by root key holders.")
public class RootCreateCommand implements Callable<Integer> {
    /**
     * Not the standard help mixin: its {@code --version} (print the version) would clash with the root
     * version option, and picocli then dropped {@code --help} too (issue 11 item 19).
     */
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", required = true, description = "Root version: 1, then one more than the last.")
    long version;

    @Option(
            names = "--valid-for",
            defaultValue = "P730D",
            description = "How long appliances accept this root as their newest, ISO-8601 duration"
                    + " (default: ${DEFAULT-VALUE}).")
    String validFor;

    @Option(
            names = "--root-key",
            required = true,
            arity = "1..*",
            paramLabel = "KEY.pub.pem",
            description = "Root public keys that will sign the next version.")
    List<Path> rootKeys;

    @Option(names = "--root-threshold", defaultValue = "1", description = "Root keys needed (default: 1).")
    int rootThreshold;

    @Option(
            names = "--release-key",
            required = true,
            arity = "1..*",
            paramLabel = "KEY.pub.pem",
            description = "Release public keys that sign bundle manifests under this root.")
    List<Path> releaseKeys;

    @Option(names = "--release-threshold", defaultValue = "1", description = "Release keys needed (default: 1).")
    int releaseThreshold;

    @Option(names = "--now", hidden = true, description = "Creation time, for reproducible documents.")
    String now;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Root document to write (JSON).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant created = CliValues.instantOrNow("--now", now);
        Duration validity = CliValues.positiveDuration("--valid-for", validFor);
        RootDocument document = new RootDocument(
                RootDocument.TYPE,
                version,
                created.plus(validity),
                rootKeys.stream()
                        .map(k -> RootDocument.encodeKey(KeyFiles.readPublic(k)))
                        .toList(),
                rootThreshold,
                releaseKeys.stream()
                        .map(k -> RootDocument.encodeKey(KeyFiles.readPublic(k)))
                        .toList(),
                releaseThreshold);
        Files.write(out, document.toBytes());
        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote %s: root version %d, expires %s, %d of %d root keys, %d of %d release keys%n",
                        out,
                        document.version(),
                        document.expires(),
                        document.rootThreshold(),
                        document.rootKeys().size(),
                        document.releaseThreshold(),
                        document.releaseKeys().size());
        return 0;
    }
}
