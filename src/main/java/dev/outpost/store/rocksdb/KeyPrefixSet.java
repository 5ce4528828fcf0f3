package dev.outpost.store.rocksdb;

import java.util.Arrays;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Four bytes at a fixed offset of every key of one column family, sorted, in memory: Safe
 * Browsing's hash prefix list. A URL lookup probes about twenty expression and domain keys, and nearly all of them
 * miss; this set answers a miss without a RocksDB read (ADR 0008).
 *
 * <p>The keys are SHA-256 digests, so their prefixes are uniform: the top bits of a prefix index a
 * bucket directly, and a bucket holds about one prefix. A probe reads two neighbouring offsets and,
 * unless the bucket is empty, a prefix or two beside them: two cache misses, where a binary search
 * over a million prefixes took about ten. About eight bytes per key, built once when the generation
 * opens.
 */
final class KeyPrefixSet {
    private final int[] prefixes;
    /** {@code prefixes[starts[b] .. starts[b + 1])} are the prefixes whose top bits are {@code b}. */
    private final int[] starts;

    private final int shift;
    /** Where in a key the four bytes are. */
    private final int offset;

    private KeyPrefixSet(int[] prefixes, int offset) {
        this.prefixes = prefixes;
        this.offset = offset;
        // About one prefix per bucket: 2^bits buckets with 2^bits <= size, at least one bucket.
        int bits = prefixes.length <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(prefixes.length);
        this.shift = 32 - bits;
        this.starts = new int[(1 << bits) + 1];
        int bucket = 0;
        for (int i = 0; i < prefixes.length; i++) {
            int own = bucketOf(prefixes[i]);
            while (bucket <= own) {
                starts[bucket++] = i;
            }
        }
        while (bucket < starts.length) {
            starts[bucket++] = prefixes.length;
        }
    }

    /**
     * Heap that sets over {@code keys} keys take, {@code sets} of them: four bytes per prefix and at
     * most four per bucket.
     */
    static long bytesFor(long keys, int sets) {
        return keys * sets * 8;
    }

    /** Most keys a set can hold: its prefixes are one Java array. */
    static final long MAX_KEYS = Integer.MAX_VALUE - 16;

    /**
     * Reads every key of {@code handle} once, without filling the block cache, and returns one set
     * per offset: set {@code i} keeps bytes {@code offsets[i] .. offsets[i] + 4} of each key. {@code
     * expectedKeys} (the column family's count) sizes the arrays up front, so that a large key space
     * does not pass through copies twice its size. Returns null, having kept nothing, when there
     * turn out to be more than {@code maxKeys} keys: the count was an estimate, the budget is not.
     */
    static KeyPrefixSet[] build(
            RocksDB db, ColumnFamilyHandle handle, long expectedKeys, long maxKeys, int... offsets) {
        long limit = Math.min(maxKeys, MAX_KEYS);
        int capacity = (int) Math.min(Math.max(expectedKeys, 16), limit);
        int[][] prefixes = new int[offsets.length][capacity];
        int size = 0;
        try (ReadOptions scan = new ReadOptions().setFillCache(false);
                RocksIterator keys = db.newIterator(handle, scan)) {
            for (keys.seekToFirst(); keys.isValid(); keys.next()) {
                byte[] key = keys.key();
                for (int s = 0; s < offsets.length; s++) {
                    if (size == prefixes[s].length) {
                        if (size >= limit) {
                            return null;
                        }
                        // More keys than counted: grow by a quarter, not double, within the limit.
                        prefixes[s] = Arrays.copyOf(prefixes[s], (int) Math.min(limit, size + Math.max(16L, size / 4)));
                    }
                    prefixes[s][size] = prefix(key, offsets[s]);
                }
                size++;
            }
        }
        KeyPrefixSet[] sets = new KeyPrefixSet[offsets.length];
        for (int s = 0; s < offsets.length; s++) {
            int[] collected = size == prefixes[s].length ? prefixes[s] : Arrays.copyOf(prefixes[s], size);
            prefixes[s] = null;
            if (offsets[s] > 0) {
                // Keys come in unsigned byte order, so only the leading bytes come sorted: sort the
                // rest as unsigned ints (flipping the sign bit maps unsigned order onto signed).
                for (int i = 0; i < size; i++) {
                    collected[i] ^= Integer.MIN_VALUE;
                }
                Arrays.sort(collected);
                for (int i = 0; i < size; i++) {
                    collected[i] ^= Integer.MIN_VALUE;
                }
            }
            sets[s] = new KeyPrefixSet(collected, offsets[s]);
        }
        return sets;
    }

    /** A set of the given leading prefixes, which must be sorted as unsigned ints. */
    static KeyPrefixSet of(int[] sortedPrefixes) {
        return new KeyPrefixSet(sortedPrefixes, 0);
    }

    /**
     * False when no key has {@code key}'s four bytes at this set's offset: the key is certainly
     * absent. {@code key} may be just the leading bytes of a key, as long as it reaches the offset.
     */
    boolean mayContain(byte[] key) {
        int wanted = prefix(key, offset);
        int bucket = bucketOf(wanted);
        int end = starts[bucket + 1];
        for (int i = starts[bucket]; i < end; i++) {
            int order = Integer.compareUnsigned(prefixes[i], wanted);
            if (order >= 0) {
                return order == 0;
            }
        }
        return false;
    }

    int size() {
        return prefixes.length;
    }

    private int bucketOf(int prefix) {
        // A shift by 32 is a shift by 0 in Java, so the single-bucket case is spelled out.
        return shift == 32 ? 0 : prefix >>> shift;
    }

    private static int prefix(byte[] key, int offset) {
        return ((key[offset] & 0xFF) << 24)
                | ((key[offset + 1] & 0xFF) << 16)
                | ((key[offset + 2] & 0xFF) << 8)
                | (key[offset + 3] & 0xFF);
    }
}
