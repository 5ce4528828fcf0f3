package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sort-memory} and {@code --temp-dir} on {@code bundle build} and {@code bundle delta}
 * (issue 16), through the real command line in process: a build that spills writes the bundle a
 * build in memory writes, and leaves nothing in the spill directory.
 */
class BundleSortOptionsTest {
    private static final String CREATED = "2026-11-23T00:00:00Z";

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = OutpostCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void keyAndRecords() throws IOException {
        assertThat(run("keygen", "--name", "release", "--out-dir", dir.toString())
                        .exitCode())
                .isZero();
        writeRecords("records.csv", 40_000, 0);
        writeRecords("next.csv", 40_000, 500);
        Files.createDirectories(dir.resolve("spill"));
    }

    /** {@code count} SHA-256-only records, the first {@code skip} of the series left out. */
    private void writeRecords(String name, int count, int skip) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        List<String> lines = new ArrayList<>(List.of("sha256,verdict,threat_name,first_seen"));
        for (int i = 0; i < count + skip; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            if (i >= skip) {
                lines.add(HexFormat.of().formatHex(digest)
                        + (i % 3 == 0 ? ",CLEAN,," : ",MALWARE,Trojan." + (i % 11) + ",") + "2026-0" + (1 + i % 9)
                        + "-01");
            }
        }
        Files.write(dir.resolve(name), lines);
    }

    private List<String> build(String records, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "bundle",
                "build",
                "--records",
                path(records),
                "--dataset",
                "acme",
                "--sequence",
                "1",
                "--key",
                path("release.key.pem"),
                "--created",
                CREATED,
                "--out",
                path(out)));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void aBuildThatSpillsWritesTheBundleOfABuildInMemoryAndCleansUp() throws IOException {
        Result inMemory = run(build("records.csv", "memory.bundle").toArray(String[]::new));
        Result spilled =
                run(build("records.csv", "spilled.bundle", "--sort-memory", "1MiB", "--temp-dir", path("spill"))
                        .toArray(String[]::new));

        assertThat(inMemory.exitCode()).as(inMemory.err()).isZero();
        assertThat(spilled.exitCode()).as(spilled.err()).isZero();
        assertThat(spilled.out())
                .contains("Wrote " + path("spilled.bundle") + ": dataset acme sequence 1, 40000 files");
        assertThat(Files.readAllBytes(dir.resolve("spilled.bundle")))
                .isEqualTo(Files.readAllBytes(dir.resolve("memory.bundle")));
        assertThat(files(dir.resolve("spill"))).isEmpty();
        assertThat(files(dir)).noneMatch(p -> p.getFileName().toString().startsWith(".outpost-"));
    }

    @Test
    void aDeltaThatSpillsWritesTheDeltaOfOneInMemory() throws IOException {
        List<Result> results = new ArrayList<>();
        for (String variant : List.of("memory", "spilled")) {
            List<String> args = new ArrayList<>(List.of(
                    "bundle",
                    "delta",
                    "--base-records",
                    path("records.csv"),
                    "--records",
                    path("next.csv"),
                    "--base-sequence",
                    "1",
                    "--sequence",
                    "2",
                    "--dataset",
                    "acme",
                    "--key",
                    path("release.key.pem"),
                    "--created",
                    CREATED,
                    "--out",
                    path(variant + ".delta")));
            if (variant.equals("spilled")) {
                args.addAll(List.of("--sort-memory", "1m", "--temp-dir", path("spill")));
            }
            results.add(run(args.toArray(String[]::new)));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        assertThat(results.get(1).out()).contains("delta 1 -> 2, 1000 changed entries");
        assertThat(results.get(1).err()).startsWith("sorted 80,000 entries in ");
        assertThat(Files.readAllBytes(dir.resolve("spilled.delta")))
                .isEqualTo(Files.readAllBytes(dir.resolve("memory.delta")));
        assertThat(files(dir.resolve("spill"))).isEmpty();
    }

    @Test
    void refusesASortMemoryThatIsNotASizeOrOutOfRange() {
        for (String bad : List.of("lots", "12 parsecs", "-5MiB", "512KiB", "4GiB", "99999999999999999999")) {
            Result result =
                    run(build("records.csv", "x.bundle", "--sort-memory", bad).toArray(String[]::new));
            assertThat(result.exitCode()).as(bad).isEqualTo(1);
            assertThat(result.err()).as(bad).startsWith("outpost: --sort-memory ");
        }
        assertThat(Files.exists(dir.resolve("x.bundle"))).isFalse();
    }

    @Test
    void refusesATempDirThatIsNotADirectory() {
        Result result = run(
                build("records.csv", "x.bundle", "--temp-dir", path("missing")).toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("outpost: --temp-dir " + path("missing") + " is not a directory");
    }

    @Test
    void readsSizesWithBinaryUnits() {
        assertThat(SortOptions.bytes("--sort-memory", "1048576")).isEqualTo(1L << 20);
        assertThat(SortOptions.bytes("--sort-memory", "64KiB")).isEqualTo(64L << 10);
        assertThat(SortOptions.bytes("--sort-memory", "128m")).isEqualTo(128L << 20);
        assertThat(SortOptions.bytes("--sort-memory", "1 GiB")).isEqualTo(1L << 30);
        assertThat(SortOptions.bytes("--sort-memory", "2GB")).isEqualTo(2L << 30);
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(p -> !p.equals(directory)).toList();
        }
    }
}
