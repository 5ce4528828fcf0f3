package dev.outpost.export;

import dev.outpost.reputation.InvalidInputException;

/**
 * A Bloom filter that would be larger than this process may build: the bit array is held in memory
 * whole, so its size is capped (docs/exports.md). The caller's choice of values and rate caused it.
 */
public class ExportTooLargeException extends InvalidInputException {
    public ExportTooLargeException(long values, double falsePositiveRate, long bytes, long maxBytes) {
        super(
                "export-too-large",
                String.format(
                        "a Bloom filter of %d values at a false-positive rate of %s needs %d MiB, more than the %d MiB"
                                + " this process may hold; choose a higher rate or fewer kinds or zones (or give the"
                                + " CLI a larger heap, -Xmx)",
                        values, falsePositiveRate, bytes >> 20, maxBytes >> 20),
                String.valueOf(falsePositiveRate));
    }
}
