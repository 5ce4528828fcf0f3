package dev.outpost.bundle.importing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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

    /** Issue 14: an upload that was received but not imported before a stop is recorded under its id. */
    @Test
    void recordsAnUploadThatNeverRanUnderItsImportId() throws Exception {
        String id = ImportService.newId();
        Files.write(UploadFiles.of(directories.staging(), id, "queued.bundle"), new byte[] {1, 2, 3});

        imports.recoverInterrupted();

        ImportRecord entry = history.findByImportId(id).orElseThrow();
        assertThat(entry.outcome).isEqualTo(ImportHistory.INTERRUPTED);
        assertThat(entry.reason).isEqualTo("interrupted-queued");
        assertThat(entry.origin).isEqualTo("upload");
        assertThat(entry.fileName).isEqualTo("queued.bundle");
        try (Stream<Path> staging = Files.list(directories.staging())) {
            assertThat(staging).isEmpty();
        }
        given().header("Authorization", "Bearer test-operator-token-not-secret")
                .get("/api/v1/imports/{id}", id)
                .then()
                .statusCode(200)
                .body("state", equalTo("INTERRUPTED"))
                .body("finished", equalTo(true))
                .body("reason", equalTo("interrupted-queued"));
    }

    /** An upload whose import had started is told by its journal, once, under the upload's id. */
    @Test
    void recordsAnInterruptedUploadOnceUnderItsImportId() throws Exception {
        String id = ImportService.newId();
        Files.write(UploadFiles.of(directories.staging(), id, "started.bundle"), new byte[] {1, 2, 3});
        ImportJournal journal =
                ImportJournal.begin(directories.staging(), id, "upload", "started.bundle", ImportProgress.NONE);
        journal.received(TestBundles.sha256Hex("started-" + id), 3);
        journal.reached(ImportState.VERIFIED);

        imports.recoverInterrupted();

        ImportRecord entry = history.findByImportId(id).orElseThrow();
        assertThat(entry.reason).isEqualTo("interrupted-verified");
        assertThat(history.count("importId", id)).isEqualTo(1);
        try (Stream<Path> staging = Files.list(directories.staging())) {
            assertThat(staging).isEmpty();
        }
    }
}
