package dev.outpost.cli;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.inject.Inject;

import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.export.BloomExport;
import dev.outpost.export.BloomOptions;
import dev.outpost.export.DcsoBloomFilter;
import dev.outpost.export.ExportKind;
import dev.outpost.export.Exports;
import dev.outpost.export.RpzExport;
import dev.outpost.export.RpzOptions;
import dev.outpost.lookup.NoDatasetException;
import dev.outpost.reputation.OutpostException;

/**
 * The application body of {@code outpost export rpz} and {@code outpost export bloom}: arguments
 * already checked by the commands, written as {@code rpz FILE ZONE YELLOW TTL ACTION} or {@code
 * bloom FILE KINDS ZONES RATE CASE GZIP}. Prints one line saying what the file holds.
 */
public class ExportApplication implements QuarkusApplication {
    @Inject
    Exports exports;

    @Override
    public int run(String... args) {
        Path file = Path.of(args[1]);
        try {
            if (args[0].equals("rpz")) {
                RpzExport.Summary summary = exports.rpzFile(RpzOptions.parse(args[2], args[3], args[4], args[5]), file);
                System.out.printf(
                        "Exported RPZ zone %s to %s: dataset %s sequence %d (serial %d): %s%n",
                        summary.zone(),
                        file,
                        summary.dataset(),
                        summary.sequence(),
                        summary.serial(),
                        summary.describe());
                return 0;
            }
            BloomOptions options = BloomOptions.parse(args[2], args[3], args[4], args[5], args[6]);
            BloomExport.Built built = exports.bloomFile(options, file);
            DcsoBloomFilter filter = built.filter();
            BloomExport.Summary summary = built.summary();
            System.out.printf(
                    "Exported Bloom filter to %s: dataset %s sequence %d: %d values (%s; %s; %s case), n=%d p=%s k=%d"
                            + " m=%d bits, %d bytes%s%s%n",
                    file,
                    summary.dataset(),
                    summary.sequence(),
                    summary.values(),
                    options.kindsText(),
                    options.zonesText(),
                    options.upperCase() ? "upper" : "lower",
                    filter.capacity(),
                    filter.falsePositiveRate(),
                    filter.hashFunctions(),
                    filter.bits(),
                    filter.fileBytes(),
                    options.gzip() ? " before gzip" : "",
                    options.kinds().contains(ExportKind.DOMAIN)
                            ? "; not listed: " + summary.hashedOnlyDomains() + " domains held as hashes only"
                            : "");
            return 0;
        } catch (NoDatasetException e) {
            System.err.println("outpost: no dataset is active in this data directory; import a bundle first");
            return 1;
        } catch (OutpostException e) {
            System.err.println("outpost: " + e.detail());
            return 1;
        } catch (IOException e) {
            System.err.println("outpost: " + dev.outpost.io.FailureDetail.of(e));
            return 1;
        }
    }
}
