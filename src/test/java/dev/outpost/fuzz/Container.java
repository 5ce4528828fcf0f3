package dev.outpost.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.List;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.publishing.BundleWriter;

/**
 * Assembles a bundle in memory, the manifest signed by the given keys: as {@code BundleWriter}
 * does, minus the file and its fsync, which would cost a fuzzer most of its executions.
 */
final class Container {
    static final int HEADER_BYTES = BundleFormat.HEADER_BYTES;

    private Container() {}

    static byte[] assemble(byte[] roots, byte[] manifest, List<KeyPair> signers, byte[] parts) {
        byte[] signatures = BundleWriter.sign(
                manifest,
                signers.stream().map(KeyPair::getPrivate).toList(),
                signers.stream().map(KeyPair::getPublic).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                HEADER_BYTES + roots.length + manifest.length + signatures.length + parts.length);
        out.writeBytes(ByteBuffer.allocate(HEADER_BYTES)
                .put(BundleFormat.MAGIC)
                .putShort((short) BundleFormat.CONTAINER_VERSION)
                .putShort((short) 0)
                .putInt(roots.length)
                .putInt(manifest.length)
                .putInt(signatures.length)
                .array());
        out.writeBytes(roots);
        out.writeBytes(manifest);
        out.writeBytes(signatures);
        out.writeBytes(parts);
        return out.toByteArray();
    }
}
