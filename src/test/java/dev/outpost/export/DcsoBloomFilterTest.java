package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.reputation.InvalidInputException;

/**
 * The DCSO v1 format bit for bit (interop.md §1.6): the upstream test vectors of DCSO/bloom's
 * bloom_test.go, its test files as Debian ships them (golang-github-dcso-bloom-dev), and the real
 * {@code bloom} tool (golang-github-dcso-bloom-cli) reading our filters and writing filters we read.
 */
class DcsoBloomFilterTest {
    private static final String TESTDATA = "/usr/share/gocode/src/github.com/DCSO/bloom/testdata/";
    private static final long NO_CAP = 1L << 30;

    @TempDir
    Path dir;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sizesAsGoInitializeDoesForTheUpstreamVectors() {
        // bloom_test.go TestInitialization, and the (100000, 0.01) case whose ceiling rounds toward zero.
        assertThat(DcsoBloomFilter.bitsFor(10000, 0.001)).isEqualTo(143775);
        assertThat(DcsoBloomFilter.hashFunctionsFor(10000, 143775)).isEqualTo(10);
        assertThat(DcsoBloomFilter.bitsFor(100000, 0.01)).isEqualTo(958505);
        assertThat(DcsoBloomFilter.hashFunctionsFor(100000, 958505)).isEqualTo(7);
        DcsoBloomFilter filter = DcsoBloomFilter.create(10000, 0.001, NO_CAP);
        assertThat(filter.bits()).isEqualTo(143775);
        assertThat(filter.hashFunctions()).isEqualTo(10);
        assertThat(filter.fileBytes()).isEqualTo(48 + 8 * ((143775 + 63) / 64));
    }

    @Test
    void fingerprintsBarAsBloomTestGoExpects() {
        DcsoBloomFilter filter = DcsoBloomFilter.create(100000, 0.01, NO_CAP);
        assertThat(filter.hashFunctions()).isEqualTo(7);
        assertThat(filter.fingerprint(ascii("bar")))
                .containsExactly(20311, 36825, 412501, 835777, 658914, 853361, 307361);
    }

    @Test
    void hashesWithFnv1NotFnv1a() {
        // FNV-1 64 of "a" is 0xaf63bd4c8601b7be; FNV-1a would give 0xaf63dc4c8601ec8c.
        assertThat(DcsoBloomFilter.fnv1(ascii("a"))).isEqualTo(0xaf63bd4c8601b7beL);
        assertThat(DcsoBloomFilter.fnv1(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    }

    @Test
    void readsTheUpstreamTestFilterAndWritesItBackByteForByte() throws IOException {
        byte[] file = Files.readAllBytes(ExportTestData.file(TESTDATA + "test.bloom"));
        DcsoBloomFilter filter = DcsoBloomFilter.read(new ByteArrayInputStream(file), NO_CAP);
        assertThat(filter.capacity()).isEqualTo(1000);
        assertThat(filter.falsePositiveRate()).isEqualTo(1e-6);
        assertThat(filter.hashFunctions()).isEqualTo(20);
        assertThat(filter.bits()).isEqualTo(28755);
        assertThat(filter.count()).isEqualTo(3);
        for (String present : List.of("foo", "bar", "baz")) {
            assertThat(filter.mayContain(ascii(present))).as(present).isTrue();
        }
        for (String absent : List.of("qux", "FOO", "", "12345")) {
            assertThat(filter.mayContain(ascii(absent))).as(absent).isFalse();
        }
        // Our sizing gives the same dimensions for the same n and p.
        assertThat(DcsoBloomFilter.bitsFor(1000, 1e-6)).isEqualTo(28755);
        assertThat(DcsoBloomFilter.hashFunctionsFor(1000, 28755)).isEqualTo(20);

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        filter.write(written);
        assertThat(written.toByteArray()).isEqualTo(file);

        // Made afresh from the same three values, it is the same file.
        DcsoBloomFilter made = DcsoBloomFilter.create(1000, 1e-6, NO_CAP);
        for (String value : List.of("foo", "bar", "baz")) {
            assertThat(made.add(ascii(value))).isTrue();
        }
        ByteArrayOutputStream remade = new ByteArrayOutputStream();
        made.write(remade);
        assertThat(remade.toByteArray()).isEqualTo(file);
    }

    @Test
    void readsTheGzippedUpstreamTestFilter() throws IOException {
        try (InputStream in = Files.newInputStream(ExportTestData.file(TESTDATA + "test.bloom.gz"))) {
            DcsoBloomFilter filter = DcsoBloomFilter.read(in, NO_CAP);
            assertThat(filter.count()).isEqualTo(3);
            assertThat(filter.mayContain(ascii("baz"))).isTrue();
            assertThat(filter.mayContain(ascii("qux"))).isFalse();
        }
    }

    @Test
    void refusesTheUpstreamBrokenFilterAndTruncatedOrForeignFiles() throws IOException {
        byte[] broken = Files.readAllBytes(ExportTestData.file(TESTDATA + "broken.bloom"));
        assertThatThrownBy(() -> DcsoBloomFilter.read(new ByteArrayInputStream(broken), NO_CAP))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("number of hash functions 9223372036854775808 is not 1 to 1024");

        byte[] good = Files.readAllBytes(ExportTestData.file(TESTDATA + "test.bloom"));
        byte[] cut = Arrays.copyOf(good, good.length - 8);
        assertThatThrownBy(() -> DcsoBloomFilter.read(new ByteArrayInputStream(cut), NO_CAP))
                .hasMessage("the file ends inside its bit array");
        assertThatThrownBy(() -> DcsoBloomFilter.read(new ByteArrayInputStream(Arrays.copyOf(good, 20)), NO_CAP))
                .hasMessage("the file ends inside its header");

        byte[] version2 = good.clone();
        version2[0] = 2; // Poppy's layout, not DCSO's
        assertThatThrownBy(() -> DcsoBloomFilter.read(new ByteArrayInputStream(version2), NO_CAP))
                .hasMessage("version 2 is not 1 (DCSO v1)");

        assertThatThrownBy(() -> DcsoBloomFilter.read(new ByteArrayInputStream(good), 1000))
                .hasMessageContaining("larger than 1000 bytes");
    }

    @Test
    void refusesAFilterLargerThanTheCapBeforeAllocatingIt() {
        assertThatThrownBy(() -> DcsoBloomFilter.create(1_000_000_000L, 1e-9, 2L << 30))
                .isInstanceOf(ExportTooLargeException.class)
                .hasMessageContaining("needs 5141 MiB, more than the 2048 MiB");
        assertThatThrownBy(() -> DcsoBloomFilter.create(1, 0.9, NO_CAP))
                .hasMessageContaining("gives a filter of no bits for 1 values");
    }

    @Test
    void sizesEveryFilterAsTheRealBloomToolDoes() throws Exception {
        Path bloom = ExportTestData.tool("/usr/bin/bloom");
        long[] capacities = {1, 3, 1000, 99_991, 418_300_000};
        double[] rates = {0.5, 0.01, 0.0001, 1e-6, 1e-9};
        for (long n : capacities) {
            for (double p : rates) {
                if (n * -Math.log(p) / 0.48 > 7e8) {
                    continue; // the tool would write a file above 90 MB: only n = 418,300,000 at p = 0.5 stays
                }
                Path file = dir.resolve("sized-" + n + "-" + p + ".bloom");
                ExportTestData.Run created = ExportTestData.run(List.of(
                        bloom.toString(), "create", "-n", Long.toString(n), "-p", Double.toString(p), file.toString()));
                assertThat(created.exitCode()).as(created.out()).isZero();
                DcsoBloomFilter theirs;
                try (InputStream in = Files.newInputStream(file)) {
                    theirs = DcsoBloomFilter.read(in, 2L << 30);
                }
                assertThat(DcsoBloomFilter.bitsFor(n, p))
                        .as("m for n=%d p=%s", n, p)
                        .isEqualTo(theirs.bits());
                assertThat(DcsoBloomFilter.hashFunctionsFor(n, theirs.bits()))
                        .as("k for n=%d p=%s", n, p)
                        .isEqualTo(theirs.hashFunctions());
                Files.delete(file);
            }
        }
    }

    @Test
    void readsWhatTheRealToolInsertedAndTheToolFindsWhatWeInserted() throws Exception {
        Path bloom = ExportTestData.tool("/usr/bin/bloom");
        List<String> values = List.of("3395856CE81F2B7382DEE72602F798B642F14140", "evil.example", "x");
        // Theirs, read by us.
        Path theirs = dir.resolve("theirs.bloom");
        assertThat(ExportTestData.run(
                                List.of(bloom.toString(), "create", "-n", "100", "-p", "0.001", theirs.toString()))
                        .exitCode())
                .isZero();
        ExportTestData.Run inserted =
                ExportTestData.run(String.join("\n", values) + "\n", bloom.toString(), "insert", theirs.toString());
        assertThat(inserted.exitCode()).as(inserted.out()).isZero();
        DcsoBloomFilter read;
        try (InputStream in = Files.newInputStream(theirs)) {
            read = DcsoBloomFilter.read(in, NO_CAP);
        }
        assertThat(read.count()).isEqualTo(3);
        for (String value : values) {
            assertThat(read.mayContain(ascii(value))).as(value).isTrue();
        }
        assertThat(read.mayContain(ascii("3395856ce81f2b7382dee72602f798b642f14140")))
                .isFalse();

        // Ours, made from the same values: the same bytes, and the tool finds exactly those values.
        DcsoBloomFilter ours = DcsoBloomFilter.create(100, 0.001, NO_CAP);
        values.forEach(value -> ours.add(ascii(value)));
        Path file = dir.resolve("ours.bloom");
        try (var out = Files.newOutputStream(file)) {
            ours.write(out);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(theirs));
        ExportTestData.Run checked = ExportTestData.run(
                String.join("\n", values) + "\nnot-inserted\n" + values.get(0).toLowerCase() + "\n",
                bloom.toString(),
                "check",
                file.toString());
        assertThat(checked.exitCode()).isZero();
        assertThat(ExportTestData.lines(checked.out())).containsExactlyElementsOf(values);
    }
}
