package dev.outpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.audit.Actor;
import dev.outpost.local.Editor;
import dev.outpost.local.LocalVerdictExport;
import dev.outpost.local.LocalVerdictImports;
import dev.outpost.local.VerdictState;
import dev.outpost.reputation.OutpostException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code outpost local-verdicts import|export}: local verdicts in bulk against the data directory of
 * a stopped server (docs/local-verdicts.md). Boots the application without its server duties, as
 * {@code outpost import} does. The command acts with an admin's authority, recorded in the audit log
 * as {@code cli:<user>}: whoever may write the data directory controls the appliance already.
 */
@Command(
        name = "local-verdicts",
        mixinStandardHelpOptions = true,
        description = "Import or export local verdicts (CSV or JSON Lines) in a data directory (server stopped).",
        subcommands = {LocalVerdictImportCommand.class, LocalVerdictExportCommand.class})
public class LocalVerdictsCommand implements Runnable {
    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code csv} or {@code jsonl}: given, or by the file's extension. */
    static String format(String given, Path file) {
        if (given != null) {
            if (!given.equals("csv") && !given.equals("jsonl")) {
                throw new CliException("--format is csv or jsonl");
            }
            return given;
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "jsonl";
        }
        throw new CliException("cannot tell the format of " + file + " from its name; give --format csv or jsonl");
    }

    /** Boots the application on {@code dataDir} and runs {@link Application} with {@code args}. */
    static int boot(Path dataDir, CommandSpec spec, String... args) {
        return CliBoot.run(
                Application.class,
                CliFiles.dataDirectoryToWrite(dataDir),
                "local-verdicts",
                "use its API (/api/v1/local-verdicts/import and /export) instead",
                1,
                spec.commandLine().getErr(),
                args);
    }

    /** The application body: {@code import FILE FORMAT} or {@code export FILE FORMAT STATE}. */
    public static class Application implements QuarkusApplication {
        @Inject
        LocalVerdictImports imports;

        @Inject
        LocalVerdictExport export;

        @Override
        public int run(String... args) throws Exception {
            PrintStream out = System.out;
            Path file = Path.of(args[1]);
            String format = args[2];
            try {
                if (args[0].equals("import")) {
                    LocalVerdictImports.Result result;
                    try (InputStream in = Files.newInputStream(file)) {
                        result = imports.importFormat(in, format, editor());
                    }
                    out.printf(
                            "Imported %s: %d rows (%d created, %d updated, %d unchanged)%n",
                            file.getFileName(), result.rows(), result.created(), result.updated(), result.unchanged());
                    return 0;
                }
                Path partial = file.resolveSibling(file.getFileName() + ".partial");
                long written;
                try (OutputStream stream = Files.newOutputStream(partial)) {
                    written = export.write(format, VerdictState.of(args[3]), stream);
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                out.printf("Exported %d local verdicts to %s%n", written, file);
                return 0;
            } catch (OutpostException e) {
                System.err.println("outpost: " + e.detail());
                printErrors(e.extensions().get("errors"));
                // 2: the file was refused as a whole (as `outpost import` does for a rejected bundle).
                return e.extensions().isEmpty() ? 1 : 2;
            } catch (IOException e) {
                System.err.println("outpost: " + dev.outpost.io.FailureDetail.of(e));
                return 1;
            }
        }

        private static Editor editor() {
            return new Editor(Actor.cli(System.getProperty("user.name")), true);
        }

        /** One line per bad row: {@code row 7: invalid-url: ...}. */
        private static void printErrors(Object errors) {
            if (errors instanceof List<?> list) {
                for (Object error : list) {
                    if (error instanceof Map<?, ?> row) {
                        System.err.printf("row %s: %s: %s%n", row.get("row"), row.get("type"), row.get("detail"));
                    }
                }
            }
        }
    }
}
