package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.lookup.AnswerJson;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.Snapshots;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.GenerationStores;
import dev.outpost.store.StoreTuning;

/**
 * {@code outpost lookup} in process (it does not boot Quarkus): the API's bytes for the vendor data,
 * a one-line note that local verdicts were not consulted, the store tuning from the server's
 * configuration, and the exit codes.
 */
class LookupCommandTest {
    private static final String TUNING_KEY = "outpost.store.block-cache-bytes";

    @TempDir
    Path data;

    private record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void importABundle() throws Exception {
        TestBundles bundles = new TestBundles();
        Path bundle = bundles.write(data.resolve("test.bundle"), 1, 2);
        try (GenerationStore store = GenerationStores.open(data.resolve("generations"), StoreTuning.DEFAULTS)) {
            ImportOutcome outcome = new BundleImporter(store, bundles.trust(), BundleLimits.DEFAULTS, Clock.systemUTC())
                    .importBundle(bundle, null, ImportProgress.NONE);
            assertThat(outcome).isInstanceOf(ImportOutcome.Activated.class);
        }
    }

    @AfterEach
    void clearTuning() {
        System.clearProperty(TUNING_KEY);
    }

    private Result lookup(String... hashes) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = OutpostCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        List<String> args = new java.util.ArrayList<>(List.of("lookup", "--data-dir", data.toString()));
        args.addAll(List.of(hashes));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What the server's API answers from the same vendor data, by the same writer. */
    private String api(List<String> hashes) {
        try (GenerationStore store = GenerationStores.openReadOnly(data.resolve("generations"), StoreTuning.DEFAULTS)) {
            var outcomes = new LookupService(Snapshots.vendorOnly(store)).files(hashes);
            byte[] json = hashes.size() == 1
                    ? AnswerJson.single(outcomes.get(0), AnswerJson.Escaping.HASH_ANSWERS)
                    : AnswerJson.bulk(outcomes, AnswerJson.Escaping.HASH_ANSWERS);
            return new String(json, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void printsTheApisAnswerAndSaysThatLocalVerdictsWereNotConsulted() {
        Result result = lookup(TestBundles.EICAR_MD5);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(api(List.of(TestBundles.EICAR_MD5)) + System.lineSeparator());
        assertThat(result.out())
                .startsWith("{\"query\":\"" + TestBundles.EICAR_MD5 + "\",\"type\":\"md5\",\"zone\":\"RED\"")
                .contains("\"source\":{\"type\":\"vendor\",\"dataset\":\"test\",\"sequence\":1}");
        assertThat(result.err()).isEqualTo(LookupCommand.VENDOR_DATA_ONLY + System.lineSeparator());
        assertThat(result.err()).contains("local verdicts are not consulted");
    }

    @Test
    void answersSeveralHashesWithTheBulkBodyAndExitsOneForAnInvalidItem() {
        List<String> hashes = List.of(TestBundles.EICAR_SHA256, "not-a-hash", "0".repeat(64));
        Result result = lookup(hashes.toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(api(hashes) + System.lineSeparator());
        assertThat(result.out()).startsWith("{\"results\":[").contains("\"error\":{\"type\":\"invalid-hash\"");
    }

    @Test
    void opensTheStoreWithTheServersConfiguredTuning() {
        System.setProperty(TUNING_KEY, "1024");
        Result tooSmall = lookup(TestBundles.EICAR_MD5);
        assertThat(tooSmall.exitCode()).isEqualTo(1);
        assertThat(tooSmall.err().strip()).isEqualTo("outpost: outpost.store.block-cache-bytes must be at least 1 MiB");
        assertThat(tooSmall.out()).isEmpty();

        System.setProperty(TUNING_KEY, "lots");
        Result notANumber = lookup(TestBundles.EICAR_MD5);
        assertThat(notANumber.exitCode()).isEqualTo(1);
        assertThat(notANumber.err().strip())
                .isEqualTo("outpost: outpost.store.block-cache-bytes must be a whole number, not 'lots'");

        System.setProperty(TUNING_KEY, String.valueOf(8L << 20));
        assertThat(lookup(TestBundles.EICAR_MD5).exitCode()).isZero();
    }
}
