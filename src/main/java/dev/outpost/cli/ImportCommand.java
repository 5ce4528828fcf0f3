package dev.outpost.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.outpost.bundle.importing.ExpiryOverride;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.OutpostException;

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
        return CliBoot.run(
                ImportApplication.class,
                CliFiles.dataDirectoryToWrite(dataDir.resolve()),
                "import",
                "drop the bundle into its inbox instead",
                1,
                spec.commandLine().getErr(),
                allowExpiredReason == null
                        ? new String[] {bundle.toAbsolutePath().toString()}
                        : new String[] {bundle.toAbsolutePath().toString(), allowExpiredReason});
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
