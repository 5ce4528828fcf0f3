package dev.outpost.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.runtime.Quarkus;

import dev.outpost.bundle.importing.ExpiryOverride;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.OutpostException;
import dev.outpost.store.GenerationStores;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost import <file>}: offline import into a data directory, through the same verified
 * path as the server's inbox, recorded in the same import history. Boots the application without
 * its server duties (role {@code cli}, HTTP on an ephemeral loopback port).
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Verify a signed bundle and activate it in the data directory (server must be stopped).")
public class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE", description = "Bundle file to import.")
    Path bundle;

    @Mixin
    DataDirOption dataDir;

    @Option(
            names = "--allow-expired",
            paramLabel = "REASON",
            description = "Import the bundle even if it has expired. The reason and the user running the import "
                    + "are written to the import history.")
    String allowExpiredReason;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CliFiles.bundle(bundle);
        if (allowExpiredReason != null) {
            try {
                new ExpiryOverride(allowExpiredReason, System.getProperty("user.name"));
            } catch (InvalidInputException e) {
                throw new CliException(e.detail());
            }
        }
        Path data = CliFiles.dataDirectoryToWrite(dataDir.resolve());
        if (GenerationStores.isLocked(data.resolve("generations"))) {
            throw new CliException("the data directory " + data + " is in use by a running server; "
                    + "drop the bundle into its inbox instead");
        }
        System.setProperty("outpost.data-dir", data.toString());
        System.setProperty("outpost.role", "cli");
        // The application boots for its services, not to serve: no public port, no banner, quiet logs.
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.level", "WARN");
        System.setProperty("quarkus.log.category.\"dev.outpost\".level", "WARN");
        // Issue 11 item 19: the first line printed is the import's result or its error, not a library's
        // warning from the boot; the result line already says what the logs would. -D... turns them on.
        if (System.getProperty("quarkus.log.console.enabled") == null) {
            System.setProperty("quarkus.log.console.enabled", "false");
        }
        AtomicInteger exitCode = new AtomicInteger(1);
        Quarkus.run(
                ImportApplication.class,
                (code, failure) -> {
                    if (failure != null) {
                        spec.commandLine().getErr().println("outpost: import failed: " + reason(failure));
                    }
                    exitCode.set(code);
                },
                allowExpiredReason == null
                        ? new String[] {bundle.toAbsolutePath().toString()}
                        : new String[] {bundle.toAbsolutePath().toString(), allowExpiredReason});
        return exitCode.get();
    }

    /**
     * Why the boot failed, with its logs off: "Failed to start quarkus" says nothing, so the reason is
     * Outpost's own words where there are some, else the innermost message.
     */
    static String reason(Throwable failure) {
        String message = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutpostException outpost) {
                return outpost.detail();
            }
            // Messages that name Java classes are not for users (issue 11 item 12).
            if (dev.outpost.io.FailureDetail.isPlain(cause.getMessage())) {
                message = cause.getMessage();
            }
        }
        return message == null ? "the application did not start (the log has the details)" : message;
    }
}
