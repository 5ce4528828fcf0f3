package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.store.GenerationStore;
import dev.outpost.store.GenerationStores;
import dev.outpost.store.StoreTuning;

/**
 * {@code outpost export rpz|bloom} in process, up to the boot: each bad option, output file or data
 * directory is refused with its own one-line message and exit 1 before anything boots (ADR 0004),
 * and a data directory a running server holds is refused with the API to ask instead. The boot and
 * the files written are tested on the packaged application (ExportCliIT); the export itself in
 * dev.outpost.export.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = OutpostCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Result export(String kind, String... options) {
        List<String> args = new ArrayList<>(
                List.of("export", kind, "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    private void refused(Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("outpost: " + message);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void refusesEachBadRpzOptionBeforeBooting() {
        String out = dir.resolve("rpz.zone").toString();
        refused(export("rpz", "--out", out, "--ttl", "soon"), "ttl must be a whole number");
        refused(export("rpz", "--out", out, "--ttl", "2147483648"), "ttl must be 0 to 2147483647 seconds");
        refused(export("rpz", "--out", out, "--action", "passthru"), "action must be nxdomain, nodata or drop");
        refused(
                export("rpz", "--out", out, "--zone", "rpz outpost"),
                "zone must be a DNS name of at most 150 characters: lower-case labels of a-z, 0-9, '-' and '_', e.g."
                        + " rpz.outpost.internal");
    }

    @Test
    void refusesEachBadBloomOptionBeforeBooting() {
        String out = dir.resolve("f.bloom").toString();
        refused(
                export("bloom", "--out", out, "--kinds", "sha1,ip"),
                "unknown kind 'ip'; kinds are md5, sha1, sha256 and domain");
        refused(
                export("bloom", "--out", out, "--zones", "grey"),
                "unknown zone 'grey'; zones are red, yellow and green");
        refused(
                export("bloom", "--out", out, "--fp-rate", "0"),
                "the false-positive rate must be at least 1.0E-15 and below 1");
        refused(
                export("bloom", "--out", out, "--fp-rate", "often"),
                "the false-positive rate must be a number such as 0.0001 or 1e-6");
        refused(export("bloom", "--out", out, "--case", "title"), "case must be upper or lower");
    }

    @Test
    void refusesAnOutputFileThatCannotBeWrittenAndAMissingDataDirectory() throws Exception {
        refused(
                export("rpz", "--out", dir.resolve("absent/rpz.zone").toString()),
                "cannot write in " + dir.resolve("absent") + " (no such directory, or read-only)");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        refused(export("bloom", "--out", folder.toString()), folder + " is a directory");
        refused(
                export("rpz", "--out", dir.resolve("rpz.zone").toString()),
                "no data directory at " + dir.resolve("data") + " (give --data-dir)");
    }

    @Test
    void refusesADataDirectoryThatARunningServerHoldsAndNamesTheApi() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (GenerationStore held = GenerationStores.open(data.resolve("generations"), StoreTuning.DEFAULTS)) {
            refused(
                    export("rpz", "--out", dir.resolve("rpz.zone").toString()),
                    "the data directory " + data + " is in use by a running server; ask it instead: GET"
                            + " /api/v1/exports/rpz");
            refused(
                    export("bloom", "--out", dir.resolve("f.bloom").toString()),
                    "the data directory " + data + " is in use by a running server; ask it instead: GET"
                            + " /api/v1/exports/bloom");
        }
        assertThat(dir.resolve("rpz.zone")).doesNotExist();
    }

    @Test
    void namesASubcommandAndDocumentsEveryOption() {
        Result bare = run("export");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("name a subcommand: rpz or bloom");
        Result rpzHelp = run("export", "rpz", "--help");
        assertThat(rpzHelp.exitCode()).isZero();
        assertThat(rpzHelp.out())
                .contains("--out=FILE", "--zone=NAME", "--include-yellow", "--ttl=SECONDS")
                .contains("--action=nxdomain|nodata|drop", "--data-dir=DIR");
        Result bloomHelp = run("export", "bloom", "--help");
        assertThat(bloomHelp.out())
                .contains("--kinds=KIND", "--zones=ZONE", "--fp-rate=P", "--case=upper|lower", "--gzip");
    }
}
