package dev.outpost.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A publisher working offline with the packaged CLI, as the README shows: a root key (pinned by
 * the appliances under test), a release key, root version 1 signed by the root key, and bundles
 * signed by the release key that carry that root.
 */
public final class Publisher {
    private final Path app;
    private final Path dir;
    private final Path rootPublicKey;
    private final Path releaseKey;
    private final Path root;

    private Publisher(Path app, Path dir, Path rootPublicKey, Path releaseKey, Path root) {
        this.app = app;
        this.dir = dir;
        this.rootPublicKey = rootPublicKey;
        this.releaseKey = releaseKey;
        this.root = root;
    }

    /** Creates the keys and the signed root in {@code dir}. */
    public static Publisher create(Path app, Path dir) throws IOException, InterruptedException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        cli(app, "keygen", "--role", "root", "--name", "it-root", "--out-dir", keys.toString());
        cli(app, "keygen", "--role", "release", "--name", "it-release", "--out-dir", keys.toString());
        Path document = dir.resolve("root-1.json");
        cli(
                app,
                "root",
                "create",
                "--version",
                "1",
                "--root-key",
                keys.resolve("it-root.pub.pem").toString(),
                "--release-key",
                keys.resolve("it-release.pub.pem").toString(),
                "--out",
                document.toString());
        Path signed = dir.resolve("root-1.signed");
        cli(
                app,
                "root",
                "sign",
                "--document",
                document.toString(),
                "--key",
                keys.resolve("it-root.key.pem").toString(),
                "--out",
                signed.toString());
        return new Publisher(app, dir, keys.resolve("it-root.pub.pem"), keys.resolve("it-release.key.pem"), signed);
    }

    /** The root public key an appliance pins ({@code OUTPOST_TRUST_ROOT_KEYS}). */
    public Path rootPublicKey() {
        return rootPublicKey;
    }

    /** A full bundle of the records (CSV text, header included), written to {@code out}. */
    public Path bundle(String dataset, long sequence, String csv, Path out) throws IOException, InterruptedException {
        Path records = Files.writeString(dir.resolve(dataset + "-" + sequence + ".csv"), csv);
        cli(
                app,
                "bundle",
                "build",
                "--records",
                records.toString(),
                "--dataset",
                dataset,
                "--sequence",
                Long.toString(sequence),
                "--key",
                releaseKey.toString(),
                "--root",
                root.toString(),
                "--out",
                out.toString());
        return out;
    }

    /** A delta from the records of {@code baseSequence} (built before by {@link #bundle}) to these. */
    public Path delta(String dataset, long baseSequence, long sequence, String csv, Path out)
            throws IOException, InterruptedException {
        Path base = dir.resolve(dataset + "-" + baseSequence + ".csv");
        Path records = Files.writeString(dir.resolve(dataset + "-" + sequence + ".csv"), csv);
        cli(
                app,
                "bundle",
                "delta",
                "--base-records",
                base.toString(),
                "--records",
                records.toString(),
                "--base-sequence",
                Long.toString(baseSequence),
                "--sequence",
                Long.toString(sequence),
                "--dataset",
                dataset,
                "--key",
                releaseKey.toString(),
                "--root",
                root.toString(),
                "--out",
                out.toString());
        return out;
    }

    /**
     * Puts a file into an inbox the way a careful copy does: written under a hidden name (which the
     * inbox skips), then renamed into place in one step.
     */
    public static Path drop(Path file, Path inbox) throws IOException {
        Path hidden = Files.copy(file, inbox.resolve("." + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return Files.move(hidden, inbox.resolve(file.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The {@code outpost.operator.tokens} entry for a token: {@code name:sha256hex}. */
    public static String operatorTokenEntry(String name, String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return name + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a CLI command of the packaged jar in a clean environment; fails on a non-zero exit. */
    private static String cli(Path app, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("outpost " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
