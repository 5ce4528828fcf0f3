package dev.outpost.store.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

import dev.outpost.reputation.IpKey;

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
        boolean[] ipv4 = new boolean[IpKey.maxPrefixLength(IpKey.IPV4) + 1];
        boolean[] ipv6 = new boolean[IpKey.maxPrefixLength(IpKey.IPV6) + 1];
        try (ReadOptions scan = new ReadOptions().setFillCache(false);
                RocksIterator keys = db.newIterator(handle, scan)) {
            for (keys.seekToFirst(); keys.isValid(); keys.next()) {
                byte[] key = keys.key();
                // The importer wrote only valid keys; anything else is skipped rather than trusted.
                if (IpKey.defect(key).isEmpty()) {
                    (IpKey.family(key) == IpKey.IPV4 ? ipv4 : ipv6)[IpKey.prefixLength(key)] = true;
                }
            }
        }
        return new IpPrefixLengths(longestFirst(ipv4), longestFirst(ipv6));
    }

    /** The lengths present for family {@link IpKey#IPV4} or {@link IpKey#IPV6}, longest first. */
    int[] of(int family) {
        return (family == IpKey.IPV4 ? ipv4 : ipv6).clone();
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
