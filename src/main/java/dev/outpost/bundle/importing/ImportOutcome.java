package dev.outpost.bundle.importing;

import java.time.Duration;
import java.util.List;

import dev.outpost.io.FailureDetail;
import dev.outpost.reputation.InvalidInputException;
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

    /**
     * The import could not finish for a reason of this appliance's, not of the bundle's: the disk is
     * full, a local write failed, or the source could not be read (issue 11 item 5). Nothing was
     * quarantined, staging was cleaned, the live dataset is untouched and the bundle stays where it
     * was, to be imported again once the cause is gone.
     *
     * @param reason {@code no-space}, {@code insufficient-space}, {@code local-io-error} or {@code
     *     source-unreadable}
     */
    record LocalFailure(String reason, String detail) implements ImportOutcome {
        public LocalFailure {
            if (reason == null || reason.isBlank() || detail == null) {
                throw new InvalidInputException(
                        "invalid-outcome", "a local failure needs a reason and a detail", reason);
            }
        }

        /**
         * A failed local read or write: {@code no-space} when the file system is full (ENOSPC, or a
         * quota), {@code local-io-error} otherwise. {@code what} says what was being done.
         */
        public static LocalFailure of(String what, Throwable failure) {
            String message = messages(failure);
            boolean full = message.contains("No space left on device") || message.contains("Disk quota exceeded");
            return new LocalFailure(
                    full ? "no-space" : "local-io-error",
                    what + " failed" + (full ? ": the data directory's file system is full" : "") + " (" + message
                            + "); the bundle was left where it is and will be tried again");
        }

        /** The messages of a failure and its causes, without class names (they are not for users). */
        private static String messages(Throwable failure) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = failure; t != null && text.length() < 500; t = t.getCause()) {
                // FailureDetail drops a message that names Java classes (issue 11 item 12).
                String message = FailureDetail.of(t);
                if (!message.isBlank() && text.indexOf(message) < 0) {
                    text.append(text.length() == 0 ? "" : ": ").append(message);
                }
            }
            return text.length() == 0 ? "input/output error" : text.toString();
        }
    }
}
