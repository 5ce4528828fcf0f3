package dev.outpost.bundle;

import java.time.Duration;
import java.util.List;

import dev.outpost.store.DatasetInfo;

/** How an import ended: a closed set consumed by {@code switch}. */
public sealed interface ImportOutcome {
    /**
     * The bundle was verified, built and is now the active dataset. {@code override} is set when the
     * bundle had expired and an operator's override let it in; {@code rootVersion} is the root whose
     * release keys accepted it (0: configured release keys).
     */
    record Activated(
            DatasetInfo dataset,
            long previousSequence,
            long entries,
            Duration duration,
            ExpiryOverride override,
            long rootVersion)
            implements ImportOutcome {}

    /** The bundle's sequence is the active one: nothing to do. */
    record AlreadyActive(String dataset, long sequence) implements ImportOutcome {}

    /**
     * The bundle was refused; the live dataset is untouched. Manifest fields are filled in as far as
     * they were known (and trusted) when the check failed.
     */
    record Rejected(
            String reason, String detail, String dataset, Long sequence, List<String> signerKeyIds, Long rootVersion)
            implements ImportOutcome {
        public Rejected {
            signerKeyIds = signerKeyIds == null ? List.of() : List.copyOf(signerKeyIds);
        }

        /** Rejected before any root or signature was checked. */
        public Rejected(String reason, String detail) {
            this(reason, detail, null, null, null, null);
        }
    }
}
