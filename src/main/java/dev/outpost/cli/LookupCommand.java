package dev.outpost.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.lookup.Answer;
import dev.outpost.lookup.LookupService;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code outpost lookup <hash>...}: reads the active generation directly, even beside a running server. */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        description = "Look up file hashes (or certificates) offline.")
public class LookupCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "HASH", arity = "1..*", description = "MD5, SHA-1 or SHA-256 hex digests.")
    List<String> hashes;

    @Option(names = "--certificate", description = "Treat the values as certificate SHA-256 thumbprints.")
    boolean certificate;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path data = CliFiles.dataDirectoryToRead(dataDir.resolve());
        try (RocksGenerationStore store =
                RocksGenerationStore.openReadOnly(data.resolve("generations"), StoreTuning.DEFAULTS)) {
            LookupService lookups = new LookupService(store);
            List<Answer> answers = certificate ? lookups.certificates(hashes) : lookups.files(hashes);
            Object output = answers.size() == 1 ? answers.get(0) : answers;
            spec.commandLine().getOut().println(JSON.writeValueAsString(output));
            return answers.stream().anyMatch(a -> a.error() != null) ? 1 : 0;
        }
    }
}
