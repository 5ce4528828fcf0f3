package dev.outpost.publishing;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.reputation.KeySpace;

/**
 * Writes one record part as its entries stream in, hashing the bytes as they go (FORMAT.md §Record
 * parts: {@code key || varint value length || value}; a delta's removal parts hold keys only).
 */
final class PartWriter implements Closeable {
    private static final int BUFFER_BYTES = 1 << 18;

    private final KeySpace space;
    private final String name;
    private final boolean keysOnly;
    private final OutputStream out;
    private final MessageDigest digest = BundleFormat.sha256();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int fill;
    private long size;
    private long entries;
    private boolean closed;

    PartWriter(Path file, KeySpace space, String name, boolean keysOnly) throws IOException {
        this.space = space;
        this.name = name;
        this.keysOnly = keysOnly;
        this.out = Files.newOutputStream(file);
    }

    KeySpace space() {
        return space;
    }

    void write(byte[] key, byte[] value, int valueLength) throws IOException {
        if (fill + key.length + 10 + valueLength > buffer.length) {
            flush();
        }
        System.arraycopy(key, 0, buffer, fill, key.length);
        fill += key.length;
        if (!keysOnly) {
            for (long length = valueLength; ; length >>>= 7) {
                if ((length & ~0x7FL) == 0) {
                    buffer[fill++] = (byte) length;
                    break;
                }
                buffer[fill++] = (byte) ((length & 0x7F) | 0x80);
            }
            System.arraycopy(value, 0, buffer, fill, valueLength);
            fill += valueLength;
        }
        entries++;
    }

    private void flush() throws IOException {
        digest.update(buffer, 0, fill);
        out.write(buffer, 0, fill);
        size += fill;
        fill = 0;
    }

    /** Flushes and closes the file; the manifest's description of the part. */
    Manifest.Part finish() throws IOException {
        flush();
        close();
        return new Manifest.Part(name, size, BundleFormat.hex(digest), entries);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
