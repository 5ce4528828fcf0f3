package dev.outpost.publishing;

/**
 * What a long build reports while it runs: a 100-million-record build reads for minutes, spills
 * runs, merges them and writes the parts, and the publisher should see which and how far. Called
 * every few tens of thousands of records or entries from the building thread; an implementation
 * decides how often to show anything.
 */
public interface BuildProgress {
    BuildProgress NONE = new BuildProgress() {};

    /** While records are added: records so far, sorted runs spilled so far and the bytes they hold. */
    default void reading(long records, int runs, long spillBytes) {}

    /** An intermediate pass that merges {@code runs} runs into one: entries done of the pass's total. */
    default void merging(int runs, long done, long total) {}

    /** The final merge, which writes the bundle's parts: entries done of all entries buffered. */
    default void writing(long done, long total) {}
}
