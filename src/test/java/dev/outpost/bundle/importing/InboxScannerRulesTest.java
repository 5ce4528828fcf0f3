package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.InboxConfig.AfterImport;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;

/**
 * The inbox's rules without the server: a real store, real staging and real bundles signed by a
 * trusted key, a clock the test moves. Issue 11 items 4 and 6.
 */
class InboxScannerRulesTest {
    @TempDir
    Path dir;

    private final TestBundles bundles = new TestBundles();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final ImportProblems problems = new ImportProblems();
    private final List<ImportOutcome> outcomes = new ArrayList<>();
    private RocksGenerationStore store;
    private StagedImport staged;
    private Path inbox;

    @BeforeEach
    void open() throws Exception {
        store = RocksGenerationStore.open(dir.resolve("data/generations"), StoreTuning.DEFAULTS);
        staged = new StagedImport(
                new BundleImporter(store, bundles.trust(), BundleLimits.DEFAULTS, Clock.systemUTC()),
                Files.createDirectories(dir.resolve("data/staging")),
                new Quarantine(dir.resolve("data/quarantine"), Long.MAX_VALUE, Duration.ofDays(30), clock),
                BundleLimits.DEFAULTS);
        inbox = Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aKeptBundleIsRememberedAcrossARestartAndNotImportedTwice() throws Exception {
        Path bundle = bundles.write(inbox.resolve("acme-1.bundle"), 1, 3);
        twoScans(scanner(AfterImport.KEEP));
        assertThat(outcomes).hasSize(1).first().isInstanceOf(ImportOutcome.Activated.class);

        InboxScanner restarted = scanner(AfterImport.KEEP);
        twoScans(restarted);
        assertThat(outcomes).as("remembered in the data directory").hasSize(1);

        // Copied onto the stick again: a new time, the same bytes. Hashed, recognised, not imported.
        Files.setLastModifiedTime(bundle, FileTime.from(Instant.parse("2026-05-01T00:00:00Z")));
        twoScans(restarted);
        assertThat(outcomes).hasSize(1);
        twoScans(scanner(AfterImport.KEEP));
        assertThat(outcomes).as("the new time was remembered").hasSize(1);

        bundles.write(inbox.resolve("acme-2.bundle"), 2, 3);
        twoScans(restarted);
        assertThat(outcomes).hasSize(2).last().isInstanceOf(ImportOutcome.Activated.class);
    }

    /** Review of issue 11: the stick pulled out and put back is not a new stick. */
    @Test
    void aBundleThatLeavesAndComesBackIsNotImportedAgain() throws Exception {
        Path bundle = bundles.write(inbox.resolve("acme-1.bundle"), 1, 3);
        twoScans(scanner(AfterImport.KEEP));
        assertThat(outcomes).hasSize(1);
        byte[] bytes = Files.readAllBytes(bundle);
        FileTime time = Files.getLastModifiedTime(bundle);

        Files.delete(bundle); // The mount point is empty.
        InboxScanner scanner = scanner(AfterImport.KEEP);
        twoScans(scanner);
        assertThat(HandledBundles.load(memory()).size()).isEqualTo(1);

        Files.write(bundle, bytes);
        Files.setLastModifiedTime(bundle, time);
        twoScans(scanner);
        twoScans(scanner(AfterImport.KEEP));
        assertThat(outcomes).as("not imported again").hasSize(1);
    }

    /**
     * Review of issue 11: a rejection that this appliance's state decides (here a rollback: a newer
     * sequence is active) is not remembered for good; the bundle is tried again after a restart.
     */
    @Test
    void aRejectionTheAppliancesStateDecidesIsNotRememberedForGood() throws Exception {
        bundles.write(inbox.resolve("acme-2.bundle"), 2, 3);
        twoScans(scanner(AfterImport.KEEP));
        bundles.write(inbox.resolve("acme-1.bundle"), 1, 3);
        InboxScanner scanner = scanner(AfterImport.KEEP);
        twoScans(scanner);
        assertThat(outcomes).hasSize(2).last().isInstanceOfSatisfying(ImportOutcome.Rejected.class, r -> assertThat(
                        r.reason())
                .isEqualTo("rollback"));
        twoScans(scanner);
        assertThat(outcomes).as("deferred, not retried at every scan").hasSize(2);
        assertThat(HandledBundles.load(memory()).bySha256(sha256Of(inbox.resolve("acme-1.bundle"))))
                .isEmpty();

        twoScans(scanner(AfterImport.KEEP));
        assertThat(outcomes).as("tried again after a restart").hasSize(3);
    }

    @Test
    void deleteRemovesAHandledBundleButNeverOneThatChangedMeanwhile() throws Exception {
        Path growing = bundles.write(inbox.resolve("a.bundle"), 1, 3);
        Path done = bundles.write(inbox.resolve("b.bundle"), 2, 3);
        InboxScanner scanner = new InboxScanner(
                inbox,
                new InboxScanner.Settings("*.bundle", AfterImport.DELETE, Duration.ofMinutes(30)),
                HandledBundles.load(memory()),
                bundles.trust(),
                BundleLimits.DEFAULTS,
                file -> {
                    ImportService.Imported imported = importFile(file);
                    if (file.equals(growing)) {
                        // Its writer is still at work.
                        Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);
                    }
                    return imported;
                },
                problems,
                clock);

        twoScans(scanner);

        assertThat(growing).as("changed while it was imported").exists();
        assertThat(done).doesNotExist();
    }

    @Test
    void aBundleWithMissingPartsWaitsIsReportedAfterTheTimeoutAndIsImportedOnceComplete() throws Exception {
        byte[] whole = Files.readAllBytes(bundles.write(dir.resolve("whole.bundle"), 1, 2_000));
        Path stalled = inbox.resolve("acme-1.bundle");
        // The header, roots, manifest and signatures are all there; the last part is cut short.
        Files.write(stalled, Arrays.copyOf(whole, whole.length - 1_000));
        InboxScanner scanner = scanner(AfterImport.DELETE);

        twoScans(scanner);
        clock.advance(Duration.ofMinutes(29));
        scanner.scan();
        assertThat(outcomes).as("not imported half-written").isEmpty();
        assertThat(problems.last()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        scanner.scan();
        assertThat(problems.last().orElseThrow().reason()).isEqualTo("incomplete");
        assertThat(problems.last().orElseThrow().fileName()).isEqualTo("acme-1.bundle");
        assertThat(stalled).as("reported, never removed").exists();
        assertThat(outcomes).isEmpty();

        Files.write(stalled, Arrays.copyOfRange(whole, whole.length - 1_000, whole.length), StandardOpenOption.APPEND);
        twoScans(scanner);
        assertThat(outcomes).hasSize(1).first().isInstanceOf(ImportOutcome.Activated.class);
    }

    private InboxScanner scanner(AfterImport afterImport) {
        return new InboxScanner(
                inbox,
                new InboxScanner.Settings("*.bundle", afterImport, Duration.ofMinutes(30)),
                HandledBundles.load(memory()),
                bundles.trust(),
                BundleLimits.DEFAULTS,
                this::importFile,
                problems,
                clock);
    }

    private ImportService.Imported importFile(Path file) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(file)) {
            StagedImport.Attempt attempt =
                    staged.run(in, file.getFileName().toString(), "inbox", ImportProgress.NONE, null);
            attempt.complete(false);
            outcomes.add(attempt.outcome());
            return new ImportService.Imported(attempt.outcome(), attempt.sha256());
        }
    }

    private static String sha256Of(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Path memory() {
        return dir.resolve("data/inbox-handled.json");
    }

    private static void twoScans(InboxScanner scanner) {
        scanner.scan();
        scanner.scan();
    }

    /** A clock the test moves by hand: timeouts without waiting. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
