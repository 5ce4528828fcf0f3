package dev.outpost.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.store.GenerationStores;

/**
 * Boots the application beside a stopped server's data directory for a command that needs its
 * services (the database, the importer, the audit log): role {@code cli}, no inbox, HTTP on an
 * ephemeral loopback port, no banner, quiet logs, so that the first line printed is the command's
 * own (issue 11 item 19; {@code -Dquarkus.log.console.enabled=true} turns the logs on). One place for
 * {@code import}, {@code token}, {@code audit} and {@code local-verdicts}.
 */
final class CliBoot {
    private CliBoot() {}

    /**
     * Runs {@code application} with {@code args} on the data directory {@code data} (already checked
     * by the caller). A directory a running server holds is refused, with {@code inUseHint} saying
     * what to do instead. Returns the application's exit code, or {@code bootFailureCode} if the
     * boot failed, after printing {@code outpost: <command> failed: <reason>}.
     */
    static int run(
            Class<? extends QuarkusApplication> application,
            Path data,
            String command,
            String inUseHint,
            int bootFailureCode,
            PrintWriter err,
            String... args) {
        if (GenerationStores.isLocked(data.resolve("generations"))) {
            throw new CliException("the data directory " + data + " is in use by a running server; " + inUseHint);
        }
        System.setProperty("outpost.data-dir", data.toString());
        System.setProperty("outpost.role", "cli");
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.level", "WARN");
        System.setProperty("quarkus.log.category.\"dev.outpost\".level", "WARN");
        if (System.getProperty("quarkus.log.console.enabled") == null) {
            System.setProperty("quarkus.log.console.enabled", "false");
        }
        AtomicInteger exitCode = new AtomicInteger(bootFailureCode);
        Quarkus.run(
                application,
                (code, failure) -> {
                    if (failure != null) {
                        err.println("outpost: " + command + " failed: " + ImportCommand.reason(failure));
                        err.flush();
                        exitCode.set(bootFailureCode);
                    } else {
                        exitCode.set(code);
                    }
                },
                args);
        return exitCode.get();
    }
}
