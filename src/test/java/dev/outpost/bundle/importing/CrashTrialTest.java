package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.DeltaWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.KeySpace;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootDocument;
import dev.outpost.trust.RootTrust;
import dev.outpost.trust.SignedRoot;
import dev.outpost.trust.TrustedKeys;

/**
 * Crash safety of an import (issue 4): a child JVM importing a bundle is killed with SIGKILL inside
 * every recorded state, and at random moments, and the appliance is restarted on what it left. Each
 * time the store must open, the active dataset must be exactly the old or the new one (the new one
 * only once the switch happened), lookups must agree with it, staging must end up empty, and the
 * bundle must then import to completion.
 */
class CrashTrialTest {
    private static final int OLD_RECORDS = 1_000;
    private static final int NEW_RECORDS = 200_000;
    private static final int OLD_ONLY = 10_000_000;
    private static final int NEW_ONLY = 20_000_000;
    private static final int RANDOM_TRIALS = 8;

    @TempDir
    Path dir;

    private final KeyPair rootKey = KeyFiles.generate();
    private final KeyPair release = KeyFiles.generate();

    @Test
    void anImportKilledAtAnyPointLeavesTheOldOrTheNewDatasetAndResumes() throws Exception {
        SignedRoot v1 = v1();
        trials(bundle("old.bundle", 1, OLD_RECORDS, OLD_ONLY, v1), bundle("new.bundle", 2, NEW_RECORDS, NEW_ONLY, v1));
    }

    @Test
    void aDeltaImportKilledAtAnyPointLeavesTheOldOrTheNewDatasetAndResumes() throws Exception {
        SignedRoot v1 = v1();
        DeltaWriter delta = new DeltaWriter();
        records(OLD_RECORDS, OLD_ONLY).forEach(delta::addBase);
        records(NEW_RECORDS, NEW_ONLY).forEach(delta::addTarget);
        Path deltaBundle = dir.resolve("delta.bundle");
        delta.write(
                deltaBundle,
                "test",
                1,
                2,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(List.of(release), List.of(v1)));
        trials(bundle("old.bundle", 1, OLD_RECORDS, OLD_ONLY, v1), deltaBundle);
    }

    private SignedRoot v1() {
        return SignedRoot.sign(
                new RootDocument(
                        RootDocument.TYPE,
                        1,
                        TestBundles.EXPIRES,
                        List.of(RootDocument.encodeKey(rootKey.getPublic())),
                        1,
                        List.of(RootDocument.encodeKey(release.getPublic())),
                        1),
                List.of(rootKey));
    }

    /** Kills imports of {@code newBundle} over a store holding {@code oldBundle}, again and again. */
    private void trials(Path oldBundle, Path newBundle) throws Exception {
        Path rootPub = dir.resolve("root.pub.pem");
        KeyFiles.writePublic(rootPub, rootKey.getPublic());
        Path pristine = dir.resolve("pristine");
        Restarted first = restart(pristine);
        try {
            assertThat(first.importer(oldBundle)).isInstanceOf(ImportOutcome.Activated.class);
        } finally {
            first.store.close();
        }

        List<String> plan = new ArrayList<>();
        plan.add("started");
        for (ImportState state : ImportState.values()) {
            plan.add("state " + state.label());
            plan.add("state " + state.label());
        }
        for (int i = 0; i < RANDOM_TRIALS; i++) {
            plan.add("random");
        }
        Random random = new Random(42);
        long calibration = 0;
        Map<String, Integer> killedIn = new TreeMap<>();
        for (String killAt : plan) {
            Path data = dir.resolve("trial");
            deleteTree(data);
            copyTree(pristine, data);
            String lingerIn = killAt.startsWith("state ") ? killAt.substring(6) : "none";
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashTrialMain.class.getName(),
                            data.toString(),
                            newBundle.toString(),
                            rootPub.toString(),
                            lingerIn,
                            "5000")
                    .redirectErrorStream(true)
                    .start();
            BlockingQueue<String> lines = lines(child);
            if (killAt.equals("random")) {
                if (calibration == 0) {
                    // The first random trial runs to the end and sets the range of the others.
                    long start = System.nanoTime();
                    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    calibration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                } else {
                    Thread.sleep(random.nextLong(calibration));
                }
            } else {
                awaitLine(lines, killAt, child);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String reached = lastJournalState(data.resolve("staging"));
            if (reached.equals("no-journal") && lines.stream().anyMatch(l -> l.startsWith("outcome "))) {
                reached = "finished";
            }
            killedIn.merge(reached, 1, Integer::sum);

            Restarted restarted = restart(data);
            try {
                long active = restarted.store.activeInfo().orElseThrow().sequence();
                assertThat(active).as("killed at " + reached).isIn(1L, 2L);
                if (reached.equals("activated") || reached.equals("finished")) {
                    assertThat(active).isEqualTo(2);
                }
                // No journal yet (killed while starting) or no longer (killed while finishing): either.
                if (List.of("copying", "received", "verified", "staged").contains(reached)) {
                    assertThat(active).as("killed at " + reached).isEqualTo(1);
                }
                assertLookupsAgree(restarted.store, active);
                try (Stream<Path> staging = Files.list(data.resolve("staging"))) {
                    assertThat(staging).as("staging after recovery").isEmpty();
                }
                try (Stream<Path> generations = Files.list(data.resolve("generations"))) {
                    assertThat(generations.map(p -> p.getFileName().toString()))
                            .noneMatch(n -> n.endsWith(".building"));
                }
                // Issue 11 item 18: no generation beyond the active and the previous one survives recovery.
                try (Stream<Path> generations = Files.list(data.resolve("generations"))) {
                    assertThat(generations.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}")))
                            .as("generations after recovery, killed at " + reached)
                            .containsExactlyInAnyOrderElementsOf(
                                    active == 1
                                            ? List.of("00000000000000000001")
                                            : List.of("00000000000000000001", "00000000000000000002"));
                }
                assertThat(restarted.importer(newBundle))
                        .isInstanceOfAny(ImportOutcome.Activated.class, ImportOutcome.AlreadyActive.class);
                assertLookupsAgree(restarted.store, 2);
            } finally {
                restarted.store.close();
            }
        }
        System.out.println("Crash trials (" + newBundle.getFileName() + "): kills by last recorded state " + killedIn);
        for (ImportState state : ImportState.values()) {
            assertThat(killedIn).as("kills landed in every state").containsKey(state.label());
        }
    }

    private record Restarted(RocksGenerationStore store, StagedImport imports) {
        ImportOutcome importer(Path bundle) throws IOException {
            try (var in = Files.newInputStream(bundle)) {
                StagedImport.Attempt attempt = imports.run(in, "b.bundle", "test", ImportProgress.NONE, null);
                attempt.complete(false);
                return attempt.outcome();
            }
        }
    }

    /** What the appliance does at start: open the store, recover staging, load the root chain. */
    private Restarted restart(Path data) throws IOException {
        RocksGenerationStore store = RocksGenerationStore.open(data.resolve("generations"), StoreTuning.DEFAULTS);
        Files.createDirectories(data.resolve("staging"));
        ImportJournal.recover(data.resolve("staging"), store);
        RootTrust trust = RootTrust.load(TrustedKeys.of(1, rootKey.getPublic()), data.resolve("trust/roots"));
        return new Restarted(
                store,
                new StagedImport(
                        new BundleImporter(store, trust, BundleLimits.DEFAULTS, Clock.systemUTC()),
                        data.resolve("staging"),
                        new Quarantine(
                                data.resolve("quarantine"),
                                Long.MAX_VALUE,
                                java.time.Duration.ofDays(30),
                                Clock.systemUTC()),
                        BundleLimits.DEFAULTS));
    }

    private static List<dev.outpost.reputation.ReputationRecord> records(int records, int marker) {
        List<dev.outpost.reputation.ReputationRecord> list = new ArrayList<>();
        list.add(TestBundles.eicar());
        for (int i = 0; i < records; i++) {
            list.add(TestBundles.file(i, Category.MALWARE));
        }
        list.add(TestBundles.file(marker, Category.MALWARE));
        return list;
    }

    private Path bundle(String name, long sequence, int records, int marker, SignedRoot root) throws IOException {
        BundleWriter writer = new BundleWriter();
        records(records, marker).forEach(writer::add);
        Path file = dir.resolve(name);
        writer.write(
                file,
                "test",
                sequence,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(List.of(release), List.of(root)));
        return file;
    }

    private static void assertLookupsAgree(RocksGenerationStore store, long sequence) {
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(sequence);
        try (Generation generation = store.acquire().orElseThrow()) {
            boolean isNew = sequence == 2;
            assertThat(generation.get(
                            KeySpace.FILE_SHA256,
                            Hash.parse(TestBundles.EICAR_SHA256).bytes()))
                    .isNotNull();
            assertThat(present(generation, OLD_ONLY)).isEqualTo(!isNew);
            assertThat(present(generation, NEW_ONLY)).isEqualTo(isNew);
            assertThat(present(generation, OLD_RECORDS - 1)).isTrue();
            assertThat(present(generation, NEW_RECORDS - 1)).isEqualTo(isNew);
        }
    }

    private static boolean present(Generation generation, int record) {
        return generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-" + record)) != null;
    }

    /** The last state the journal recorded: {@code copying} before the first, {@code no-journal} without one. */
    private static String lastJournalState(Path staging) throws IOException {
        List<Path> journals;
        try (Stream<Path> files = Files.list(staging)) {
            journals = files.filter(p -> p.toString().endsWith(".journal")).toList();
        }
        if (journals.isEmpty()) {
            return "no-journal";
        }
        String last = "copying";
        for (String line : Files.readAllLines(journals.get(0), StandardCharsets.UTF_8)) {
            for (ImportState state : ImportState.values()) {
                if (line.startsWith(state.label() + " ")) {
                    last = state.label();
                }
            }
        }
        return last;
    }

    private static BlockingQueue<String> lines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The child was killed.
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void awaitLine(BlockingQueue<String> lines, String wanted, Process child)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            if (line.equals(wanted)) {
                return;
            }
        }
        child.destroyForcibly();
        throw new AssertionError("child never printed '" + wanted + "'; it printed " + seen);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
