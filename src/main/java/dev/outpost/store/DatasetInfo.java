package dev.outpost.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.outpost.reputation.InvalidInputException;

/**
 * What a generation holds, written into it when it is built and read back when it is opened: the
 * provenance every answer cites.
 *
 * @param dataset publisher's dataset name
 * @param sequence bundle sequence that produced this generation
 * @param created when the publisher created the bundle
 * @param expires after when the publisher considers the data stale
 * @param activated when this appliance activated it
 * @param bundleSha256 SHA-256 of the bundle file that produced it
 * @param signerKeyIds key ids whose valid signatures accepted the bundle
 * @param counts records per object kind ({@code files}, {@code certificates})
 * @param state the saved state checksum (sum and count, hex) a delta continues from; null for
 *     generations built before state checksums existed
 */
public record DatasetInfo(
        String dataset,
        long sequence,
        Instant created,
        Instant expires,
        Instant activated,
        String bundleSha256,
        List<String> signerKeyIds,
        Map<String, Long> counts,
        String state) {
    public DatasetInfo {
        if (dataset == null || dataset.isBlank() || sequence < 1 || created == null || activated == null) {
            throw new InvalidInputException(
                    "invalid-dataset-info", "dataset, sequence, created and activated are required", dataset);
        }
        signerKeyIds = List.copyOf(signerKeyIds);
        counts = Map.copyOf(counts);
    }
}
