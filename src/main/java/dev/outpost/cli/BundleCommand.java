package dev.outpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code outpost bundle ...}: the publisher's tools. */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        description = "Build, verify and inspect signed bundles.",
        subcommands = {
            BundleBuildCommand.class,
            BundleDeltaCommand.class,
            BundleVerifyCommand.class,
            BundleInspectCommand.class,
            CommandLine.HelpCommand.class
        })
public class BundleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build, verify or inspect");
    }
}
