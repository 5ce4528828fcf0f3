package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.TestBundles;

/**
 * {@code outpost export rpz|bloom} on the packaged application, the README's way: import the demo
 * bundle and a local verdict file into a data directory, export both formats, and hand the files to
 * the real tools ({@code named-checkzone}, DCSO's {@code bloom}). Alone: {@code ./mvnw -B package
 * -DskipTests && ./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ExportCliIT}.
 */
class ExportCliIT {
    private static final Path APP = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));
    private static final Path REPO = Path.of(System.getProperty("outpost.repo.dir", "."));

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Doutpost.trust.root-keys=" + REPO.resolve("offline-bundles/keys/demo-root.pub.pem"),
                "-jar",
                APP.resolve("quarkus-run.jar").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void exportsTheDemoDatasetWithLocalVerdictsForBindAndTheBloomTool() throws Exception {
        Path data = dir.resolve("data");
        Result imported =
                cli("import", REPO.resolve("offline-bundles/demo.bundle").toString(), "--data-dir", data.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Path verdicts = Files.writeString(
                dir.resolve("verdicts.csv"),
                "kind,value,verdict,threatName,comment,expiresAt\n"
                        + "domain,malware.testing.google.test,TRUSTED,,our own test host,\n"
                        + "ip,100.64.0.0/10,MALWARE,,,\n");
        Result local = cli("local-verdicts", "import", verdicts.toString(), "--data-dir", data.toString());
        assertThat(local.exitCode()).as(local.err()).isZero();

        Path zone = dir.resolve("rpz.outpost.internal.zone");
        Result rpz = cli("export", "rpz", "--out", zone.toString(), "--include-yellow", "--data-dir", data.toString());
        assertThat(rpz.exitCode()).as(rpz.err()).isZero();
        assertThat(rpz.out())
                .startsWith(
                        "Exported RPZ zone rpz.outpost.internal to " + zone + ": dataset demo sequence 1 (serial 1):"
                                + " 1 domains (2 QNAME rules), 4 IP ranges (rpz-ip rules), 1 of them exceptions");
        assertThat(Files.readString(zone))
                .contains("malware.testing.google.test\tCNAME\trpz-passthru.\t; local verdict ")
                .contains("10.0.0.64.100.rpz-ip\tCNAME\t.\t; local verdict ")
                .contains("32.zz.db8.2001.rpz-ip\tCNAME\t.\n");
        assertThat(dir)
                .isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".partial"));
        Path checkzone = ExportTestData.tool("/usr/bin/named-checkzone");
        ExportTestData.Run checked =
                ExportTestData.run(List.of(checkzone.toString(), "rpz.outpost.internal", zone.toString()));
        assertThat(checked.exitCode()).as(checked.out()).isZero();

        Path filter = dir.resolve("demo.bloom.gz");
        Result bloom = cli("export", "bloom", "--out", filter.toString(), "--gzip", "--data-dir", data.toString());
        assertThat(bloom.exitCode()).as(bloom.err()).isZero();
        assertThat(bloom.out())
                .startsWith("Exported Bloom filter to " + filter
                        + ": dataset demo sequence 1: 1 values (sha1; red; upper case), n=1 p=1.0E-4");
        Path tool = ExportTestData.tool("/usr/bin/bloom");
        String eicar = TestBundles.EICAR_SHA1.toUpperCase(Locale.ROOT);
        ExportTestData.Run found = ExportTestData.run(
                eicar + "\n0123456789ABCDEF0123456789ABCDEF01234567\n",
                tool.toString(),
                "--gzip",
                "check",
                filter.toString());
        assertThat(found.exitCode()).as(found.out()).isZero();
        assertThat(found.out()).isEqualTo(eicar + "\n");
        try (InputStream in = Files.newInputStream(filter)) {
            assertThat(DcsoBloomFilter.read(in, Exports.MAX_BLOOM_BYTES).count())
                    .isEqualTo(1);
        }

        // A data directory with no dataset yet: one line that says so.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result none =
                cli("export", "rpz", "--out", dir.resolve("none.zone").toString(), "--data-dir", empty.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err())
                .isEqualTo("outpost: no dataset is active in this data directory; import a bundle first\n");
        assertThat(dir.resolve("none.zone")).doesNotExist();
    }
}
