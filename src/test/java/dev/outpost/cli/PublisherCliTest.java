package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.TestBundles;
import dev.outpost.trust.KeyFiles;

import picocli.CommandLine;

/**
 * The publisher's whole key-role workflow through the real command line, in process (these
 * commands do not boot Quarkus): root and release keys, a root document signed by two root key
 * holders in turn, a bundle carrying it, inspected and verified against the pinned root keys.
 */
class PublisherCliTest {
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

    private Result ok(String... args) {
        return okResult(run(args));
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Result signRoot(String rootKey) {
        return ok(
                "root",
                "sign",
                "--document",
                path("root-1.json"),
                "--key",
                path(rootKey + ".key.pem"),
                "--out",
                path("root-1.signed"));
    }

    private void buildAcmeBundle(String releaseKey) {
        ok(
                "bundle",
                "build",
                "--records",
                path("records.csv"),
                "--dataset",
                "acme",
                "--sequence",
                "1",
                "--key",
                path(releaseKey + ".key.pem"),
                "--root",
                path("root-1.signed"),
                "--out",
                path("acme.bundle"));
    }

    /** Verifies acme.bundle as an appliance pinning both root keys with a threshold of 2 would. */
    private Result verifyAgainstBothRootKeys() {
        return run(
                "bundle",
                "verify",
                path("acme.bundle"),
                "--root-key",
                path("root-a.pub.pem"),
                path("root-b.pub.pem"),
                "--root-threshold",
                "2");
    }

    private static Result okResult(Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private String keyId(String publicKey) {
        return KeyFiles.keyId(KeyFiles.readPublic(dir.resolve(publicKey)));
    }

    private void publisherWithTwoRootKeysAndOneReleaseKey() throws IOException {
        assertThat(ok("keygen", "--role", "root", "--name", "root-a", "--out-dir", dir.toString())
                        .out())
                .contains("role:        root");
        ok("keygen", "--role", "ROOT", "--name", "root-b", "--out-dir", dir.toString());
        assertThat(ok("keygen", "--name", "release", "--out-dir", dir.toString())
                        .out())
                .contains("role:        release");
        Files.writeString(
                dir.resolve("records.csv"),
                "sha256,verdict,threat_name\n" + TestBundles.EICAR_SHA256 + ",MALWARE,EICAR-Test-File\n");
        ok(
                "root",
                "create",
                "--version",
                "1",
                "--root-key",
                path("root-a.pub.pem"),
                path("root-b.pub.pem"),
                "--root-threshold",
                "2",
                "--release-key",
                path("release.pub.pem"),
                "--out",
                path("root-1.json"));
    }

    @Test
    void rootKeyHoldersSignInTurnAndAppliancesVerifyTheBundleFromThePinnedKeys() throws IOException {
        publisherWithTwoRootKeysAndOneReleaseKey();
        Result first = signRoot("root-a");
        assertThat(first.out()).contains("1 signature(s)");
        Result second = signRoot("root-b");
        assertThat(second.out()).contains("2 signature(s)", "root key of version 1");
        buildAcmeBundle("release");

        Result inspect = ok("bundle", "inspect", path("acme.bundle"));
        assertThat(inspect.out())
                .contains("root documents: 1", "root version 1", "2 of root keys")
                .contains("signed by " + keyId("root-a.pub.pem").substring(0, 16))
                .contains("key id " + keyId("release.pub.pem") + "  release key of root version 1");

        Result verified = okResult(verifyAgainstBothRootKeys());
        assertThat(verified.out()).startsWith("OK: dataset acme sequence 1");
    }

    @Test
    void buildsADeltaThatAppliesToTheBaseBundleAndNothingElse() throws Exception {
        ok("keygen", "--name", "release", "--out-dir", dir.toString());
        Files.writeString(
                dir.resolve("v1.csv"),
                "sha256,verdict,threat_name\n" + TestBundles.EICAR_SHA256 + ",MALWARE,EICAR-Test-File\n"
                        + TestBundles.sha256Hex("a") + ",MALWARE,Trojan.A\n");
        Files.writeString(
                dir.resolve("v2.csv"),
                "sha256,verdict,threat_name\n" + TestBundles.EICAR_SHA256 + ",MALWARE,EICAR-Test-File\n"
                        + TestBundles.sha256Hex("b") + ",PHISHING,Phish.B\n");
        ok(
                "bundle",
                "build",
                "--records",
                path("v1.csv"),
                "--dataset",
                "acme",
                "--sequence",
                "1",
                "--key",
                path("release.key.pem"),
                "--out",
                path("v1.bundle"));
        Result delta = ok(
                "bundle",
                "delta",
                "--base-records",
                path("v1.csv"),
                "--records",
                path("v2.csv"),
                "--base-sequence",
                "1",
                "--sequence",
                "2",
                "--dataset",
                "acme",
                "--key",
                path("release.key.pem"),
                "--out",
                path("d12.bundle"));
        assertThat(delta.out()).contains("delta 1 -> 2, 2 changed entries, then 2 files");
        assertThat(run(
                                "bundle",
                                "delta",
                                "--base-records",
                                path("v1.csv"),
                                "--records",
                                path("v2.csv"),
                                "--base-sequence",
                                "2",
                                "--sequence",
                                "2",
                                "--dataset",
                                "acme",
                                "--key",
                                path("release.key.pem"),
                                "--out",
                                path("bad.bundle"))
                        .err())
                .contains("--sequence must be above --base-sequence");

        var trust = dev.outpost.trust.TrustedKeys.of(1, KeyFiles.readPublic(dir.resolve("release.pub.pem")));
        try (var store = dev.outpost.store.rocksdb.RocksGenerationStore.open(
                dir.resolve("generations"), dev.outpost.store.StoreTuning.DEFAULTS)) {
            var importer = new dev.outpost.bundle.importing.BundleImporter(
                    store, trust, dev.outpost.bundle.BundleLimits.DEFAULTS, java.time.Clock.systemUTC());
            var none = dev.outpost.bundle.importing.ImportProgress.NONE;
            assertThat(importer.importBundle(dir.resolve("d12.bundle"), "x", none))
                    .as("no base yet")
                    .isInstanceOf(dev.outpost.bundle.importing.ImportOutcome.Rejected.class);
            assertThat(importer.importBundle(dir.resolve("v1.bundle"), "x", none))
                    .isInstanceOf(dev.outpost.bundle.importing.ImportOutcome.Activated.class);
            assertThat(importer.importBundle(dir.resolve("d12.bundle"), "x", none))
                    .isInstanceOf(dev.outpost.bundle.importing.ImportOutcome.Activated.class);
            assertThat(store.activeInfo().orElseThrow().counts()).containsEntry("files", 2L);
        }
    }

    @Test
    void buildsADeltaFromTwoFullBundlesKeepingTheBasesNameIds() throws Exception {
        ok("keygen", "--name", "release", "--out-dir", dir.toString());
        // Name ids follow the CSV order (Trojan.A is 0); key order puts EICAR first.
        Files.writeString(
                dir.resolve("v1.csv"),
                "sha256,verdict,threat_name\n" + TestBundles.sha256Hex("a") + ",MALWARE,Trojan.A\n"
                        + TestBundles.EICAR_SHA256 + ",MALWARE,EICAR-Test-File\n");
        Files.writeString(
                dir.resolve("v2.csv"),
                "sha256,verdict,threat_name\n" + TestBundles.sha256Hex("a") + ",MALWARE,Trojan.A\n"
                        + TestBundles.EICAR_SHA256 + ",MALWARE,EICAR-Test-File\n"
                        + TestBundles.sha256Hex("c") + ",MALWARE,Trojan.A\n");
        for (String version : List.of("v1", "v2")) {
            ok(
                    "bundle",
                    "build",
                    "--records",
                    path(version + ".csv"),
                    "--dataset",
                    "acme",
                    "--sequence",
                    version.substring(1),
                    "--key",
                    path("release.key.pem"),
                    "--out",
                    path(version + ".bundle"));
        }
        assertThat(run(
                                "bundle",
                                "delta",
                                "--base-bundle",
                                path("v1.bundle"),
                                "--bundle",
                                path("v2.bundle"),
                                "--base-sequence",
                                "1",
                                "--sequence",
                                "2",
                                "--dataset",
                                "acme",
                                "--key",
                                path("release.key.pem"),
                                "--out",
                                path("d12.bundle"))
                        .err())
                .contains("--trust");
        ok(
                "bundle",
                "delta",
                "--base-bundle",
                path("v1.bundle"),
                "--bundle",
                path("v2.bundle"),
                "--trust",
                path("release.pub.pem"),
                "--base-sequence",
                "1",
                "--sequence",
                "2",
                "--dataset",
                "acme",
                "--key",
                path("release.key.pem"),
                "--out",
                path("d12.bundle"));

        var trust = dev.outpost.trust.TrustedKeys.of(1, KeyFiles.readPublic(dir.resolve("release.pub.pem")));
        try (var store = dev.outpost.store.rocksdb.RocksGenerationStore.open(
                dir.resolve("generations"), dev.outpost.store.StoreTuning.DEFAULTS)) {
            var importer = new dev.outpost.bundle.importing.BundleImporter(
                    store, trust, dev.outpost.bundle.BundleLimits.DEFAULTS, java.time.Clock.systemUTC());
            var none = dev.outpost.bundle.importing.ImportProgress.NONE;
            assertThat(importer.importBundle(dir.resolve("v1.bundle"), "x", none))
                    .isInstanceOf(dev.outpost.bundle.importing.ImportOutcome.Activated.class);
            assertThat(importer.importBundle(dir.resolve("d12.bundle"), "x", none))
                    .isInstanceOf(dev.outpost.bundle.importing.ImportOutcome.Activated.class);
            try (var generation = store.acquire().orElseThrow()) {
                byte[] key = TestBundles.sha256("c");
                var record = dev.outpost.reputation.RecordCodec.decode(
                        dev.outpost.reputation.KeySpace.FILE_SHA256,
                        key,
                        generation.get(dev.outpost.reputation.KeySpace.FILE_SHA256, key),
                        generation.threatNames());
                assertThat(record.verdict().threatName()).isEqualTo("Trojan.A");
            }
        }
    }

    @Test
    void aRootSignedBelowThePinnedThresholdFailsVerification() throws IOException {
        publisherWithTwoRootKeysAndOneReleaseKey();
        signRoot("root-a");
        buildAcmeBundle("release");

        Result verified = verifyAgainstBothRootKeys();

        assertThat(verified.exitCode()).isEqualTo(2);
        assertThat(verified.err()).contains("root-insufficient-signatures");
    }

    @Test
    void aBundleSignedByAKeyTheRootDoesNotNameIsShownAndRefused() throws IOException {
        publisherWithTwoRootKeysAndOneReleaseKey();
        ok("keygen", "--name", "stranger", "--out-dir", dir.toString());
        ok(
                "root",
                "sign",
                "--document",
                path("root-1.json"),
                "--key",
                path("root-a.key.pem"),
                path("root-b.key.pem"),
                "--out",
                path("root-1.signed"));
        buildAcmeBundle("stranger");

        assertThat(ok("bundle", "inspect", path("acme.bundle")).out()).contains("NOT a release key of root version 1");
        Result verified = verifyAgainstBothRootKeys();
        assertThat(verified.err()).contains("unknown-key");
    }

    @Test
    void refusesToAddSignaturesOverADifferentDocument() throws IOException {
        publisherWithTwoRootKeysAndOneReleaseKey();
        signRoot("root-a");
        ok(
                "root",
                "create",
                "--version",
                "1",
                "--root-key",
                path("root-b.pub.pem"),
                "--release-key",
                path("release.pub.pem"),
                "--out",
                path("other.json"));

        Result result = run(
                "root",
                "sign",
                "--document",
                path("other.json"),
                "--key",
                path("root-b.key.pem"),
                "--out",
                path("root-1.signed"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("different document");
    }

    @Test
    void refusesARootDocumentThatWouldNotValidate() throws IOException {
        publisherWithTwoRootKeysAndOneReleaseKey();

        Result result = run(
                "root",
                "create",
                "--version",
                "1",
                "--root-key",
                path("root-a.pub.pem"),
                "--root-threshold",
                "3",
                "--release-key",
                path("release.pub.pem"),
                "--out",
                path("bad.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("threshold 3");
        assertThat(dir.resolve("bad.json")).doesNotExist();
    }

    /** Issue 11 item 19: {@code --help} shows the usage and exits 0 for every command in the tree. */
    @Test
    void everyCommandShowsItsHelpAndExitsZero() {
        List<List<String>> commands = new ArrayList<>();
        collect(OutpostCommand.commandLine(), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(10);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", args, result.err()).isZero();
            String name = String.join(" ", command);
            assertThat(result.out()).as("%s", args).contains("Usage: outpost" + (name.isEmpty() ? "" : " " + name));
        }
    }

    private static void collect(CommandLine commandLine, List<String> path, List<List<String>> into) {
        List<String> here = new ArrayList<>(path);
        here.add(commandLine.getCommandName());
        into.add(here.subList(1, here.size()));
        commandLine.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, here, into));
    }

    /**
     * Issue 11 item 19: a directory, a named pipe or a device given as a bundle gets its own message
     * and exit status 1. The pipe is never opened: opening one blocks until a writer comes, so the
     * old {@code bundle inspect} hung here (hence the timeout, which is not a timed assertion).
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBundleThatIsNotARegularFileIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe.bundle");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Path directory = Files.createDirectories(dir.resolve("folder.bundle"));
        Path link = Files.createSymbolicLink(dir.resolve("link.bundle"), fifo);
        Map<Path, String> expected = Map.of(
                directory,
                directory + " is a directory, not a bundle file",
                fifo,
                fifo + " is a named pipe (FIFO), not a bundle file",
                link,
                link + " is a named pipe (FIFO), not a bundle file",
                Path.of("/dev/null"),
                "/dev/null is a device, not a bundle file",
                dir.resolve("absent.bundle"),
                "no such bundle file: " + dir.resolve("absent.bundle"));
        Path pub = dir.resolve("k.pub.pem");
        KeyFiles.writePublic(pub, KeyFiles.generate().getPublic());
        for (Map.Entry<Path, String> bundle : expected.entrySet()) {
            String file = bundle.getKey().toString();
            List<String[]> commands = List.of(
                    new String[] {"import", file, "--data-dir", path("data")},
                    new String[] {"bundle", "inspect", file},
                    new String[] {"bundle", "verify", file, "--trust", pub.toString()},
                    new String[] {
                        "bundle",
                        "delta",
                        "--base-bundle",
                        file,
                        "--records",
                        path("r.csv"),
                        "--trust",
                        pub.toString(),
                        "--base-sequence",
                        "1",
                        "--sequence",
                        "2",
                        "--dataset",
                        "d",
                        "--key",
                        path("none.key.pem"),
                        "--out",
                        path("out.delta")
                    });
            for (String[] command : commands) {
                Result result = run(command);
                assertThat(result.exitCode()).as("%s", List.of(command)).isEqualTo(1);
                assertThat(result.err()).as("%s", List.of(command)).isEqualTo("outpost: " + bundle.getValue() + "\n");
            }
        }
    }
}
