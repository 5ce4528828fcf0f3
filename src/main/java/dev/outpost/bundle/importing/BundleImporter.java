package dev.outpost.bundle.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.BundleVerifier;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.PartEntries;
import dev.outpost.bundle.PartReader;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.bundle.VerifiedBundle;
import dev.outpost.io.FailureDetail;
import dev.outpost.io.RejectedException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationBuilder;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.StoreException;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustAnchor;

/**
 * Verifies a bundle file and turns it into the active generation: signatures first, then the
 * manifest, then every part streamed through SHA-256 and the record decoder into a new generation
 * beside the live one, which is activated only after every check passed. Any failure leaves the live
 * dataset untouched. Works on a file that is already in local staging, never on removable media.
 */
public final class BundleImporter {
    private static final Logger LOG = Logger.getLogger(BundleImporter.class);
    private static final int PROGRESS_EVERY_ENTRIES = 1 << 16;

    private final GenerationStore store;
    private final TrustAnchor trust;
    private final BundleVerifier verifier;
    private final DeltaApplier deltas;
    private final Clock clock;
    private final Duration maxClockSkew;

    public BundleImporter(GenerationStore store, TrustAnchor trust, BundleLimits limits, Clock clock) {
        this.store = store;
        this.trust = trust;
        this.verifier = new BundleVerifier(trust, limits);
        this.deltas = new DeltaApplier(store);
        this.clock = clock;
        this.maxClockSkew = limits.maxClockSkew();
    }

    public ImportOutcome importBundle(Path bundle, String bundleSha256, ImportProgress progress) {
        return importBundle(bundle, bundleSha256, progress, null);
    }

    /** As above; {@code override}, when not null, lets an expired bundle through (audited by the caller). */
    public ImportOutcome importBundle(
            Path bundle, String bundleSha256, ImportProgress progress, ExpiryOverride override) {
        // Time is fixed once, at the start, so that a slow import cannot straddle an expiry.
        Instant now = clock.instant();
        VerifiedBundle verified = null;
        try (FileChannel file = FileChannel.open(bundle, StandardOpenOption.READ)) {
            verified = verifier.verify(file, now);
            Manifest manifest = verified.manifest();
            LOG.infof(
                    "Bundle %s: signature valid (keys %s), dataset %s sequence %d",
                    bundle.getFileName(), shortIds(verified.signerKeyIds()), manifest.dataset(), manifest.sequence());
            checkCreated(manifest, now, maxClockSkew);
            boolean overridden = checkExpiry(manifest, now, override);
            Optional<DatasetInfo> active = store.activeInfo();
            if (active.isPresent()) {
                DatasetInfo current = active.get();
                if (!current.dataset().equals(manifest.dataset())) {
                    throw new RejectedException(
                            "dataset-mismatch",
                            "bundle is for dataset '" + manifest.dataset() + "' but the active dataset is '"
                                    + current.dataset() + "'");
                }
                if (manifest.sequence() == current.sequence()) {
                    return new ImportOutcome.AlreadyActive(manifest.dataset(), manifest.sequence());
                }
                if (manifest.sequence() < current.sequence()) {
                    throw new RejectedException(
                            "rollback",
                            "bundle sequence " + manifest.sequence() + " is older than the active sequence "
                                    + current.sequence());
                }
            }
            if (manifest.isDelta()) {
                DeltaApplier.checkBase(manifest, active);
            }
            progress.reached(ImportState.VERIFIED);
            long started = System.nanoTime();
            long entries = manifest.isDelta()
                    ? deltas.apply(file, verified, active.orElseThrow(), bundleSha256, now, progress)
                    : build(file, verified, bundleSha256, now, progress);
            acceptRoots(verified.grant());
            progress.reached(ImportState.ACTIVATED);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            DatasetInfo info = store.activeInfo().orElseThrow();
            return new ImportOutcome.Activated(
                    info,
                    active.map(DatasetInfo::sequence).orElse(0L),
                    entries,
                    duration,
                    overridden ? override : null,
                    verified.grant().rootVersion());
        } catch (RejectedException e) {
            return rejected(e.reason(), e.detail(), verified);
        } catch (IOException | UncheckedIOException | StoreException e) {
            // The bundle is already a local copy: a failed read or write here, or in the store, is this
            // appliance's disk, not the bundle (issue 11 item 5). It must not be quarantined.
            LOG.warnf("Import of %s stopped by a local failure: %s", bundle.getFileName(), e.getMessage());
            return ImportOutcome.LocalFailure.of("importing the staged copy", e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import of %s failed", bundle.getFileName());
            return rejected("import-failed", "import failed: " + FailureDetail.of(e), verified);
        }
    }

    /**
     * The bundle is active: its root documents are trusted from now on (ADR 0006). Storing them can
     * fail only on a broken disk; the dataset stays active and the roots are offered again by the
     * next bundle, which carries the chain too, so the failure is logged rather than undoing
     * the import.
     */
    private void acceptRoots(TrustAnchor.Grant grant) {
        try {
            trust.accept(grant);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Bundle activated, but its root documents could not be stored: %s", e.getMessage());
        }
    }

    /**
     * A bundle from the future would read as fresh until long after it is stale: {@code
     * outpost.dataset.max-age} is measured from {@code created} (ADR 0006). Beyond the tolerance for
     * clock drift, either the publisher's clock or this appliance's is wrong, and the operator must
     * find out which; no override lets it through (issue 11 item 11).
     */
    static void checkCreated(Manifest manifest, Instant now, Duration maxClockSkew) {
        if (manifest.created().isAfter(now.plus(maxClockSkew))) {
            throw new RejectedException(
                    "created-in-future",
                    "bundle says it was created at " + manifest.created() + ", more than " + describe(maxClockSkew)
                            + " after this appliance's clock (" + now + "): the publisher's clock or this"
                            + " appliance's is wrong");
        }
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns whether the bundle had expired and the operator's override let it through. */
    private static boolean checkExpiry(Manifest manifest, Instant now, ExpiryOverride override) {
        if (now.isBefore(manifest.expires())) {
            return false;
        }
        if (override == null) {
            throw new RejectedException(
                    "expired", "bundle expired at " + manifest.expires() + " (import started " + now + ")");
        }
        LOG.warnf(
                "Bundle expired at %s; imported anyway by override of %s: %s",
                manifest.expires(), override.operator(), override.reason());
        return true;
    }

    private long build(
            FileChannel file, VerifiedBundle verified, String bundleSha256, Instant now, ImportProgress progress)
            throws IOException {
        Manifest manifest = verified.manifest();
        long total = manifest.partsBytes();
        long offset = verified.partsOffset();
        long done = 0;
        Map<ObjectKind, Long> records = new EnumMap<>(ObjectKind.class);
        StateChecksum state = new StateChecksum();
        long entries = 0;
        long written = 0;
        try (GenerationBuilder builder = store.newGeneration(manifest.sequence())) {
            progress.reached(ImportState.STAGED);
            List<String> names = null;
            for (Manifest.Part part : manifest.parts()) {
                PartReader reader = new PartReader(file, offset, part);
                try {
                    if (part.name().equals(BundleFormat.NAMES_PART)) {
                        names = PartReader.readNames(reader, part);
                    } else {
                        KeySpace space = KeySpace.byId(part.name()).orElseThrow();
                        PartEntries read =
                                new PartEntries(reader, part, space, names.size(), true, manifest.allowsListedNames());
                        long primaries =
                                readRecords(reader, part, read, names, builder, state, done, total, written, progress);
                        records.merge(space.kind(), primaries, Long::sum);
                        entries += part.entries();
                        written += part.entries();
                        progress.recordsWritten(written);
                    }
                } catch (RejectedException e) {
                    throw reader.blame(e);
                }
                offset += part.size();
                done += part.size();
                progress.update("verified " + part.name(), done, total);
            }
            GenerationSeal.sealAndActivate(
                    store, builder, verified, bundleSha256, now, records, state, names, progress);
        }
        return entries;
    }

    private long readRecords(
            PartReader reader,
            Manifest.Part part,
            PartEntries entries,
            List<String> names,
            GenerationBuilder builder,
            StateChecksum state,
            long doneBefore,
            long total,
            long writtenBefore,
            ImportProgress progress)
            throws IOException {
        long primaries = 0;
        KeySpace space = entries.space();
        try (GenerationBuilder.PartWriter writer = builder.openPart(space)) {
            while (entries.next()) {
                primaries += entries.primary() ? 1 : 0;
                writer.put(entries.key(), entries.value(), entries.length());
                state.add(space, entries.key(), entries.value(), entries.length(), names);
                if (entries.read() % PROGRESS_EVERY_ENTRIES == 0) {
                    progress.recordsWritten(writtenBefore + entries.read());
                    progress.update("verifying " + part.name(), doneBefore + reader.consumed(), total);
                }
            }
            // The digest check comes before the part is committed to the generation.
            entries.finish();
            writer.finish();
        }
        return primaries;
    }

    private ImportOutcome.Rejected rejected(String reason, String detail, VerifiedBundle verified) {
        return verified == null
                ? new ImportOutcome.Rejected(reason, detail)
                : new ImportOutcome.Rejected(
                        reason,
                        detail,
                        verified.manifest().dataset(),
                        verified.manifest().sequence(),
                        verified.signerKeyIds(),
                        verified.grant().rootVersion());
    }

    private static List<String> shortIds(List<String> keyIds) {
        return keyIds.stream().map(KeyFiles::shortId).toList();
    }
}
