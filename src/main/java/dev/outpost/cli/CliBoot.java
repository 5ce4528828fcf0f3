package dev.outpost.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.store.GenerationStores;

/**
 * Boots the application beside a stopped server's data directory for a command that needs its
 * services (the database, the audit log): role {@code cli}, no inbox, HTTP on an ephemeral loopback
 * port, quiet logs, so that the first line printed is the command's own.
 */
final class CliBoot {
    private CliBoot() {}

    /** Runs {@code application} with {@code args}; its exit code, or 1 if the boot failed. */
    static int run(
            Class<? extends QuarkusApplication> application, Path dataDirectory, PrintWriter err, String... args) {
        Path data = CliFiles.dataDirectoryToWrite(dataDirectory);
        if (GenerationStores.isLocked(data.resolve("generations"))) {
            throw new CliException("the data directory " + data + " is in use by a running server; stop it, or"
                    + " use the server's API (--url)");
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
        AtomicInteger exitCode = new AtomicInteger(1);
        Quarkus.run(
                application,
                (code, failure) -> {
                    if (failure != null) {
                        err.println("outpost: " + ImportCommand.reason(failure));
                        err.flush();
                    }
                    exitCode.set(code);
                },
                args);
        return exitCode.get();
    }
}
