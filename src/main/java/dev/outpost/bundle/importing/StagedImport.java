package dev.outpost.bundle.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.io.FailureDetail;

/**
 * One import through local staging, journaled state by state ({@link ImportJournal}): the bundle is
 * copied from its source (a USB stick may change under us) into staging while hashing it, the copy
 * is imported, and the copy is then quarantined or removed. Plain Java, so that crash trials can run
 * exactly this path in a child JVM; {@link ImportService} adds the history and one-at-a-time.
 */
public final class StagedImport {
    private static final Logger LOG = Logger.getLogger(StagedImport.class);
    private static final int COPY_BUFFER_BYTES = 1 << 20;

    private final BundleImporter importer;
    private final Path staging;
    private final Quarantine quarantine;
    private final BundleLimits limits;

    public StagedImport(BundleImporter importer, Path staging, Quarantine quarantine, BundleLimits limits) {
        this.importer = importer;
        this.staging = staging;
        this.quarantine = quarantine;
        this.limits = limits;
    }

    /** Copies and imports under a new import id; call {@link Attempt#complete} once the outcome is recorded. */
    public Attempt run(
            InputStream source, String fileName, String origin, ImportProgress progress, ExpiryOverride override) {
        return run(source, UUID.randomUUID().toString(), fileName, origin, progress, override);
    }

    /** As above, under the import id {@code importId} (a UUID), which names the journal. */
    public Attempt run(
            InputStream source,
            String importId,
            String fileName,
            String origin,
            ImportProgress progress,
            ExpiryOverride override) {
        Instant started = Instant.now();
        ImportJournal journal;
        try {
            journal = ImportJournal.begin(staging, importId, origin, fileName, progress);
        } catch (UncheckedIOException e) {
            ImportOutcome failed = ImportOutcome.LocalFailure.of("starting the import journal in staging", e);
            return new Attempt(null, quarantine, fileName, origin, started, Instant.now(), null, 0, failed);
        }
        String sha256 = null;
        long bytes = 0;
        ImportOutcome outcome;
        try {
            MessageDigest digest = BundleFormat.sha256();
            bytes = copy(new DigestInputStream(source, digest), journal.staged());
            sha256 = HexFormat.of().formatHex(digest.digest());
            if (bytes > limits.maxBundleBytes()) {
                outcome = new ImportOutcome.Rejected(
                        "too-large", "bundle is larger than the limit of " + limits.maxBundleBytes() + " bytes");
            } else {
                journal.received(sha256, bytes);
                outcome = importer.importBundle(journal.staged(), sha256, journal, override);
            }
        } catch (SourceException e) {
            outcome = new ImportOutcome.LocalFailure(
                    "source-unreadable",
                    "the bundle could not be read from its source (" + FailureDetail.of(e.getCause())
                            + "); it was left where it is and will be tried again");
        } catch (IOException | UncheckedIOException e) {
            // Writing the staged copy or the journal: the disk of this appliance, not the bundle (issue 11 item 5).
            outcome = ImportOutcome.LocalFailure.of("copying the bundle into staging", e);
        }
        return new Attempt(journal, quarantine, fileName, origin, started, Instant.now(), sha256, bytes, outcome);
    }

    /** Copies at most one byte more than the limit: enough to know the bundle is too large. */
    private long copy(InputStream in, Path staged) throws IOException {
        long bytes = 0;
        try (in;
                OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            int n;
            while ((n = read(in, buffer)) > 0) {
                bytes += n;
                if (bytes > limits.maxBundleBytes()) {
                    return bytes;
                }
                out.write(buffer, 0, n);
            }
        }
        try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return bytes;
    }

    /** A read of the source, whose failures say nothing about the disk of this appliance. */
    private static int read(InputStream in, byte[] buffer) throws SourceException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new SourceException(e);
        }
    }

    /** The source (a USB stick, an upload) failed while it was copied. */
    private static final class SourceException extends IOException {
        SourceException(IOException cause) {
            super(cause);
        }
    }

    /**
     * A finished import whose staged copy and journal are still in staging; {@code journal} is null
     * when nothing was staged (the copy failed), and {@code sha256} then too.
     */
    record Attempt(
            ImportJournal journal,
            Quarantine quarantine,
            String fileName,
            String origin,
            Instant started,
            Instant finished,
            String sha256,
            long bytes,
            ImportOutcome outcome) {
        /**
         * The outcome is recorded ({@code recorded} says whether in the import history): a rejected
         * bundle moves to quarantine with a reason file, any other copy is removed, and the journal
         * goes last.
         */
        public void complete(boolean recorded) {
            if (journal == null) {
                return;
            }
            if (recorded) {
                try {
                    journal.recorded();
                } catch (UncheckedIOException e) {
                    LOG.errorf("Cannot journal that %s was recorded: %s", fileName, e.getMessage());
                }
            }
            try {
                if (outcome instanceof ImportOutcome.Rejected rejected) {
                    quarantine(rejected);
                } else {
                    // Activated, unchanged, or a local failure: the bundle itself is still at its source.
                    Files.deleteIfExists(journal.staged());
                }
            } catch (IOException e) {
                LOG.errorf("Cannot clear the staged copy of %s: %s", fileName, e.getMessage());
            }
            journal.finish();
        }

        /** Moves the staged copy to quarantine with a reason file beside it; the live data is untouched. */
        private void quarantine(ImportOutcome.Rejected rejected) throws IOException {
            String base = finished.toString().replace(':', '-') + "-" + fileName;
            String reason = "bundle: " + fileName + "\norigin: " + origin + "\nsha256: " + sha256 + "\nreason: "
                    + rejected.reason() + "\ndetail: " + rejected.detail() + "\nat: " + finished + "\n";
            try {
                quarantine.put(journal.staged(), base, reason);
            } finally {
                // A reason file that a full disk stopped half-way must not leave the copy in staging.
                Files.deleteIfExists(journal.staged());
            }
        }
    }
}
