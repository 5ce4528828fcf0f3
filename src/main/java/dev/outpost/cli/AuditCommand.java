package dev.outpost.cli;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.runtime.Quarkus;

import dev.outpost.store.GenerationStores;

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
        if (GenerationStores.isLocked(data.resolve("generations"))) {
            throw new CliException("the data directory " + data + " is in use by a running server; "
                    + "ask it instead: GET /api/v1/admin/audit/verify");
        }
        System.setProperty("outpost.data-dir", data.toString());
        System.setProperty("outpost.role", "cli");
        // As `outpost import`: no public port, no banner, quiet logs (-D... turns them on).
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.level", "WARN");
        System.setProperty("quarkus.log.category.\"dev.outpost\".level", "WARN");
        if (System.getProperty("quarkus.log.console.enabled") == null) {
            System.setProperty("quarkus.log.console.enabled", "false");
        }
        AtomicInteger exitCode = new AtomicInteger(UNREADABLE);
        Quarkus.run(
                AuditApplication.class,
                (code, failure) -> {
                    if (failure != null) {
                        commandLine
                                .getErr()
                                .println("outpost: audit " + args[0] + " failed: " + ImportCommand.reason(failure));
                        exitCode.set(UNREADABLE);
                    } else {
                        exitCode.set(code);
                    }
                },
                args);
        return exitCode.get();
    }
}
