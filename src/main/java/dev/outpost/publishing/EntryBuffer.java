package dev.outpost.publishing;

import java.io.IOException;
import java.util.Arrays;

import dev.outpost.reputation.KeySpace;

/**
 * The in-memory run of the external sort ({@link ExternalSorter}): entries of every key space, held
 * in fixed-size byte chunks and sorted through one {@code long} per entry, with no object per entry.
 *
 * <p>An entry is stored as {@code key space ordinal (1 byte) || value length (2 bytes) || key ||
 * value}; its address is its offset in the buffer, which grows with every entry added, so address
 * order is insertion order. The sort index holds, per entry, {@code 32 sort bits << 31 | address}:
 * the sort bits start as the key space ordinal (3 bits) and the first 29 bits of the key, so one
 * {@link Arrays#sort(long[], int, int)} of primitives orders almost everything, and entries equal in
 * those bits (and in address order already) are refined by the next 32 bits of the key, and so on
 * until the key ends. Digest keys rarely share 29 bits; IP ranges do (they lead with their family and
 * zero bytes) and take a few refinements. Equal keys stay in address order: the sort is stable.
 */
final class EntryBuffer {
    private static final int HEADER_BYTES = 3;
    private static final int ADDRESS_BITS = 31;
    private static final long ADDRESS_MASK = (1L << ADDRESS_BITS) - 1;
    private static final int FIRST_KEY_BITS = 29;
    private static final int SORT_BITS = 32;
    private static final KeySpace[] SPACES = KeySpace.values();
    private static final int TOUCH_AHEAD = 32;
    /**
     * A chunk is at most 256 KiB: a 512 MiB heap has 1 MiB G1 regions, and an array above half a
     * region is a humongous object, allocated and collected apart from the others.
     */
    private static final int MAX_CHUNK_BYTES = 1 << 18;
    /** At least one largest entry (a 40-byte key and a value of a few hundred bytes) per chunk. */
    private static final int MIN_CHUNK_BYTES = 1 << 12;

    static {
        if (SPACES.length > 1 << (SORT_BITS - FIRST_KEY_BITS)) {
            throw new ExceptionInInitializerError("the sort index has 3 bits for the key space");
        }
    }

    private final long capacityBytes;
    private final int chunkShift;
    private final int chunkBytes;
    /** Chunks allocated so far; kept from one run to the next, so a long build allocates them once. */
    private byte[][] chunks = new byte[0][];

    /** Address of the next entry: chunk index × chunk size + offset in the chunk. */
    private long next;

    private long[] index = new long[1024];
    /** Where {@link #touch} leaves its sum, so that the compiler keeps its loads. */
    private int touched;

    private int size;
    private boolean sorted = true;

    EntryBuffer(long capacityBytes) {
        this.capacityBytes = capacityBytes;
        int chunk = (int) Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Long.highestOneBit(capacityBytes / 32)));
        this.chunkBytes = chunk;
        this.chunkShift = Integer.numberOfTrailingZeros(chunk);
    }

    int size() {
        return size;
    }

    /** Bytes of buffer used: the end of the last entry; the next run's positions start after it. */
    long usedBytes() {
        return next;
    }

    /** Heap this buffer holds: its chunks and its sort index. */
    long heapBytes() {
        return (long) chunks.length * chunkBytes + index.length * 8L;
    }

    /**
     * Adds an entry, or returns false when it would take the buffer beyond its capacity (it always
     * takes an entry when empty).
     */
    boolean add(int spaceOrdinal, byte[] key, byte[] value) {
        int length = HEADER_BYTES + key.length + value.length;
        if (length > chunkBytes || value.length > 0xFFFF) {
            throw new IllegalArgumentException("an entry of " + length + " bytes is too long to sort");
        }
        long address = next;
        int offset = (int) (address & (chunkBytes - 1));
        if (offset + length > chunkBytes) {
            address += chunkBytes - offset;
            offset = 0;
        }
        int chunk = (int) (address >>> chunkShift);
        int indexLength = size < index.length ? index.length : index.length + (index.length >> 1);
        long needed = (long) Math.max(chunks.length, chunk + 1) * chunkBytes + indexLength * 8L;
        if (size > 0 && (needed > capacityBytes || address + length > ADDRESS_MASK)) {
            return false;
        }
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk + 1);
            chunks[chunk] = new byte[chunkBytes];
        }
        if (indexLength != index.length) {
            index = Arrays.copyOf(index, indexLength);
        }
        byte[] bytes = chunks[chunk];
        bytes[offset] = (byte) spaceOrdinal;
        bytes[offset + 1] = (byte) (value.length >>> 8);
        bytes[offset + 2] = (byte) value.length;
        System.arraycopy(key, 0, bytes, offset + HEADER_BYTES, key.length);
        System.arraycopy(value, 0, bytes, offset + HEADER_BYTES + key.length, value.length);
        long firstBits = bits(bytes, offset + HEADER_BYTES, key.length, 0) >>> (SORT_BITS - FIRST_KEY_BITS);
        index[size++] = ((long) spaceOrdinal << FIRST_KEY_BITS | firstBits) << ADDRESS_BITS | address;
        next = address + length;
        sorted = false;
        return true;
    }

    /** Empties the buffer for the next run, keeping its memory. */
    void clear() {
        size = 0;
        next = 0;
        sorted = true;
    }

    /** Empties the buffer and gives its memory back. */
    void release() {
        clear();
        chunks = new byte[0][];
        index = new long[1024];
    }

    /** Sorts the entries by key space, key and address (insertion order). */
    void sort() {
        if (sorted) {
            return;
        }
        Arrays.sort(index, 0, size);
        refineGroups(0, size, FIRST_KEY_BITS);
        sorted = true;
    }

    /**
     * Within {@code [from, to)}, sorted by sort bits and address, orders each group of entries with
     * equal sort bits by the next 32 bits of their key, which start at {@code bitOffset}.
     */
    private void refineGroups(int from, int to, int bitOffset) {
        int start = from;
        while (start < to) {
            long bits = index[start] >>> ADDRESS_BITS;
            int end = start + 1;
            while (end < to && index[end] >>> ADDRESS_BITS == bits) {
                end++;
            }
            if (end - start > 1) {
                refine(start, end, bitOffset);
            }
            start = end;
        }
    }

    /** Entries {@code [from, to)} share their key space and every key bit before {@code bitOffset}. */
    private void refine(int from, int to, int bitOffset) {
        long first = index[from] & ADDRESS_MASK;
        int keyLength = SPACES[chunk(first)[offset(first)]].keyLength();
        if (bitOffset >= keyLength * 8) {
            return; // equal keys: already in address order
        }
        for (int i = from; i < to; i++) {
            long address = index[i] & ADDRESS_MASK;
            long bits = bits(chunk(address), offset(address) + HEADER_BYTES, keyLength, bitOffset);
            index[i] = bits << ADDRESS_BITS | address;
        }
        Arrays.sort(index, from, to);
        refineGroups(from, to, bitOffset + SORT_BITS);
    }

    /** The 32 key bits from {@code bitOffset} on, as an unsigned number; bits past the key are 0. */
    private static long bits(byte[] bytes, int keyStart, int keyLength, int bitOffset) {
        int first = bitOffset >>> 3;
        long window = 0;
        for (int i = first; i < first + 5; i++) {
            window = window << 8 | (i < keyLength ? bytes[keyStart + i] & 0xFF : 0);
        }
        return window >>> (8 - (bitOffset & 7)) & 0xFFFFFFFFL;
    }

    private byte[] chunk(long address) {
        return chunks[(int) (address >>> chunkShift)];
    }

    private int offset(long address) {
        return (int) (address & (chunkBytes - 1));
    }

    /** Writes the sorted entries as a run; positions are {@code positionBase} + address. */
    void writeTo(RunFiles.Writer out, long positionBase) throws IOException {
        sort();
        for (int rank = 0; rank < size; rank++) {
            if (rank % TOUCH_AHEAD == 0) {
                touch(rank);
            }
            long address = index[rank] & ADDRESS_MASK;
            byte[] bytes = chunk(address);
            int offset = offset(address);
            int space = bytes[offset];
            int valueLength = (bytes[offset + 1] & 0xFF) << 8 | bytes[offset + 2] & 0xFF;
            int keyLength = SPACES[space].keyLength();
            out.write(
                    space,
                    bytes,
                    offset + HEADER_BYTES,
                    keyLength,
                    positionBase + address,
                    bytes,
                    offset + HEADER_BYTES + keyLength,
                    valueLength);
        }
    }

    /**
     * Reads the first byte of the next {@link #TOUCH_AHEAD} entries in sort order. Sorted entries
     * lie all over the buffer, so each is a cache (and TLB) miss; these loads do not depend on one
     * another, so the processor waits for them together instead of one entry at a time, and the
     * copies that follow find the entries in cache. In JFR profiles of a 10M-record build, the
     * spill's samples fell by about a third with it.
     */
    private void touch(int from) {
        int sum = 0;
        for (int rank = from, end = Math.min(size, from + TOUCH_AHEAD); rank < end; rank++) {
            long address = index[rank] & ADDRESS_MASK;
            sum += chunk(address)[offset(address)];
        }
        touched = sum;
    }

    /** The sorted entries, read in place; positions are {@code positionBase} + address. */
    EntryCursor cursor(long positionBase) {
        sort();
        return new EntryCursor() {
            private final byte[][] keys = new byte[SPACES.length][];
            private byte[] value = new byte[256];
            private int rank = -1;
            private KeySpace space;
            private byte[] key;
            private int valueLength;
            private long position;

            @Override
            public boolean next() {
                if (++rank >= size) {
                    rank = size;
                    return false;
                }
                if (rank % TOUCH_AHEAD == 0) {
                    touch(rank);
                }
                long address = index[rank] & ADDRESS_MASK;
                byte[] bytes = chunk(address);
                int offset = offset(address);
                int ordinal = bytes[offset];
                space = SPACES[ordinal];
                valueLength = (bytes[offset + 1] & 0xFF) << 8 | bytes[offset + 2] & 0xFF;
                key = keys[ordinal];
                if (key == null) {
                    key = new byte[space.keyLength()];
                    keys[ordinal] = key;
                }
                System.arraycopy(bytes, offset + HEADER_BYTES, key, 0, key.length);
                if (value.length < valueLength) {
                    value = new byte[valueLength];
                }
                System.arraycopy(bytes, offset + HEADER_BYTES + key.length, value, 0, valueLength);
                position = positionBase + address;
                return true;
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
        };
    }
}
