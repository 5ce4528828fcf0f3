package dev.outpost.export;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

import dev.outpost.reputation.InvalidInputException;

/**
 * A Bloom filter in DCSO's format "v1" (DCSO/bloom v0.2.4 {@code bloom.go}; interop.md §1.6), the
 * one CIRCL publishes for hashlookup and that DCSO's {@code bloom} tool, {@code flor} and
 * hashlookup-forensic-analyser read. Bit-exact with the Go code: its sizing, its FNV-1 hash and its
 * index sequence, and its file layout, all little-endian:
 *
 * <pre>
 * u64 flags (low byte: version 1) | u64 n | f64 p | u64 k | u64 m | u64 N | u64 × ceil(m/64) bits | data
 * </pre>
 *
 * The bit array is the only large allocation; {@link #create} refuses one above a given size.
 */
public final class DcsoBloomFilter {
    /** The version in the low byte of the flags: the readers check {@code flags & 0xFF == 1}. */
    static final long VERSION = 1;

    static final int HEADER_BYTES = 48;
    /** FNV-1 64-bit (not FNV-1a): Go's {@code hash/fnv.New64}. */
    static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;

    static final long FNV_PRIME = 0x100000001b3L;
    /** bloom.go's {@code m}: 18446744073709551557, the largest prime below 2^64. */
    static final long MODULUS = 0xFFFFFFFFFFFFFFC5L;
    /** bloom.go's {@code g}: 18446744073709550147, the multiplier of the index sequence. */
    static final long MULTIPLIER = 0xFFFFFFFFFFFFFA43L;
    /**
     * Most hash functions a read filter may claim: the Go reader refuses k at or above the largest
     * int (its {@code broken.bloom} test file); real filters use 1 to about 50 (k = 14 at p = 1e-4).
     */
    static final long MAX_HASH_FUNCTIONS = 1024;
    /** Most trailing data ({@code bloom set-data}) a read filter may carry. */
    static final int MAX_DATA_BYTES = 16 << 20;

    private static final double LN2 = StrictMath.log(2.0);

    private final long capacity;
    private final double falsePositiveRate;
    private final long hashFunctions;
    private final long bits;
    private final long[] words;
    private long count;
    private final byte[] data;

    private DcsoBloomFilter(
            long capacity,
            double falsePositiveRate,
            long hashFunctions,
            long bits,
            long count,
            long[] words,
            byte[] data) {
        this.capacity = capacity;
        this.falsePositiveRate = falsePositiveRate;
        this.hashFunctions = hashFunctions;
        this.bits = bits;
        this.count = count;
        this.words = words;
        this.data = data;
    }

    /**
     * The number of bits for {@code n} values at false-positive rate {@code p}, as Go's {@code
     * Initialize} computes it: {@code |ceil(n·ln p / ln²2)|}. Since ln p is negative, the ceiling
     * rounds toward zero, so this is floor(n·|ln p| / ln²2): 958505 for (100000, 0.01), not 958506.
     * {@code StrictMath} (fdlibm, as Go's math package is) keeps the logarithm's last bit the same on
     * every JVM.
     */
    public static long bitsFor(long n, double p) {
        return (long) Math.abs(Math.ceil(n * StrictMath.log(p) / (LN2 * LN2)));
    }

    /** The number of hash functions for {@code m} bits and {@code n} values: {@code ceil(ln2 · m / n)}. */
    public static long hashFunctionsFor(long n, long m) {
        return (long) Math.ceil(LN2 * (double) m / (double) n);
    }

    /** The file size of a filter of {@code m} bits, without trailing data. */
    public static long fileBytes(long m) {
        return HEADER_BYTES + 8 * wordsFor(m);
    }

    private static long wordsFor(long m) {
        return (m + 63) / 64;
    }

    /**
     * An empty filter sized for {@code n} values (at least 1) at false-positive rate {@code p}
     * (between 0 and 1), refused with a clear reason when its file would exceed {@code maxBytes}.
     */
    public static DcsoBloomFilter create(long n, double p, long maxBytes) {
        if (n < 1) {
            throw new InvalidInputException("invalid-export-option", "a Bloom filter holds at least one value", null);
        }
        if (!(p > 0 && p < 1)) {
            throw new InvalidInputException(
                    "invalid-export-option", "the false-positive rate must lie between 0 and 1", String.valueOf(p));
        }
        double exact = n * StrictMath.log(p) / (LN2 * LN2);
        if (Math.abs(exact) > 8.0 * maxBytes) {
            throw new ExportTooLargeException(n, p, (long) Math.min(Math.abs(exact) / 8, Long.MAX_VALUE), maxBytes);
        }
        long m = bitsFor(n, p);
        if (m < 1) {
            throw new InvalidInputException(
                    "invalid-export-option",
                    "a false-positive rate of " + p + " gives a filter of no bits for " + n
                            + " values; choose a lower one",
                    String.valueOf(p));
        }
        if (fileBytes(m) > maxBytes || wordsFor(m) > Integer.MAX_VALUE - 8) {
            throw new ExportTooLargeException(n, p, fileBytes(m), maxBytes);
        }
        return new DcsoBloomFilter(n, p, hashFunctionsFor(n, m), m, 0, new long[(int) wordsFor(m)], null);
    }

    /** FNV-1, 64 bits, of {@code value}: multiply, then xor each byte. */
    static long fnv1(byte[] value) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : value) {
            hash *= FNV_PRIME;
            hash ^= b & 0xFF;
        }
        return hash;
    }

    /**
     * The k bit indexes of {@code value} (bloom.go {@code Fingerprint}): {@code h = fnv1(value) % M};
     * then k times {@code h = (h·G mod 2^64) % M}, index {@code h % m}. The product wraps at 64 bits
     * before the remainder, as Go's uint64 does; every remainder is unsigned.
     */
    public long[] fingerprint(byte[] value) {
        long[] indexes = new long[(int) hashFunctions];
        long hn = Long.remainderUnsigned(fnv1(value), MODULUS);
        for (int i = 0; i < indexes.length; i++) {
            hn = Long.remainderUnsigned(hn * MULTIPLIER, MODULUS);
            indexes[i] = Long.remainderUnsigned(hn, bits);
        }
        return indexes;
    }

    /** Adds {@code value}; as in Go, N grows only when the value set at least one new bit. */
    public boolean add(byte[] value) {
        boolean fresh = false;
        for (long index : fingerprint(value)) {
            int word = (int) (index >>> 6);
            long bit = 1L << (index & 63);
            if ((words[word] & bit) == 0) {
                fresh = true;
                words[word] |= bit;
            }
        }
        if (fresh) {
            count++;
        }
        return fresh;
    }

    /** False when {@code value} was certainly never added; true when it may have been. */
    public boolean mayContain(byte[] value) {
        for (long index : fingerprint(value)) {
            if ((words[(int) (index >>> 6)] & (1L << (index & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes the filter in the v1 layout (uncompressed; wrap {@code out} to gzip it). */
    public void write(OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(VERSION)
                .putLong(capacity)
                .putLong(Double.doubleToRawLongBits(falsePositiveRate))
                .putLong(hashFunctions)
                .putLong(bits)
                .putLong(count);
        for (long word : words) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putLong(word);
        }
        out.write(buffer.array(), 0, buffer.position());
        if (data != null) {
            out.write(data);
        }
        out.flush();
    }

    /**
     * Reads a filter in the v1 layout, gzipped or not: the format has no magic number, but its first
     * byte is the version (1), never gzip's 0x1f. Refuses another version, k of 0 or above {@value
     * #MAX_HASH_FUNCTIONS}, m of 0, a bit array larger than {@code maxBytes} or cut short, and
     * trailing data above {@value #MAX_DATA_BYTES} bytes.
     */
    public static DcsoBloomFilter read(InputStream in, long maxBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream source = first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        ByteBuffer header =
                ByteBuffer.wrap(readFully(source, HEADER_BYTES, "header")).order(ByteOrder.LITTLE_ENDIAN);
        long flags = header.getLong();
        long n = header.getLong();
        double p = Double.longBitsToDouble(header.getLong());
        long k = header.getLong();
        long m = header.getLong();
        long count = header.getLong();
        if ((flags & 0xFF) != VERSION) {
            throw invalid("version " + (flags & 0xFF) + " is not 1 (DCSO v1)");
        }
        if (k < 1 || k > MAX_HASH_FUNCTIONS) {
            throw invalid(
                    "number of hash functions " + Long.toUnsignedString(k) + " is not 1 to " + MAX_HASH_FUNCTIONS);
        }
        if (m < 1 || Long.compareUnsigned(fileBytes(m), maxBytes) > 0 || wordsFor(m) > Integer.MAX_VALUE - 8) {
            throw invalid("a bit array of " + Long.toUnsignedString(m) + " bits is empty or larger than " + maxBytes
                    + " bytes");
        }
        long[] words = new long[(int) wordsFor(m)];
        byte[] chunk = new byte[64 * 1024];
        int done = 0;
        while (done < words.length) {
            int take = Math.min(chunk.length / 8, words.length - done);
            ByteBuffer block = ByteBuffer.wrap(readFully(source, chunk, take * 8, "bit array"))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < take; i++) {
                words[done++] = block.getLong();
            }
        }
        byte[] data = source.readNBytes(MAX_DATA_BYTES + 1);
        if (data.length > MAX_DATA_BYTES) {
            throw invalid("more than " + MAX_DATA_BYTES + " bytes of data follow the bit array");
        }
        return new DcsoBloomFilter(n, p, k, m, count, words, data.length == 0 ? null : data);
    }

    private static byte[] readFully(InputStream in, int length, String what) throws IOException {
        return readFully(in, new byte[length], length, what);
    }

    private static byte[] readFully(InputStream in, byte[] buffer, int length, String what) throws IOException {
        int read = in.readNBytes(buffer, 0, length);
        if (read < length) {
            throw invalid("the file ends inside its " + what);
        }
        return buffer;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException("invalid-bloom-filter", detail, null);
    }

    /** n: the capacity the filter was sized for. */
    public long capacity() {
        return capacity;
    }

    /** p: the false-positive rate it was sized for. */
    public double falsePositiveRate() {
        return falsePositiveRate;
    }

    /** k. */
    public long hashFunctions() {
        return hashFunctions;
    }

    /** m. */
    public long bits() {
        return bits;
    }

    /** N: values added that set at least one new bit. */
    public long count() {
        return count;
    }

    /** The file size without trailing data. */
    public long fileBytes() {
        return fileBytes(bits);
    }
}
