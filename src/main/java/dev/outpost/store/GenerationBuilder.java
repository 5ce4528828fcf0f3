package dev.outpost.store;

import java.util.List;

import dev.outpost.reputation.KeySpace;

/**
 * Builds a new generation beside the live one. Parts are written in key order; nothing is visible
 * to lookups until {@link GenerationStore#activate} succeeds. Closing an unactivated builder removes
 * everything it wrote.
 */
public interface GenerationBuilder extends AutoCloseable {
    /** Opens the writer for one key space; each key space at most once. */
    PartWriter openPart(KeySpace space);

    /** Seals the generation with its metadata and dictionary; it is complete on disk afterwards. */
    void seal(DatasetInfo info, List<String> threatNames);

    long sequence();

    @Override
    void close();

    /** Sorted writes into one key space. */
    interface PartWriter extends AutoCloseable {
        /** Appends an entry; keys must be strictly increasing (unsigned bytewise). */
        void put(byte[] key, byte[] value);

        /**
         * Appends an entry from reusable buffers: the first {@code valueLength} bytes of {@code
         * value}. The buffers may be changed after the call returns.
         */
        void put(byte[] key, byte[] value, int valueLength);

        /** Completes the part; entries become part of the generation when it is sealed. */
        void finish();

        @Override
        void close();
    }
}
