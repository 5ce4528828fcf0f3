package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outpost audit export --out FILE}: the log as JSON Lines (docs/audit.md). */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write the audit log as JSON Lines, one entry per line, oldest first"
                + " (docs/audit.md; check it with docs/audit/verify-export.py).")
public class AuditExportCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path file = out.toAbsolutePath().normalize();
        if (!force && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(file + " exists; give --force to replace it");
        }
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a directory");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new CliException("cannot write in " + parent + " (no such directory, or read-only)");
        }
        return AuditCommand.boot(
                dataDir, spec.commandLine(), AuditApplication.EXPORT, file.toString(), Boolean.toString(force));
    }
}
