package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.TestBundles;
import dev.outpost.local.LocalIndex;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/**
 * Bloom filters of the demo dataset (and the export test cases), read back by the real DCSO {@code
 * bloom} tool as hashlookup's users read CIRCL's filters: uppercase SHA-1 by default (interop.md
 * §1.6), other kinds, lower case and gzip on request, local verdicts applied, sized for exactly the
 * values inserted.
 */
class BloomExportTest {
    private static final String RANDOM_SHA1 = "0123456789ABCDEF0123456789ABCDEF01234567";

    @TempDir
    static Path dir;

    static GenerationStore store;

    @BeforeAll
    static void importDemoAndCases() throws IOException {
        store = ExportTestData.store(
                dir,
                writer -> ExportTestData.addCsv(writer, ExportWalkTest.EXTRA, "hashed.example", "hashedlocal.example"));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    private static BloomExport.Built build(BloomOptions options, LocalIndex local) {
        try (Generation generation = store.acquire().orElseThrow()) {
            return BloomExport.build(options, generation, local, Instant.now(), Exports.MAX_BLOOM_BYTES);
        }
    }

    private static Path write(String name, BloomExport.Built built, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            Exports.writeBloom(built.filter(), gzip, out);
        }
        return file;
    }

    /** The lines of {@code values} that {@code bloom check} reports as present. */
    private static List<String> check(Path file, boolean gzip, String... values) throws Exception {
        Path bloom = ExportTestData.tool("/usr/bin/bloom");
        String[] command = gzip
                ? new String[] {bloom.toString(), "--gzip", "check", file.toString()}
                : new String[] {bloom.toString(), "check", file.toString()};
        ExportTestData.Run run = ExportTestData.run(String.join("\n", values) + "\n", command);
        assertThat(run.exitCode()).as(run.out()).isZero();
        return ExportTestData.lines(run.out());
    }

    @Test
    void theRealBloomToolFindsEicarsUppercaseSha1AndNotARandomHash() throws Exception {
        BloomExport.Built built = build(BloomOptions.DEFAULTS, LocalIndex.EMPTY);
        assertThat(built.summary().values()).isEqualTo(1);
        Path file = write("demo-sha1-red.bloom", built, false);

        assertThat(check(
                        file,
                        false,
                        TestBundles.EICAR_SHA1.toUpperCase(Locale.ROOT),
                        RANDOM_SHA1,
                        TestBundles.EICAR_SHA1))
                .containsExactly(TestBundles.EICAR_SHA1.toUpperCase(Locale.ROOT));

        ExportTestData.Run show =
                ExportTestData.run(List.of(ExportTestData.tool("/usr/bin/bloom").toString(), "show", file.toString()));
        assertThat(show.out())
                .contains("Capacity:\t\t1\n")
                .contains("Elements present:\t1\n")
                .contains("FP probability:\t\t1.00e-04\n")
                .contains("Bits:\t\t\t" + DcsoBloomFilter.bitsFor(1, 1e-4) + "\n")
                .contains("Hash functions:\t\t" + DcsoBloomFilter.hashFunctionsFor(1, DcsoBloomFilter.bitsFor(1, 1e-4))
                        + "\n");
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(DcsoBloomFilter.read(in, Exports.MAX_BLOOM_BYTES)
                            .mayContain(TestBundles.EICAR_SHA1
                                    .toUpperCase(Locale.ROOT)
                                    .getBytes(StandardCharsets.US_ASCII)))
                    .isTrue();
        }
    }

    @Test
    void appliesLocalVerdictsAndSizesTheFilterForTheValuesInserted() throws Exception {
        BloomExport.Built built = build(BloomOptions.DEFAULTS, ExportWalkTest.LOCAL);
        // EICAR, /usr/bin/true (a local verdict on its SHA-256 makes it RED by SHA-1 too) and a
        // digest only a local verdict knows.
        assertThat(built.summary().values()).isEqualTo(3);
        assertThat(built.filter().capacity()).isEqualTo(3);
        assertThat(built.filter().count()).isEqualTo(3);
        Path file = write("local-sha1-red.bloom", built, false);
        String eicar = TestBundles.EICAR_SHA1.toUpperCase(Locale.ROOT);
        String usrBinTrue = ExportWalkTest.TRUE_SHA1.toUpperCase(Locale.ROOT);
        String empty = ExportWalkTest.EMPTY_SHA1.toUpperCase(Locale.ROOT);
        String bash = "9CFD66837F53735BFCEAE8E09E25AF24A25FD558";
        assertThat(check(file, false, eicar, usrBinTrue, empty, bash, RANDOM_SHA1))
                .containsExactly(eicar, usrBinTrue, empty);
    }

    @Test
    void writesChosenKindsZonesAndCaseGzippedForTheBloomTool() throws Exception {
        BloomOptions options = BloomOptions.parse("md5,sha256,domain", "red,green", "0.001", "lower", "true");
        BloomExport.Built built = build(options, LocalIndex.EMPTY);
        Path file = write("demo-mixed.bloom.gz", built, true);
        byte[] head = Files.readAllBytes(file);
        assertThat(head[0] & 0xFF).isEqualTo(0x1f);
        assertThat(head[1] & 0xFF).isEqualTo(0x8b);
        List<String> present = check(
                file,
                true,
                TestBundles.EICAR_MD5,
                TestBundles.EICAR_SHA256,
                TestBundles.EICAR_MD5.toUpperCase(Locale.ROOT),
                // /bin/bash is CLEAN (GREEN), the empty file TRUSTED (GREEN, SHA-256 only).
                "cb30d69b24245bf2ecdc9e7f53bbad19159999970b6d82c0c00c7d32d9e37aa4",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                // Listed domains: RED and the CLEAN Safe Browsing test host; bad.example from the cases.
                "malware.testing.google.test",
                "testsafebrowsing.appspot.com",
                "bad.example",
                // Held as a hash only: answered, never listed.
                "hashed.example",
                // YELLOW: not chosen.
                "adware.example");
        assertThat(present)
                .containsExactly(
                        TestBundles.EICAR_MD5,
                        TestBundles.EICAR_SHA256,
                        "cb30d69b24245bf2ecdc9e7f53bbad19159999970b6d82c0c00c7d32d9e37aa4",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "malware.testing.google.test",
                        "testsafebrowsing.appspot.com",
                        "bad.example");
        // hashed.example and hashedlocal.example (no local verdict names it here).
        assertThat(built.summary().hashedOnlyDomains()).isEqualTo(2);
    }

    @Test
    void anEmptySelectionStillMakesAFileTheToolReads() throws Exception {
        BloomExport.Built built = build(BloomOptions.parse("md5", "yellow", null, null, null), LocalIndex.EMPTY);
        assertThat(built.summary().values()).isZero();
        Path file = write("empty.bloom", built, false);
        assertThat(check(file, false, TestBundles.EICAR_MD5, "")).isEmpty();
        assertThat(built.filter().capacity()).isEqualTo(1);
        assertThat(built.filter().count()).isZero();
    }
}
