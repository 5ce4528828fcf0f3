package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;

/**
 * Reads public feeds into records for {@code outpost bundle build --feed FORMAT=FILE}: the formats,
 * their mappings, the traps each handles and the limits are in offline-bundles/FEEDS.md.
 */
public final class Feeds {
    private Feeds() {}

    /**
     * Streams every record of {@code source} into {@code sink}, in the feed's order.
     *
     * @throws InvalidInputException for the first invalid entry (its detail starts with {@code
     *     <file>:<line>:}), unless {@code options} skip invalid entries; always when the feed cannot
     *     be read at all, or when every entry was invalid
     */
    public static FeedReport read(FeedSource source, FeedOptions options, Consumer<ReputationRecord> sink)
            throws IOException {
        requireSource(source);
        FeedContext context = new FeedContext(source, options, sink);
        source.format().reader().read(source.path(), context);
        FeedReport report = context.report();
        if (report.skipped() > 0 && report.skipped() == report.entries()) {
            throw new InvalidInputException(
                    "invalid-feed",
                    source.path() + ": every one of its " + report.entries() + " entries is invalid; is it really "
                            + source.format().id() + "?",
                    source.toString());
        }
        return report;
    }

    private static void requireSource(FeedSource source) {
        Path path = source.path();
        if (!Files.exists(path)) {
            throw new InvalidInputException("invalid-feed", "no such " + what(source) + ": " + path, path.toString());
        }
        boolean directory = Files.isDirectory(path);
        if (source.format().directory() != directory || (!directory && !Files.isRegularFile(path))) {
            throw new InvalidInputException(
                    "invalid-feed",
                    path + " is not a " + what(source) + " (" + source.format().id() + " reads a " + what(source) + ")",
                    path.toString());
        }
        if (!Files.isReadable(path)) {
            throw new InvalidInputException(
                    "invalid-feed", path + " cannot be read: permission denied", path.toString());
        }
    }

    private static String what(FeedSource source) {
        return source.format().directory() ? "directory" : "regular file";
    }
}
