package dev.outpost.store.rocksdb;

import java.util.Arrays;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * The first four bytes of every key of one column family, sorted, in memory: Safe Browsing's hash
 * prefix list. A URL lookup probes about twenty expression and domain keys, and nearly all of them
 * miss; a binary search here answers a miss without a RocksDB read (ADR 0008). Four bytes per key,
 * built once when the generation opens.
 */
final class KeyPrefixSet {
    private final int[] prefixes;

    private KeyPrefixSet(int[] prefixes) {
        this.prefixes = prefixes;
    }

    /** Reads every key of {@code handle} once, without filling the block cache. */
    static KeyPrefixSet build(RocksDB db, ColumnFamilyHandle handle) {
        int[] prefixes = new int[1024];
        int size = 0;
        try (ReadOptions scan = new ReadOptions().setFillCache(false);
                RocksIterator keys = db.newIterator(handle, scan)) {
            for (keys.seekToFirst(); keys.isValid(); keys.next()) {
                byte[] key = keys.key();
                if (size == prefixes.length) {
                    prefixes = Arrays.copyOf(prefixes, size * 2);
                }
                prefixes[size++] = prefix(key);
            }
        }
        // Keys come in unsigned byte order, so the prefixes are sorted as unsigned ints.
        return new KeyPrefixSet(Arrays.copyOf(prefixes, size));
    }

    /** False when no key starts with {@code key}'s first four bytes: the key is certainly absent. */
    boolean mayContain(byte[] key) {
        int wanted = prefix(key);
        int low = 0;
        int high = prefixes.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = Integer.compareUnsigned(prefixes[middle], wanted);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    int size() {
        return prefixes.length;
    }

    private static int prefix(byte[] key) {
        return ((key[0] & 0xFF) << 24) | ((key[1] & 0xFF) << 16) | ((key[2] & 0xFF) << 8) | (key[3] & 0xFF);
    }
}
