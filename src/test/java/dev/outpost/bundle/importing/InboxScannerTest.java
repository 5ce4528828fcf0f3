package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.outpost.bundle.TestBundles;
import dev.outpost.config.DataDirectory;
import dev.outpost.store.GenerationStore;

/**
 * The inbox path end to end in the running application: stability check, import, history,
 * quarantine, and what the inbox leaves alone (issue 11 items 4, 6, 7). Only bundles that leave the demo dataset at sequence 1 are used, since other test
 * classes share the application.
 */
@QuarkusTest
@TestProfile(InboxScannerTest.OwnDataDirectory.class)
class InboxScannerTest {
    /**
     * A data directory of its own per run: the inbox remembers what it handled across restarts
     * (issue 11 item 4), so a directory left by an earlier run would make its bundles old news.
     */
    public static class OwnDataDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outpost.data-dir", "target/test-data/inbox-" + System.nanoTime());
        }
    }

    @Inject
    InboxScanner scanner;

    @Inject
    DataDirectory directories;

    @Inject
    InboxConfig inboxConfig;

    private Path inbox() {
        return inboxConfig.directoryIn(directories);
    }

    @Inject
    ImportHistory history;

    @Inject
    GenerationStore store;

    @AfterEach
    void emptyTheInbox() throws IOException {
        try (Stream<Path> entries = Files.walk(inbox())) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                if (!entry.equals(inbox())) {
                    Files.delete(entry);
                }
            }
        }
    }

    @Test
    void quarantinesARejectedBundleKeepsItInTheInboxAndDoesNotImportItAgain() throws Exception {
        Path bundle = new TestBundles().write(inbox().resolve("stranger.bundle"), 99, 3);
        String sha256 = sha256(bundle);

        assertThat(scanner.scan())
                .as("a new file waits one scan to be sure it is complete")
                .isZero();
        assertThat(scanner.scan()).isEqualTo(1);

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

        // Issue 11 item 4: the inbox may be someone's USB stick; nothing leaves it unless configured.
        assertThat(bundle).as("outpost.inbox.after-import=keep").exists();
        assertThat(scanner.scan()).isZero();
        assertThat(scanner.scan()).isZero();
        assertThat(history.count("bundleSha256", sha256)).as("imported once").isEqualTo(1);
    }

    @Test
    void recordsTheActiveBundleAgainAsUnchanged() throws Exception {
        Path bundle = inbox().resolve("demo-again.bundle");
        try (InputStream demo = getClass().getClassLoader().getResourceAsStream("demo/demo.bundle")) {
            Files.copy(demo, bundle);
        }
        scanner.scan();
        scanner.scan();
        assertThat(bundle).exists();
        assertThat(history.latest(1).get(0).outcome).isEqualTo(ImportHistory.UNCHANGED);
    }

    /** Issue 11 item 4: a README or a PDF beside the bundles is neither imported, quarantined nor deleted. */
    @Test
    void leavesFilesThatAreNotBundlesAlone() throws Exception {
        Path inbox = inbox();
        Path readme = Files.writeString(inbox.resolve("README.txt"), "Bundles for site 7, see the ticket.\n");
        Path report = Files.writeString(inbox.resolve("report.pdf"), "%PDF-1.7 not a bundle at all, but long\n");
        Path named = Files.writeString(inbox.resolve("notes.bundle"), "named like a bundle, yet only text\n");
        long historyBefore = history.count();
        List<Path> quarantinedBefore = list(directories.quarantine());

        for (int i = 0; i < 4; i++) {
            scanner.scan();
        }

        assertThat(readme).exists().hasContent("Bundles for site 7, see the ticket.");
        assertThat(report).exists();
        assertThat(named).exists();
        assertThat(history.count()).as("no import attempts").isEqualTo(historyBefore);
        assertThat(list(directories.quarantine())).as("nothing quarantined").isEqualTo(quarantinedBefore);
    }

    /**
     * Issue 11 item 6: a copy that stalls is incomplete, not hostile. It is neither imported nor
     * removed while it is shorter than its header declares, and is imported once it is complete.
     */
    @Test
    void waitsForABundleShorterThanItDeclaresAndImportsItOnceComplete() throws Exception {
        Path whole = new TestBundles().write(Files.createTempFile("whole", ".bundle"), 99, 3);
        byte[] bytes = Files.readAllBytes(whole);
        String sha256 = sha256(whole);
        Path stalled = inbox().resolve("stalled.bundle");
        // Cut inside the manifest: the header declares more than is there.
        Files.write(stalled, java.util.Arrays.copyOf(bytes, 100));
        long historyBefore = history.count();

        for (int i = 0; i < 4; i++) {
            assertThat(scanner.scan()).isZero();
        }
        assertThat(stalled).exists().hasSize(100);
        assertThat(history.count()).as("not imported half-written").isEqualTo(historyBefore);

        Files.write(stalled, java.util.Arrays.copyOfRange(bytes, 100, bytes.length), StandardOpenOption.APPEND);
        scanner.scan();
        assertThat(scanner.scan()).isEqualTo(1);
        assertThat(history.lastFor(sha256).orElseThrow().reason).isEqualTo("unknown-key");
        assertThat(stalled).exists();
        Files.delete(whole);
    }

    /**
     * Issue 11 item 7: directories, links and pipes named like bundles, and files that are not
     * named like bundles, sort before the bundle but do not use up the scan's budget.
     */
    @Test
    void directoriesLinksPipesAndOtherFilesSortedFirstDoNotStarveABundle() throws Exception {
        Path inbox = inbox();
        Path target = Files.writeString(inbox.resolve("target.txt"), "a link target");
        for (int i = 0; i < 110; i++) {
            Files.createDirectory(inbox.resolve(String.format("a%03d.bundle", i)));
            Files.createSymbolicLink(inbox.resolve(String.format("b%03d.bundle", i)), target);
            Files.writeString(inbox.resolve(String.format("c%03d.txt", i)), "not a bundle");
        }
        Process mkfifo =
                new ProcessBuilder("mkfifo", inbox.resolve("d-pipe.bundle").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Path bundle = new TestBundles().write(inbox.resolve("z.bundle"), 99, 3);

        scanner.scan();
        assertThat(scanner.scan()).isEqualTo(1);

        assertThat(history.lastFor(sha256(bundle))).isPresent();
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
