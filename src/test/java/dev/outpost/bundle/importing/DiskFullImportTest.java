package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;

/**
 * Issue 11 item 5: a full disk is the appliance's problem, not the bundle's. The data directory lives
 * on a real, tiny tmpfs, so the failures are the kernel's own ENOSPC, not simulated ones. Mounting
 * needs root (or CAP_SYS_ADMIN); where it is not allowed these tests are skipped, not faked.
 */
class DiskFullImportTest {
    private static final long KIB = 1024;

    @TempDir
    Path dir;

    private final TestBundles bundles = new TestBundles();
    private Path data;
    private RocksGenerationStore store;
    private boolean mounted;

    @AfterEach
    void unmount() throws Exception {
        if (store != null) {
            store.close();
        }
        if (mounted) {
            assertThat(run("umount", data.toString()))
                    .as("unmounting the tmpfs")
                    .isZero();
        }
    }

    @Test
    void aDiskFilledDuringTheCopyQuarantinesNothingAndTheRetrySucceedsOnceThereIsSpace() throws Exception {
        Path bundle = bundles.write(dir.resolve("big.bundle"), 1, 40_000);
        mountData(Files.size(bundle) / 2);

        ImportOutcome outcome = importOnce(bundle);

        assertThat(outcome).isInstanceOf(ImportOutcome.LocalFailure.class);
        assertThat(((ImportOutcome.LocalFailure) outcome).reason()).isEqualTo("no-space");
        assertNothingQuarantinedAndStagingClean();
        assertThat(store.activeInfo()).isEmpty();

        remount(64 * KIB * KIB);
        assertThat(importOnce(bundle)).isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void aDiskFilledWhileTheGenerationIsBuiltQuarantinesNothingAndTheRetrySucceeds() throws Exception {
        Path bundle = bundles.write(dir.resolve("big.bundle"), 1, 40_000);
        // Room for the staged copy and the journal, not for the generation built from it.
        mountData(Files.size(bundle) + 256 * KIB);

        ImportOutcome outcome = importOnce(bundle);

        assertThat(outcome).isInstanceOf(ImportOutcome.LocalFailure.class);
        assertThat(((ImportOutcome.LocalFailure) outcome).reason()).isEqualTo("no-space");
        assertNothingQuarantinedAndStagingClean();
        assertThat(store.activeInfo()).isEmpty();

        remount(64 * KIB * KIB);
        assertThat(importOnce(bundle)).isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void theInboxKeepsABundleThatAFullDiskStoppedEvenWhenSetToDeleteAndImportsItLater() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path bundle = bundles.write(inbox.resolve("next.bundle"), 1, 40_000);
        mountData(Files.size(bundle) / 2);
        ImportProblems problems = new ImportProblems();
        InboxScanner scanner = new InboxScanner(
                inbox,
                new InboxScanner.Settings("*.bundle", InboxConfig.AfterImport.DELETE, Duration.ofMinutes(30)),
                HandledBundles.load(data.resolve("inbox-handled.json")),
                bundles.trust(),
                BundleLimits.DEFAULTS,
                file -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        StagedImport.Attempt attempt =
                                staged().run(in, "next.bundle", "inbox", ImportProgress.NONE, null);
                        attempt.complete(false);
                        return new ImportService.Imported(attempt.outcome(), attempt.sha256());
                    }
                },
                problems,
                Clock.systemUTC());

        scanner.scan();
        assertThat(scanner.scan()).as("handed to the importer, which failed").isEqualTo(1);
        assertThat(bundle).exists();
        assertNothingQuarantinedAndStagingClean();

        remount(64 * KIB * KIB);
        assertThat(scanner.scan()).as("tried again at the next scan").isEqualTo(1);
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
        assertThat(bundle).as("outpost.inbox.after-import=delete").doesNotExist();
    }

    private ImportOutcome importOnce(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle)) {
            StagedImport.Attempt attempt = staged().run(in, "big.bundle", "test", ImportProgress.NONE, null);
            attempt.complete(false);
            return attempt.outcome();
        }
    }

    private StagedImport staged() {
        return new StagedImport(
                new BundleImporter(store, bundles.trust(), BundleLimits.DEFAULTS, Clock.systemUTC()),
                data.resolve("staging"),
                new Quarantine(data.resolve("quarantine"), Long.MAX_VALUE, Duration.ofDays(30), Clock.systemUTC()),
                BundleLimits.DEFAULTS);
    }

    private void assertNothingQuarantinedAndStagingClean() throws IOException {
        assertThat(list(data.resolve("quarantine"))).as("quarantine").isEmpty();
        assertThat(list(data.resolve("staging"))).as("staging").isEmpty();
    }

    private static java.util.List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private void mountData(long bytes) throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", data.toString()) == 0;
        assumeTrue(mounted, "mounting a tmpfs needs root; the disk-full tests are skipped");
        store = RocksGenerationStore.open(data.resolve("generations"), StoreTuning.DEFAULTS);
        Files.createDirectories(data.resolve("staging"));
    }

    private void remount(long bytes) throws Exception {
        assertThat(run("mount", "-o", "remount,size=" + bytes, data.toString())).isZero();
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }
}
