package dev.outpost.publishing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.outpost.reputation.KeySpace;

/**
 * The spill files of the external sort: one sorted run each, entries back to back.
 *
 * <pre>
 * entry = key space ordinal (1 byte) || key (the key space's length)
 *         || varint insertion position || varint value length || value
 * </pre>
 *
 * A run holds entries of every key space, ordered by key space, key and position, so that merging
 * runs gives the parts in manifest order. The position (EntryCursor#position) is what keeps the
 * merge stable: among equal keys the entry added first comes first, whatever run it is in. Runs are
 * private to one build and deleted with it; the reader still checks that a run ends where an entry
 * ends and holds the number of entries written, so a truncated spill file fails the build instead
 * of losing records.
 */
final class RunFiles {
    private static final KeySpace[] SPACES = KeySpace.values();
    private static final int WRITE_BUFFER_BYTES = 1 << 20;
    /** Per open run while merging: 64 runs × 64 KiB = 4 MiB. */
    static final int READ_BUFFER_BYTES = 1 << 16;

    private RunFiles() {}

    /** Writes one run. */
    static final class Writer implements Closeable {
        private final OutputStream out;
        private final byte[] buffer = new byte[WRITE_BUFFER_BYTES];
        private int fill;
        private long bytes;
        private long entries;
        private boolean closed;

        Writer(Path file) throws IOException {
            this.out = Files.newOutputStream(file);
        }

        void write(
                int space,
                byte[] key,
                int keyOffset,
                int keyLength,
                long position,
                byte[] value,
                int valueOffset,
                int valueLength)
                throws IOException {
            if (fill + 1 + keyLength + 20 + valueLength > buffer.length) {
                flush();
            }
            buffer[fill++] = (byte) space;
            System.arraycopy(key, keyOffset, buffer, fill, keyLength);
            fill += keyLength;
            varint(position);
            varint(valueLength);
            System.arraycopy(value, valueOffset, buffer, fill, valueLength);
            fill += valueLength;
            entries++;
        }

        /** Copies the current entry of {@code from}. */
        void write(EntryCursor from) throws IOException {
            write(
                    from.space().ordinal(),
                    from.key(),
                    0,
                    from.key().length,
                    from.position(),
                    from.value(),
                    0,
                    from.valueLength());
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                buffer[fill++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[fill++] = (byte) value;
        }

        private void flush() throws IOException {
            out.write(buffer, 0, fill);
            bytes += fill;
            fill = 0;
        }

        long bytes() {
            return bytes + fill;
        }

        long entries() {
            return entries;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try (out) {
                    flush();
                }
            }
        }
    }

    /** Reads one run back, in its order. */
    static final class Reader implements EntryCursor {
        private final Path file;
        private final InputStream in;
        private final long expectedEntries;
        private final byte[] buffer = new byte[READ_BUFFER_BYTES];
        private final byte[][] keys = new byte[SPACES.length][];
        private int pos;
        private int limit;
        private long read;
        private KeySpace space;
        private byte[] key;
        private byte[] value = new byte[256];
        private int valueLength;
        private long position;

        Reader(Path file, long expectedEntries) throws IOException {
            this.file = file;
            this.in = Files.newInputStream(file);
            this.expectedEntries = expectedEntries;
        }

        @Override
        public boolean next() throws IOException {
            if (pos == limit && !refill()) {
                if (read != expectedEntries) {
                    throw corrupt("ends after " + read + " of " + expectedEntries + " entries");
                }
                return false;
            }
            int ordinal = buffer[pos++] & 0xFF;
            if (ordinal >= SPACES.length) {
                throw corrupt("names key space " + ordinal);
            }
            space = SPACES[ordinal];
            key = keys[ordinal];
            if (key == null) {
                key = new byte[space.keyLength()];
                keys[ordinal] = key;
            }
            readFully(key, key.length);
            position = varint();
            long length = varint();
            if (length > 0xFFFF) {
                throw corrupt("holds a value of " + length + " bytes");
            }
            valueLength = (int) length;
            if (value.length < valueLength) {
                value = new byte[valueLength];
            }
            readFully(value, valueLength);
            read++;
            return true;
        }

        private boolean refill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            pos = 0;
            limit = Math.max(n, 0);
            return n > 0;
        }

        private void readFully(byte[] into, int length) throws IOException {
            int done = 0;
            while (done < length) {
                if (pos == limit && !refill()) {
                    throw corrupt("ends inside an entry");
                }
                int n = Math.min(length - done, limit - pos);
                System.arraycopy(buffer, pos, into, done, n);
                pos += n;
                done += n;
            }
        }

        private long varint() throws IOException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos == limit && !refill()) {
                    throw corrupt("ends inside an entry");
                }
                int b = buffer[pos++] & 0xFF;
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw corrupt("holds a varint that is too long");
        }

        private IOException corrupt(String what) {
            return new IOException(
                    "the spill file " + file + " " + what + ": the temporary directory was changed" + " or is failing");
        }

        @Override
        public KeySpace space() {
            return space;
        }

        @Override
        public byte[] key() {
            return key;
        }

        @Override
        public byte[] value() {
            return value;
        }

        @Override
        public int valueLength() {
            return valueLength;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
