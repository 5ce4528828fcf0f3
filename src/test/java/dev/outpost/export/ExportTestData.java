package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Assumptions;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalKind;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.RecordSource;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.GenerationStores;
import dev.outpost.store.StoreTuning;

/**
 * Real data for the export tests: a RocksDB store holding the demo records (offline-bundles/
 * demo-records.csv, domains listed, as the demo bundle lists them) plus any records a test adds,
 * imported through the real importer; and the interoperability tools from Debian, which a test
 * needs when {@code OUTPOST_REQUIRE_INTEROP_TOOLS=1} (.ci/run) and may skip without otherwise.
 */
final class ExportTestData {
    static final Path DEMO_RECORDS = Path.of("offline-bundles/demo-records.csv");
    static final String EICAR_SHA1 = TestBundles.EICAR_SHA1;
    static final long SEQUENCE = 7;

    private ExportTestData() {}

    /** A store under {@code dir} whose active generation holds the demo records and {@code extra}'s. */
    static GenerationStore store(Path dir, Consumer<BundleWriter> extra) throws IOException {
        TestBundles bundles = new TestBundles();
        BundleWriter writer = new BundleWriter();
        RecordSource.read(DEMO_RECORDS, writer::add);
        extra.accept(writer);
        Path bundle = dir.resolve("export-test.bundle");
        writer.write(bundle, "demo", SEQUENCE, TestBundles.CREATED, TestBundles.EXPIRES, Signers.of(bundles.key));
        GenerationStore store = GenerationStores.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        ImportOutcome outcome = new BundleImporter(store, bundles.trust(), BundleLimits.DEFAULTS, Clock.systemUTC())
                .importBundle(bundle, null, ImportProgress.NONE);
        assertThat(outcome).isInstanceOf(ImportOutcome.Activated.class);
        return store;
    }

    /**
     * Adds the records of CSV {@code rows} (demo-records.csv's columns) to {@code writer}; domains
     * whose name is in {@code hashedOnly} are written as a publisher that does not list them would.
     */
    static void addCsv(BundleWriter writer, String rows, String... hashedOnly) {
        String header = "kind,md5,sha1,sha256,url,domain,ip,verdict,threat_name,first_seen,last_seen,popularity\n";
        List<String> hashed = List.of(hashedOnly);
        try {
            RecordSource.readCsv(new java.io.BufferedReader(new java.io.StringReader(header + rows)), record -> {
                if (record instanceof dev.outpost.reputation.ReputationRecord.Keyed keyed
                        && keyed.name() != null
                        && hashed.contains(keyed.name())) {
                    writer.add(keyed.unlisted());
                } else {
                    writer.add(record);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static LocalIndex.Entry local(long id, LocalKind kind, String subject, Category category) {
        return new LocalIndex.Entry(id, kind, subject, new Verdict(category, null, null, null, 0), "alice");
    }

    /** A verdict that expired at the start of 2026, before any instant the tests export at. */
    static LocalIndex.Entry expired(long id, LocalKind kind, String subject, Category category) {
        return new LocalIndex.Entry(
                id,
                kind,
                subject,
                new Verdict(category, null, null, null, 0),
                "alice",
                java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    /** The executable at {@code path}, or the test is skipped (failed under OUTPOST_REQUIRE_INTEROP_TOOLS=1). */
    static Path tool(String path) {
        Path tool = Path.of(path);
        if (!Files.isExecutable(tool)) {
            if ("1".equals(System.getenv("OUTPOST_REQUIRE_INTEROP_TOOLS"))) {
                throw new AssertionError(
                        "OUTPOST_REQUIRE_INTEROP_TOOLS=1 but " + path + " is missing (.ci/run installs it)");
            }
            Assumptions.abort(path + " is not installed");
        }
        return tool;
    }

    /** A file a Debian package installs, as {@link #tool} treats executables. */
    static Path file(String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            if ("1".equals(System.getenv("OUTPOST_REQUIRE_INTEROP_TOOLS"))) {
                throw new AssertionError(
                        "OUTPOST_REQUIRE_INTEROP_TOOLS=1 but " + path + " is missing (.ci/run installs it)");
            }
            Assumptions.abort(path + " is not installed");
        }
        return file;
    }

    record Run(int exitCode, String out) {}

    /** Runs a command to its end with {@code input} on its standard input; output and errors merged. */
    static Run run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        return run("", command.toArray(String[]::new));
    }

    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }
}
