package dev.outpost.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

import dev.outpost.local.LocalIndex;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.Generation;

/**
 * Builds a DCSO Bloom filter (interop.md §1.6, docs/exports.md) of the chosen kinds and zones of one
 * generation, local verdicts applied. Two walks of the same lease, judged at the same instant: the
 * first counts the values, so that the filter is sized for exactly as many as it gets (n), the
 * second inserts them. Each value is its text in ASCII, without a newline, as {@code bloom insert}
 * reads a line and hashlookup-forensic-analyser hashes a digest: hex digests in the chosen case,
 * domain names in lower case.
 */
public final class BloomExport {
    private BloomExport() {}

    /** A built filter and what it holds. */
    public record Built(DcsoBloomFilter filter, Summary summary) {}

    /** What a filter holds; the CLI prints it. */
    public record Summary(String dataset, long sequence, long values, long hashedOnlyDomains, long unlistable) {}

    static Built build(BloomOptions options, Generation generation, LocalIndex local, Instant now, long maxBytes) {
        ExportWalk walk = new ExportWalk(generation, local, options.zones(), now);
        long[] counted = {0};
        walk.walk(options.kinds(), item -> {
            if (!item.exempt()) {
                counted[0]++;
            }
        });
        // An empty selection still makes a valid file: a filter of capacity 1 that holds nothing.
        DcsoBloomFilter filter = DcsoBloomFilter.create(Math.max(1, counted[0]), options.falsePositiveRate(), maxBytes);
        long[] inserted = {0};
        ExportWalk.Result result = walk.walk(options.kinds(), item -> {
            if (!item.exempt()) {
                filter.add(bytes(item, options.upperCase()));
                inserted[0]++;
            }
        });
        DatasetInfo info = generation.info();
        return new Built(
                filter,
                new Summary(
                        info.dataset(),
                        info.sequence(),
                        inserted[0],
                        result.hashedOnlyDomains(),
                        result.unlistableNames()));
    }

    /** The bytes inserted for an item: the value's ASCII text, hex in the chosen case. */
    static byte[] bytes(ExportItem item, boolean upperCase) {
        String value = item.kind() == ExportKind.DOMAIN || !upperCase
                ? item.value()
                : item.value().toUpperCase(Locale.ROOT);
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
