package dev.outpost.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import dev.outpost.bundle.Manifest;
import dev.outpost.io.StrictJson;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/**
 * The demo bundle and its keys, which the repository ships (offline-bundles/): real signed pieces to
 * start the fuzzer from, and keys that let a harness sign what it fuzzes so that the parsers behind
 * the signature check are reached. Nothing here is secret; the demo keys are public test keys.
 */
final class Demo {
    static final Path DIRECTORY = Path.of("offline-bundles");
    static final KeyPair ROOT = keyPair("demo-root");
    static final KeyPair RELEASE = keyPair("demo-release");
    static final TrustedKeys PINNED = TrustedKeys.of(1, ROOT.getPublic());
    static final byte[] BUNDLE = read(DIRECTORY.resolve("demo.bundle"));
    static final byte[] ROOTS = section(BUNDLE, 0);
    static final byte[] MANIFEST = section(BUNDLE, 1);
    static final byte[] PARTS = Arrays.copyOfRange(BUNDLE, end(BUNDLE, 2), BUNDLE.length);
    /** A fixed instant inside the demo bundle's validity, so that a run does not depend on the day. */
    static final Instant NOW = StrictJson.read(MANIFEST, Manifest.class, "manifest", "malformed-manifest")
            .created()
            .plus(Duration.ofHours(1));

    private Demo() {}

    private static KeyPair keyPair(String name) {
        return new KeyPair(
                KeyFiles.readPublic(DIRECTORY.resolve("keys/" + name + ".pub.pem")),
                KeyFiles.readPrivate(DIRECTORY.resolve("keys/" + name + ".key.pem")));
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Section {@code index} of a container-version-2 bundle: 0 roots, 1 manifest, 2 signatures. */
    private static byte[] section(byte[] bundle, int index) {
        int start = index == 0 ? Container.HEADER_BYTES : end(bundle, index - 1);
        return Arrays.copyOfRange(bundle, start, end(bundle, index));
    }

    private static int end(byte[] bundle, int index) {
        ByteBuffer header = ByteBuffer.wrap(bundle);
        int end = Container.HEADER_BYTES;
        for (int i = 0; i <= index; i++) {
            end += header.getInt(12 + 4 * i);
        }
        return end;
    }
}
