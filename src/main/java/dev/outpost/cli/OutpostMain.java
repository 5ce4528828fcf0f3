package dev.outpost.cli;

import io.quarkus.runtime.annotations.QuarkusMain;

import picocli.CommandLine;

/**
 * Entry point of the one artifact that is both server and CLI (the Keycloak pattern). Arguments are
 * parsed before anything boots: only {@code serve} (the default) and {@code import} start Quarkus;
 * the other commands run as plain Java, so they neither bind the HTTP port nor lock the data
 * directory of a server that is running (ADR 0004).
 */
@QuarkusMain
public class OutpostMain {
    public static void main(String... args) {
        CommandLine commandLine = OutpostCommand.commandLine();
        int exitCode = commandLine.execute(args);
        if (!ServeCommand.ran()) {
            System.exit(exitCode);
        }
    }
}
