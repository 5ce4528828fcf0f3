package dev.outpost.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.lookup.AnswerJson;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.Snapshots;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.GenerationStores;
import dev.outpost.store.StoreTuning;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost lookup <hash>...}: reads the active generation directly, even beside a running
 * server, and prints what the server's API would answer from the vendor data: the body of {@code GET
 * /api/v1/files/{hash}} for one hash, of {@code POST /api/v1/files/lookup} for several.
 */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        description = "Look up file hashes (or certificates) offline, in the vendor data only.")
public class LookupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "HASH", arity = "1..*", description = "MD5, SHA-1 or SHA-256 hex digests.")
    List<String> hashes;

    @Option(names = "--certificate", description = "Treat the values as certificate SHA-256 thumbprints.")
    boolean certificate;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path data = CliFiles.dataDirectoryToRead(dataDir.resolve());
        try (GenerationStore store = GenerationStores.openReadOnly(data.resolve("generations"), StoreTuning.DEFAULTS)) {
            LookupService lookups = new LookupService(Snapshots.vendorOnly(store));
            List<LookupOutcome> outcomes = certificate ? lookups.certificates(hashes) : lookups.files(hashes);
            byte[] json = outcomes.size() == 1
                    ? AnswerJson.single(outcomes.get(0), AnswerJson.Escaping.HASH_ANSWERS)
                    : AnswerJson.bulk(outcomes, AnswerJson.Escaping.HASH_ANSWERS);
            PrintWriter out = spec.commandLine().getOut();
            out.println(new String(json, StandardCharsets.UTF_8));
            out.flush();
            return outcomes.stream().anyMatch(LookupOutcome.InvalidInput.class::isInstance) ? 1 : 0;
        }
    }
}
