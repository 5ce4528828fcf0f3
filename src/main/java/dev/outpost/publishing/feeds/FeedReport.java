package dev.outpost.publishing.feeds;

/**
 * What reading one feed gave: every entry seen is exactly one of mapped (giving {@code records}),
 * not mapped (a kind Outpost does not hold, or left out by the format's mapping), a duplicate of the
 * entry before it, or invalid and skipped.
 */
public record FeedReport(FeedSource source, long entries, long records, long notMapped, long duplicates, long skipped) {
    /** One line for the CLI's summary. */
    public String summary() {
        StringBuilder line = new StringBuilder()
                .append("feed ")
                .append(source)
                .append(": ")
                .append(entries)
                .append(" entries, ")
                .append(records)
                .append(" records, ")
                .append(notMapped)
                .append(" not mapped");
        if (duplicates > 0) {
            line.append(", ").append(duplicates).append(" consecutive duplicates");
        }
        return line.append(", ").append(skipped).append(" invalid skipped").toString();
    }
}
