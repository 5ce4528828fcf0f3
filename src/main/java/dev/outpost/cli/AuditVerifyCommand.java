package dev.outpost.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code outpost audit verify}: exit 0 when the chain holds, 1 naming the first broken entry. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check the whole audit chain. Exit 0: valid; 1: broken (the first broken entry is named);"
                + " 2: the log could not be read.")
public class AuditVerifyCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return AuditCommand.boot(dataDir, spec.commandLine(), AuditApplication.VERIFY);
    }
}
