package dev.outpost.store;

import dev.outpost.reputation.KeySpace;

/**
 * Builds a new generation that starts as a copy of the active one (ADR 0007): the copy costs a
 * hard link per file, and each change costs one write, so applying a delta takes time proportional
 * to the delta. Nothing is visible to lookups until {@link GenerationStore#activate} succeeds;
 * closing an unactivated builder removes the copy. {@link #openPart} is not available.
 */
public interface DeltaBuilder extends GenerationBuilder {
    /** The value this generation holds under {@code key} now, with the changes made so far; or null. */
    byte[] current(KeySpace space, byte[] key);

    /** Adds an entry, or replaces the one under {@code key}. */
    void upsert(KeySpace space, byte[] key, byte[] value, int valueLength);

    /** Removes the entry under {@code key}. */
    void remove(KeySpace space, byte[] key);

    /** Size of the active generation's threat name dictionary; a delta's names are appended after it. */
    int baseNameCount();
}
