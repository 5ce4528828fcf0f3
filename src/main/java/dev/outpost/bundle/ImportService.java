package dev.outpost.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.outpost.bundle.history.ImportHistory;
import dev.outpost.bundle.history.ImportRecord;
import dev.outpost.config.DataDirectory;
import dev.outpost.config.OutpostConfig;
import dev.outpost.store.GenerationStore;

/**
 * Runs imports one at a time, whatever their source: copies the bundle into local staging while
 * hashing it (the source may be a USB stick that changes under us), imports the copy, records the
 * attempt in the import history, and quarantines rejected bundles with a reason file.
 */
@ApplicationScoped
public class ImportService {
    private static final Logger LOG = Logger.getLogger(ImportService.class);
    private static final int COPY_BUFFER_BYTES = 1 << 20;
    private static final long MIB = 1024 * 1024;
    private static final long SPACE_MARGIN_BYTES = 64 * MIB;
    /** Reasons that say nothing about the bundle: it stays at its source to be tried again. */
    public static final java.util.Set<String> RETRYABLE = java.util.Set.of("insufficient-space", "unreadable");

    private final BundleImporter importer;
    private final ImportHistory history;
    private final DataDirectory directories;
    private final BundleLimits limits;

    public ImportService(
            GenerationStore store,
            TrustAnchor trust,
            OutpostConfig config,
            ImportHistory history,
            DataDirectory directories) {
        OutpostConfig.Bundle bundle = config.bundle();
        this.limits = new BundleLimits(bundle.maxBundleBytes(), bundle.maxEntriesPerPart(), bundle.maxThreatNames());
        this.importer = new BundleImporter(store, trust, limits, Clock.systemUTC());
        this.history = history;
        this.directories = directories;
    }

    /** Imports a bundle file; {@code origin} says where it came from ({@code inbox}, {@code cli}). */
    public ImportOutcome importFile(Path source, String origin, ImportProgress progress) throws IOException {
        return importFile(source, origin, progress, null);
    }

    /** As above; {@code override}, when not null, imports the bundle even if it has expired, audited. */
    public synchronized ImportOutcome importFile(
            Path source, String origin, ImportProgress progress, ExpiryOverride override) throws IOException {
        long size = Files.size(source);
        long usable = Files.getFileStore(directories.staging()).getUsableSpace();
        // The staged copy plus the new generation need roughly twice the bundle's size.
        if (usable < size * 2 + SPACE_MARGIN_BYTES) {
            ImportOutcome.Rejected rejected = new ImportOutcome.Rejected(
                    "insufficient-space",
                    "staging needs about "
                            + (size * 2 + SPACE_MARGIN_BYTES) / MIB + " MiB free in " + directories.root() + ", "
                            + usable / MIB + " MiB available; the bundle was left where it is",
                    null,
                    null,
                    null);
            LOG.warnf("Not importing %s: %s", source.getFileName(), rejected.detail());
            return rejected;
        }
        try (InputStream in = Files.newInputStream(source)) {
            return importStream(in, source.getFileName().toString(), origin, progress, override);
        }
    }

    /** Imports a bundle from a stream (a file, a classpath resource, an upload). */
    public ImportOutcome importStream(InputStream source, String fileName, String origin, ImportProgress progress)
            throws IOException {
        return importStream(source, fileName, origin, progress, null);
    }

    private synchronized ImportOutcome importStream(
            InputStream source, String fileName, String origin, ImportProgress progress, ExpiryOverride override)
            throws IOException {
        Instant started = Instant.now();
        Path staged = directories.staging().resolve(UUID.randomUUID() + ".bundle");
        ImportRecord entry = new ImportRecord();
        entry.startedAt = started;
        entry.origin = origin;
        entry.fileName = safeFileName(fileName);
        ImportOutcome outcome;
        try {
            Staged copy = stage(source, staged);
            entry.bundleSha256 = copy.sha256;
            entry.bundleBytes = copy.bytes;
            outcome = copy.tooLarge
                    ? new ImportOutcome.Rejected(
                            "too-large",
                            "bundle is larger than the limit of " + limits.maxBundleBytes() + " bytes",
                            null,
                            null,
                            null)
                    : importer.importBundle(staged, copy.sha256, progress, override);
        } catch (IOException e) {
            outcome = new ImportOutcome.Rejected(
                    "unreadable", "bundle cannot be copied to staging: " + e.getMessage(), null, null, null);
        }
        entry.finishedAt = Instant.now();
        entry.durationMillis = entry.finishedAt.toEpochMilli() - started.toEpochMilli();
        describe(entry, outcome);
        if (outcome instanceof ImportOutcome.Rejected rejected) {
            quarantine(staged, entry, rejected);
        } else {
            Files.deleteIfExists(staged);
        }
        history.record(entry);
        log(entry, outcome);
        return outcome;
    }

    private void describe(ImportRecord entry, ImportOutcome outcome) {
        if (outcome instanceof ImportOutcome.Activated activated) {
            entry.outcome = ImportHistory.ACTIVATED;
            entry.dataset = activated.dataset().dataset();
            entry.sequence = activated.dataset().sequence();
            entry.previousSequence = activated.previousSequence();
            entry.signerKeyIds = String.join(",", activated.dataset().signerKeyIds());
            entry.entries = activated.entries();
            if (activated.override() != null) {
                entry.reason = "expired-override";
                entry.overrideOperator = truncate(activated.override().operator(), 64);
                entry.detail = truncate(
                        "bundle had expired at " + activated.dataset().expires() + "; imported by override of "
                                + activated.override().operator() + ": "
                                + activated.override().reason(),
                        2000);
            }
        } else if (outcome instanceof ImportOutcome.AlreadyActive already) {
            entry.outcome = ImportHistory.UNCHANGED;
            entry.dataset = already.dataset();
            entry.sequence = already.sequence();
            entry.reason = "already-active";
            entry.detail = "sequence " + already.sequence() + " of dataset " + already.dataset() + " is already active";
        } else if (outcome instanceof ImportOutcome.Rejected rejected) {
            entry.outcome = ImportHistory.REJECTED;
            entry.dataset = rejected.dataset();
            entry.sequence = rejected.sequence();
            entry.signerKeyIds = String.join(",", rejected.signerKeyIds());
            entry.reason = rejected.reason();
            entry.detail = truncate(rejected.detail(), 2000);
        }
    }

    private void log(ImportRecord entry, ImportOutcome outcome) {
        if (outcome instanceof ImportOutcome.Activated activated) {
            LOG.infof(
                    "Imported %s (%s): dataset %s sequence %d active, %d entries in %d ms",
                    entry.fileName,
                    entry.origin,
                    entry.dataset,
                    entry.sequence,
                    activated.entries(),
                    entry.durationMillis);
        } else if (outcome instanceof ImportOutcome.AlreadyActive) {
            LOG.infof("Bundle %s (%s): %s; nothing to do", entry.fileName, entry.origin, entry.detail);
        } else {
            LOG.warnf(
                    "Rejected bundle %s (%s): %s: %s; quarantined",
                    entry.fileName, entry.origin, entry.reason, entry.detail);
        }
    }

    /** Moves the staged copy to quarantine with a reason file beside it; the live data is untouched. */
    private void quarantine(Path staged, ImportRecord entry, ImportOutcome.Rejected rejected) {
        String base = Instant.now().toString().replace(':', '-') + "-" + entry.fileName;
        Path target = directories.quarantine().resolve(base);
        try {
            if (Files.exists(staged)) {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            }
            String reason = "bundle: " + entry.fileName + "\norigin: " + entry.origin + "\nsha256: "
                    + entry.bundleSha256 + "\nreason: " + rejected.reason() + "\ndetail: " + rejected.detail()
                    + "\nat: " + entry.finishedAt + "\n";
            Files.writeString(directories.quarantine().resolve(base + ".reason"), reason, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.errorf("Cannot quarantine %s: %s", entry.fileName, e.getMessage());
        }
    }

    private Staged stage(InputStream source, Path staged) throws IOException {
        MessageDigest digest = BundleWriter.sha256();
        long bytes = 0;
        boolean tooLarge = false;
        try (InputStream in = new DigestInputStream(source, digest);
                OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
                if (bytes > limits.maxBundleBytes()) {
                    tooLarge = true;
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new Staged(HexFormat.of().formatHex(digest.digest()), bytes, tooLarge);
    }

    private static String safeFileName(String name) {
        String cleaned = name == null ? "bundle" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return truncate(cleaned.isEmpty() ? "bundle" : cleaned, 200);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private record Staged(String sha256, long bytes, boolean tooLarge) {}
}
