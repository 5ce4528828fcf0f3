package dev.outpost.cli;

import java.util.concurrent.Callable;

import dev.outpost.reputation.OutpostException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code outpost}: runs the server when no subcommand is given. */
@Command(
        name = "outpost",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Private security network appliance: signed offline reputation bundles, local lookups.",
        subcommands = {
            ServeCommand.class,
            ImportCommand.class,
            LookupCommand.class,
            KeygenCommand.class,
            BundleCommand.class,
            RootCommand.class,
            OperatorTokenCommand.class,
            TokenCommand.class,
            AuditCommand.class,
            LocalVerdictsCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class
        })
public class OutpostCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return new ServeCommand().call();
    }

    /** The command line with Outpost's error handling: one line, non-zero exit, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OutpostCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof OutpostException outpost ? outpost.detail() : describe(e);
            cmd.getErr().println(cmd.getColorScheme().errorText("outpost: " + message));
            return 1;
        });
        return commandLine;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        return dev.outpost.io.FailureDetail.of(e);
    }
}
