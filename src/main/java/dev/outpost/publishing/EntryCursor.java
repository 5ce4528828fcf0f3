package dev.outpost.publishing;

import java.io.Closeable;
import java.io.IOException;

import dev.outpost.reputation.KeySpace;

/**
 * Entries in order: key space, then key (unsigned bytes), then insertion position. The arrays
 * returned belong to the cursor and change on {@link #next()}; {@link #key()} is exactly the key
 * space's key length, {@link #value()} holds the value in its first {@link #valueLength()} bytes.
 */
interface EntryCursor extends Closeable {
    boolean next() throws IOException;

    KeySpace space();

    byte[] key();

    byte[] value();

    int valueLength();

    /**
     * Where the entry was added: increases with every entry added to one sorter, so that among
     * entries with the same key the first added comes first (BundleWriter.Duplicates).
     */
    long position();

    @Override
    default void close() throws IOException {}

    /** Orders two cursors' current entries: key space, key, then insertion position. */
    static int compare(EntryCursor a, EntryCursor b) {
        int order = compareKeys(a, b);
        return order != 0 ? order : Long.compare(a.position(), b.position());
    }

    /** Orders two cursors' current entries by key space and key only. */
    static int compareKeys(EntryCursor a, EntryCursor b) {
        int order = Integer.compare(a.space().ordinal(), b.space().ordinal());
        return order != 0 ? order : java.util.Arrays.compareUnsigned(a.key(), b.key());
    }
}
