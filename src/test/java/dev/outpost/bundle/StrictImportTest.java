package dev.outpost.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.io.FailureDetail;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/**
 * What issue 11 found an import let through that FORMAT.md refuses: a bad signature by a trusted
 * key beside enough good ones (item 10), a creation time in the future (item 11), and exception
 * messages in rejection details (item 12). Clocks are fixed, so no assertion depends on timing.
 */
class StrictImportTest {
    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final KeyPair first = KeyFiles.generate();
    private final KeyPair second = KeyFiles.generate();
    private final KeyPair stranger = KeyFiles.generate();
    private RocksGenerationStore store;

    @BeforeEach
    void openStore() {
        store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private ImportOutcome importAt(Path bundle, Instant now, BundleLimits limits, TrustedKeys trust) {
        return new BundleImporter(store, trust, limits, Clock.fixed(now, ZoneOffset.UTC))
                .importBundle(bundle, "x", ImportProgress.NONE);
    }

    private ImportOutcome importAt(Path bundle, Instant now) {
        return importAt(bundle, now, BundleLimits.DEFAULTS, TrustedKeys.of(1, first.getPublic()));
    }

    private Path bundle(String name, Instant created, KeyPair... signers) throws IOException {
        BundleWriter writer = new BundleWriter();
        writer.add(TestBundles.eicar());
        writer.write(dir.resolve(name), "test", 1, created, created.plus(365, ChronoUnit.DAYS), Signers.of(signers));
        return dir.resolve(name);
    }

    private static void assertRejected(ImportOutcome outcome, String reason) {
        assertThat(outcome)
                .isInstanceOfSatisfying(ImportOutcome.Rejected.class, rejected -> assertThat(rejected.reason())
                        .as(rejected.detail())
                        .isEqualTo(reason));
    }

    @Test
    void rejectsABundleCreatedBeyondTheClockSkewTolerance() throws IOException {
        Path future = bundle(
                "future.bundle", NOW.plus(BundleLimits.DEFAULT_MAX_CLOCK_SKEW).plusSeconds(1), first);

        ImportOutcome outcome = importAt(future, NOW);

        assertRejected(outcome, "created-in-future");
        assertThat(((ImportOutcome.Rejected) outcome).detail())
                .contains("more than 1h after this appliance's clock (" + NOW + ")");
        assertThat(store.activeInfo()).isEmpty();
    }

    @Test
    void rejectsABundleFromFarInTheFuture() throws IOException {
        assertRejected(
                importAt(bundle("2099.bundle", Instant.parse("2099-01-01T00:00:00Z"), first), NOW),
                "created-in-future");
    }

    @Test
    void acceptsABundleCreatedWithinTheTolerance() throws IOException {
        Path ahead = bundle("ahead.bundle", NOW.plus(BundleLimits.DEFAULT_MAX_CLOCK_SKEW), first);
        assertThat(importAt(ahead, NOW)).isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void theToleranceIsConfigurable() throws IOException {
        Path minuteAhead = bundle("minute.bundle", NOW.plusSeconds(60), first);
        BundleLimits strict = new BundleLimits(1L << 30, 1000, 1000, Duration.ZERO);

        assertRejected(importAt(minuteAhead, NOW, strict, TrustedKeys.of(1, first.getPublic())), "created-in-future");
        assertThat(importAt(minuteAhead, NOW.plusSeconds(60), strict, TrustedKeys.of(1, first.getPublic())))
                .isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void rejectsABadSignatureByATrustedKeyEvenWhenOthersMeetTheThreshold() throws IOException {
        Path file = bundle("two.bundle", NOW.minusSeconds(60), first, second);
        BundleSurgery surgery = BundleSurgery.of(file, List.of(first, second));
        byte[] block = BundleWriter.sign(
                surgery.manifestBytes(),
                List.of(first.getPrivate(), second.getPrivate()),
                List.of(first.getPublic(), second.getPublic()));
        block[2 + BundleFormat.SIGNATURE_ENTRY_BYTES + BundleFormat.KEY_ID_BYTES] ^= 1; // the second signature
        surgery.rawSignatures = block;
        surgery.write(file);

        ImportOutcome outcome =
                importAt(file, NOW, BundleLimits.DEFAULTS, TrustedKeys.of(1, first.getPublic(), second.getPublic()));

        assertRejected(outcome, "bad-signature");
        assertThat(((ImportOutcome.Rejected) outcome).detail())
                .contains(KeyFiles.shortId(KeyFiles.keyId(second.getPublic())));
    }

    @Test
    void ignoresSignaturesByKeysThisApplianceDoesNotTrust() throws IOException {
        // A bundle may be signed for other appliances too (FORMAT.md "Signature block"), even badly.
        Path file = bundle("shared.bundle", NOW.minusSeconds(60), first, stranger);
        BundleSurgery surgery = BundleSurgery.of(file, List.of(first, stranger));
        byte[] block = BundleWriter.sign(
                surgery.manifestBytes(),
                List.of(first.getPrivate(), stranger.getPrivate()),
                List.of(first.getPublic(), stranger.getPublic()));
        block[2 + BundleFormat.SIGNATURE_ENTRY_BYTES + BundleFormat.KEY_ID_BYTES] ^= 1; // the stranger's
        surgery.rawSignatures = block;
        surgery.write(file);

        assertThat(importAt(file, NOW)).isInstanceOfSatisfying(ImportOutcome.Activated.class, activated -> assertThat(
                        activated.dataset().signerKeyIds())
                .containsExactly(KeyFiles.keyId(first.getPublic())));
    }

    @Test
    void anUnreadableBundleIsToldInPlainWords() {
        ImportOutcome outcome = importAt(dir.resolve("missing.bundle"), NOW);

        // The importer reads a staged copy: one that cannot be read is this appliance's failure, not
        // the bundle's (issue 11 item 5), and it is told in plain words (item 12).
        assertThat(outcome).isInstanceOf(ImportOutcome.LocalFailure.class);
        assertThat(((ImportOutcome.LocalFailure) outcome).detail())
                .contains("no such file: " + dir.resolve("missing.bundle"))
                .doesNotContain("Exception")
                .doesNotContain("java.");
    }

    @Test
    void failureDetailsNeverCarryJavaNames() {
        String npe;
        try {
            Object nothing = null;
            npe = nothing.toString();
        } catch (NullPointerException e) {
            npe = FailureDetail.of(e);
        }
        assertThat(npe).isEqualTo("an unexpected error (the log has the details)");
        assertThat(FailureDetail.of(new UncheckedIOException(new IOException("disk"))))
                .isEqualTo("an unexpected error (the log has the details)");
        assertThat(FailureDetail.of(new IllegalStateException("java.lang.String at dev.outpost.Foo")))
                .isEqualTo("an unexpected error (the log has the details)");
        assertThat(FailureDetail.of(new NoSuchFileException("/media/usb/a.bundle")))
                .isEqualTo("no such file: /media/usb/a.bundle");
        assertThat(FailureDetail.of(new FileSystemException("/data", null, "No space left on device")))
                .isEqualTo("No space left on device: /data");
        assertThat(FailureDetail.of(new IOException("Input/output error"))).isEqualTo("Input/output error");
    }
}
