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

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost lookup <hash>...}: reads the active generation directly, even beside a running
 * server, and prints what the server's API would answer from the vendor data: the body of {@code GET
 * /api/v1/files/{hash}} for one hash, of {@code POST /api/v1/files/lookup} for several. The store
 * is opened with the server's {@code outpost.store.*} tuning. Local verdicts live in the server's
 * database, which this process does not open (ADR 0004, ADR 0009), and it says so.
 */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        description = "Look up file hashes (or certificates) offline, in the vendor data only.")
public class LookupCommand implements Callable<Integer> {
    static final String VENDOR_DATA_ONLY = "outpost: local verdicts are not consulted offline; these answers are"
            + " the vendor dataset's (the server's API applies local verdicts)";

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
        try (GenerationStore store =
                GenerationStores.openReadOnly(data.resolve("generations"), CliConfig.storeTuning())) {
            LookupService lookups = new LookupService(Snapshots.vendorOnly(store));
            List<LookupOutcome> outcomes = certificate ? lookups.certificates(hashes) : lookups.files(hashes);
            byte[] json = outcomes.size() == 1
                    ? AnswerJson.single(outcomes.get(0), AnswerJson.Escaping.HASH_ANSWERS)
                    : AnswerJson.bulk(outcomes, AnswerJson.Escaping.HASH_ANSWERS);
            PrintWriter out = spec.commandLine().getOut();
            out.println(new String(json, StandardCharsets.UTF_8));
            out.flush();
            // After the answer, so that the first line of output is the command's result (issue 11 item 19).
            spec.commandLine().getErr().println(VENDOR_DATA_ONLY);
            return outcomes.stream().anyMatch(LookupOutcome.InvalidInput.class::isInstance) ? 1 : 0;
        }
    }
}
