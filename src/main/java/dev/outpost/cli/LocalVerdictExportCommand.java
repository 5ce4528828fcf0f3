package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.outpost.local.VerdictState;
import dev.outpost.reputation.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outpost local-verdicts export --out FILE}: every local verdict as CSV or JSON Lines. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export local verdicts to a CSV or JSON Lines file (written whole, then moved into place).")
public class LocalVerdictExportCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write (.csv or .jsonl).")
    Path out;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "The format (default: by the file's name).")
    String format;

    @Option(
            names = "--state",
            paramLabel = "active|expired|all",
            defaultValue = "all",
            description = "Which verdicts: those that apply, those that expired, or all (default).")
    String state;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String chosen = LocalVerdictsCommand.format(format, out);
        try {
            VerdictState.of(state);
        } catch (InvalidInputException e) {
            throw new CliException("--state is active, expired or all");
        }
        Path target = out.toAbsolutePath();
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new CliException("no such directory: " + target.getParent());
        }
        return LocalVerdictsCommand.boot(dataDir.resolve(), spec, "export", target.toString(), chosen, state);
    }
}
