package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.TestBundles;

/**
 * {@code outpost bundle verify} refuses what an import refuses, by the same rule (issue 11 item 11):
 * a publisher learns before shipping that a bundle dated in the future will not import.
 */
class BundleVerifyStrictnessTest {
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

    private Result buildAndVerify(String created) throws IOException {
        assertThat(run("keygen", "--name", "release", "--out-dir", dir.toString())
                        .exitCode())
                .isZero();
        Files.writeString(dir.resolve("records.csv"), "sha256,verdict\n" + TestBundles.EICAR_SHA256 + ",MALWARE\n");
        Result built = run(
                "bundle",
                "build",
                "--records",
                dir.resolve("records.csv").toString(),
                "--dataset",
                "acme",
                "--sequence",
                "1",
                "--key",
                dir.resolve("release.key.pem").toString(),
                "--created",
                created,
                "--valid-for",
                "P3650D",
                "--out",
                dir.resolve("acme.bundle").toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
        return run(
                "bundle",
                "verify",
                dir.resolve("acme.bundle").toString(),
                "--trust",
                dir.resolve("release.pub.pem").toString());
    }

    @Test
    void refusesABundleCreatedInTheFuture() throws IOException {
        Result verified = buildAndVerify("2099-01-01T00:00:00Z");

        assertThat(verified.exitCode()).isEqualTo(2);
        assertThat(verified.err())
                .contains("bundle is invalid (created-in-future)", "created at 2099-01-01T00:00:00Z")
                .doesNotContain("Exception", "java.");
    }

    @Test
    void acceptsABundleCreatedNow() throws IOException {
        Result verified = buildAndVerify(java.time.Instant.now().toString());

        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("OK: dataset acme sequence 1");
    }
}
