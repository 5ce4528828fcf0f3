package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code outpost local-verdicts import FILE}: all rows of a CSV or JSON Lines file, or none. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import local verdicts from a CSV (with header row) or JSON Lines file: every row, or none"
                + " if any is invalid (each bad row is listed). Exit 2 when the file is refused.")
public class LocalVerdictImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The file (.csv, .jsonl or .ndjson, or see --format).")
    Path file;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "The file's format (default: by its name).")
    String format;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException("not a readable file: " + file);
        }
        String chosen = LocalVerdictsCommand.format(format, file);
        return LocalVerdictsCommand.boot(
                dataDir.resolve(), spec, "import", file.toAbsolutePath().toString(), chosen);
    }
}
