package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.bundle.TestBundles;
import dev.outpost.config.DataDirectory;
import dev.outpost.store.GenerationStore;

/** What a restart makes of an import a crash interrupted: staging cleaned, the attempt in the history. */
@QuarkusTest
class ImportRecoveryTest {
    @Inject
    ImportService imports;

    @Inject
    DataDirectory directories;

    @Inject
    ImportHistory history;

    @Inject
    GenerationStore store;

    @Test
    void recordsAnImportInterruptedBeforeTheSwitchAndCleansStaging() throws Exception {
        long active = store.activeInfo().orElseThrow().sequence();
        String sha256 = TestBundles.sha256Hex("interrupted-" + System.nanoTime());
        ImportJournal journal =
                ImportJournal.begin(directories.staging(), "crashed", "inbox", "crashed.bundle", ImportProgress.NONE);
        Files.write(journal.staged(), new byte[] {1, 2, 3});
        journal.received(sha256, 3);
        journal.reached(ImportState.VERIFIED);
        journal.reached(ImportState.STAGED);

        imports.recoverInterrupted();

        ImportRecord entry = history.lastFor(sha256).orElseThrow();
        assertThat(entry.outcome).isEqualTo(ImportHistory.INTERRUPTED);
        assertThat(entry.reason).isEqualTo("interrupted-staged");
        assertThat(entry.origin).isEqualTo("inbox");
        assertThat(entry.detail).contains("active dataset is unchanged");
        try (Stream<Path> staging = Files.list(directories.staging())) {
            assertThat(staging).isEmpty();
        }
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(active);
    }

    @Test
    void anOutcomeAlreadyInTheHistoryIsNotRecordedTwice() throws Exception {
        String sha256 = TestBundles.sha256Hex("recorded-" + System.nanoTime());
        ImportJournal journal =
                ImportJournal.begin(directories.staging(), "recorded", "cli", "done.bundle", ImportProgress.NONE);
        journal.received(sha256, 3);
        journal.recorded();

        imports.recoverInterrupted();

        assertThat(history.lastFor(sha256)).isEmpty();
        try (Stream<Path> staging = Files.list(directories.staging())) {
            assertThat(staging).isEmpty();
        }
    }
}
