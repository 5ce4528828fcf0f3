package dev.outpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code outpost root}: the publisher's root documents (ADR 0006). */
@Command(
        name = "root",
        mixinStandardHelpOptions = true,
        description = "Create and sign root documents: which root keys and release keys appliances trust.",
        subcommands = {RootCreateCommand.class, RootSignCommand.class, CommandLine.HelpCommand.class})
public class RootCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
