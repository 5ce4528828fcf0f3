package dev.outpost.cli;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code outpost audit verify|export}: the audit log of a stopped server's data directory (or of
 * the PostgreSQL database it is configured with), through the application booted in the
 * {@code cli} role, as {@code outpost import} boots it.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify or export the tamper-evident audit log (server must be stopped).",
        subcommands = {AuditVerifyCommand.class, AuditExportCommand.class, CommandLine.HelpCommand.class})
public class AuditCommand implements Runnable {
    /** Exit status when the log could not be read at all (as opposed to 1: read, and broken). */
    static final int UNREADABLE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: verify or export");
    }

    /** Boots the application in the cli role against {@code dataDir} and runs {@link AuditApplication}. */
    static int boot(DataDirOption dataDirOption, CommandLine commandLine, String... args) {
        Path data = dataDirOption.resolve();
        if (!java.nio.file.Files.isDirectory(data)) {
            throw new CliException("no data directory at " + data + " (give --data-dir)");
        }
        CliFiles.dataDirectoryToRead(data);
        return CliBoot.run(
                AuditApplication.class,
                data,
                "audit " + args[0],
                "ask it instead: GET /api/v1/admin/audit/verify",
                UNREADABLE,
                commandLine.getErr(),
                args);
    }
}
