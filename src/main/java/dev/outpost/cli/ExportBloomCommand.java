package dev.outpost.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.export.BloomOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outpost export bloom --out FILE}: a DCSO Bloom filter, as CIRCL publishes for hashlookup (docs/exports.md). */
@Command(
        name = "bloom",
        mixinStandardHelpOptions = true,
        description = "Write file hashes (and listed domain names) of chosen zones as a DCSO Bloom filter (the"
                + " format of hashlookup's filters; written whole, then moved into place).")
public class ExportBloomCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The filter file to write (replaced).")
    Path out;

    @Option(
            names = "--kinds",
            split = ",",
            paramLabel = "KIND",
            description = "md5, sha1, sha256, domain; comma-separated or repeated (default: sha1).")
    List<String> kinds;

    @Option(
            names = "--zones",
            split = ",",
            paramLabel = "ZONE",
            description = "red, yellow, green; comma-separated or repeated (default: red).")
    List<String> zones;

    @Option(
            names = "--fp-rate",
            paramLabel = "P",
            defaultValue = "0.0001",
            description = "The false-positive rate the filter is sized for (default: ${DEFAULT-VALUE}).")
    String fpRate;

    @Option(
            names = "--case",
            paramLabel = "upper|lower",
            defaultValue = "upper",
            description = "The case of hex digests (default: ${DEFAULT-VALUE}, hashlookup's convention).")
    String letterCase;

    @Option(names = "--gzip", description = "Gzip the file (as bloom --gzip writes and reads it).")
    boolean gzip;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BloomOptions options = BloomOptions.parse(
                kinds == null ? null : String.join(",", kinds),
                zones == null ? null : String.join(",", zones),
                fpRate,
                letterCase,
                Boolean.toString(gzip));
        Path file = ExportCommand.outputFile(out);
        return ExportCommand.boot(
                dataDir,
                spec,
                "bloom",
                file.toString(),
                options.kindsText(),
                options.zonesText(),
                Double.toString(options.falsePositiveRate()),
                options.upperCase() ? "upper" : "lower",
                Boolean.toString(options.gzip()));
    }
}
