package dev.outpost.store;

import java.util.List;

import dev.outpost.reputation.KeySpace;

/**
 * A lease on one immutable generation. While a lease is open the generation stays open, even if
 * another generation is activated meanwhile; a bulk lookup holds one lease so that it never mixes
 * two generations. Close it in try-with-resources.
 */
public interface Generation extends AutoCloseable {
    DatasetInfo info();

    /** The threat name dictionary that record values refer to by id. */
    String[] threatNames();

    /** The value stored under {@code key}, or {@code null}. */
    byte[] get(KeySpace space, byte[] key);

    /** Values for many keys of one space, in order, {@code null} for misses; the list may be read-only. */
    List<byte[]> getAll(KeySpace space, List<byte[]> keys);

    /**
     * False when certainly no key of {@code space} starts with the first four bytes of {@code
     * leading}; true when one may. A URL lookup asks with a host's digest before it computes the
     * host's expression keys (ADR 0008).
     */
    boolean mayContainLeading(KeySpace space, byte[] leading);

    /**
     * The prefix lengths that occur among the ip-range keys of address family 4 or 6, in that
     * family's terms (0..32 or 0..128), longest first: the only lengths a longest-prefix match
     * needs to read.
     */
    int[] ipPrefixLengths(int family);

    /**
     * Calls {@code visitor} with every entry of {@code space}, in key order (unsigned bytes), from
     * one consistent view of this generation; nothing for a space the generation lacks. The scan
     * reads past the block cache, so an export does not evict what lookups keep hot, and holds one
     * entry at a time: memory stays bounded whatever the dataset's size (issue 16). An exception
     * thrown by the visitor ends the scan and propagates. Call it only while the lease is open.
     */
    void forEach(KeySpace space, EntryVisitor visitor);

    /** Receives the entries of a {@link #forEach} scan; key and value are the caller's to keep. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(byte[] key, byte[] value);
    }

    /** Releases the lease; never throws. */
    @Override
    void close();
}
