package dev.outpost.publishing;

/**
 * What a build's sort did, for the publisher and the benchmarks.
 *
 * @param entries entries sorted (one per digest of a file, one per other record), duplicates included
 * @param runs sorted runs spilled to disk while reading (0: the build fitted in memory)
 * @param intermediateMerges merges of runs into fewer runs before the final merge (more runs than
 *     the fan-in)
 * @param spillBytesWritten bytes written to spill files, intermediate merges included
 * @param peakSpillBytes most bytes the spill files held on disk at once
 */
public record SortStatistics(
        long entries, int runs, int intermediateMerges, long spillBytesWritten, long peakSpillBytes) {
    public static final SortStatistics NONE = new SortStatistics(0, 0, 0, 0, 0);
}
