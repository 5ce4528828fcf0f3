package dev.outpost.store.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * The prefix lengths that occur in a generation's ip-range key space, per address family (ADR
 * 0008). A longest-prefix match then reads the address's network at each of these lengths only:
 * one key per distinct length instead of 33 for IPv4 and 129 for IPv6. Built when the generation
 * opens, from one scan of the keys, so it holds for any generation however it was built (a full
 * import, a delta that removed the last range of a length, or an older generation).
 */
final class IpPrefixLengths {
    static final IpPrefixLengths NONE = new IpPrefixLengths(new int[0], new int[0]);

    private final int[] ipv4;
    private final int[] ipv6;

    private IpPrefixLengths(int[] ipv4, int[] ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /** Reads every key of the ip-range column family once, without filling the block cache. */
    static IpPrefixLengths build(RocksDB db, ColumnFamilyHandle handle) {
        boolean[] ipv4 = new boolean[33];
        boolean[] ipv6 = new boolean[129];
        try (ReadOptions scan = new ReadOptions().setFillCache(false);
                RocksIterator keys = db.newIterator(handle, scan)) {
            for (keys.seekToFirst(); keys.isValid(); keys.next()) {
                byte[] key = keys.key();
                // Key: family (4 or 6), 16 address bytes, prefix length in the family's terms. The
                // importer wrote only valid keys; anything else is skipped rather than trusted.
                int length = key.length == 18 ? key[17] & 0xFF : -1;
                if (key.length == 18 && key[0] == 4 && length <= 32) {
                    ipv4[length] = true;
                } else if (key.length == 18 && key[0] == 6 && length <= 128) {
                    ipv6[length] = true;
                }
            }
        }
        return new IpPrefixLengths(longestFirst(ipv4), longestFirst(ipv6));
    }

    /** The lengths present for family 4 or 6, longest first. */
    int[] of(int family) {
        return (family == 4 ? ipv4 : ipv6).clone();
    }

    private static int[] longestFirst(boolean[] present) {
        int count = 0;
        for (boolean p : present) {
            count += p ? 1 : 0;
        }
        int[] lengths = new int[count];
        int next = 0;
        for (int length = present.length - 1; length >= 0; length--) {
            if (present[length]) {
                lengths[next++] = length;
            }
        }
        return lengths;
    }
}
