package dev.outpost.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.bundle.history.ImportHistory;
import dev.outpost.bundle.history.ImportRecord;
import dev.outpost.config.DataDirectory;
import dev.outpost.store.GenerationStore;

/**
 * The inbox path end to end in the running application: stability check, import, history,
 * quarantine. Only bundles that leave the demo dataset at sequence 1 are used, since other test
 * classes share the application.
 */
@QuarkusTest
class InboxScannerTest {
    @Inject
    InboxScanner scanner;

    @Inject
    DataDirectory directories;

    @Inject
    ImportHistory history;

    @Inject
    GenerationStore store;

    @Test
    void quarantinesARejectedBundleWithItsReasonAndKeepsTheLiveDataset() throws Exception {
        Path bundle = new TestBundles().write(directories.inbox().resolve("stranger.bundle"), 99, 3);
        String sha256 = sha256(bundle);

        assertThat(scanner.scan())
                .as("a new file waits one scan to be sure it is complete")
                .isZero();
        assertThat(scanner.scan()).isEqualTo(1);

        assertThat(bundle).doesNotExist();
        ImportRecord entry = history.lastFor(sha256).orElseThrow();
        assertThat(entry.outcome).isEqualTo(ImportHistory.REJECTED);
        assertThat(entry.reason).isEqualTo("unknown-key");
        assertThat(entry.origin).isEqualTo("inbox");
        try (var quarantined = Files.list(directories.quarantine())) {
            // Earlier runs may have left other reason files behind: pick this bundle's by its digest.
            Path reason = quarantined
                    .filter(p -> p.getFileName().toString().endsWith("stranger.bundle.reason"))
                    .filter(p -> read(p).contains(sha256))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(reason)).contains("reason: unknown-key").contains(sha256);
            assertThat(reason.resolveSibling(reason.getFileName().toString().replace(".reason", "")))
                    .exists();
        }
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
    }

    @Test
    void recordsTheActiveBundleAgainAsUnchanged() throws Exception {
        Path bundle = directories.inbox().resolve("demo-again.bundle");
        try (InputStream demo = getClass().getClassLoader().getResourceAsStream("demo/demo.bundle")) {
            Files.copy(demo, bundle);
        }
        scanner.scan();
        scanner.scan();
        assertThat(bundle).doesNotExist();
        assertThat(history.latest(1).get(0).outcome).isEqualTo(ImportHistory.UNCHANGED);
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
