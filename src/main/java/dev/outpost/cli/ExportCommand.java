package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code outpost export rpz|bloom}: the active dataset of a stopped server's data directory, with
 * its local verdicts applied, as a Response Policy Zone or a DCSO Bloom filter (docs/exports.md).
 * Boots the application in the {@code cli} role, as {@code outpost local-verdicts} does, since the
 * local verdicts live in the server's database.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export the active dataset, local verdicts applied, as an RPZ zone or a DCSO Bloom filter"
                + " (server must be stopped; a running server answers GET /api/v1/exports/rpz and /bloom).",
        subcommands = {ExportRpzCommand.class, ExportBloomCommand.class, CommandLine.HelpCommand.class})
public class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: rpz or bloom");
    }

    /** The output file: not a directory, in an existing directory this user may write to. */
    static Path outputFile(Path out) {
        Path file = out.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a directory");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(file + " is not a regular file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new CliException("cannot write in " + parent + " (no such directory, or read-only)");
        }
        return file;
    }

    /** Boots the application on {@code dataDir} and runs {@link ExportApplication} with {@code args}. */
    static int boot(DataDirOption dataDir, CommandSpec spec, String... args) {
        Path data = dataDir.resolve();
        if (!Files.isDirectory(data)) {
            throw new CliException("no data directory at " + data + " (give --data-dir)");
        }
        return CliBoot.run(
                ExportApplication.class,
                CliFiles.dataDirectoryToWrite(data),
                "export " + args[0],
                "ask it instead: GET /api/v1/exports/" + args[0],
                1,
                spec.commandLine().getErr(),
                args);
    }
}
