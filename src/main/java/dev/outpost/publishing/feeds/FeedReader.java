package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one feed format, streaming: each entry (a row, an IOC, an attribute, an indicator) goes
 * through {@link FeedContext#entry} as it is read, so no reader holds a whole feed in memory.
 */
interface FeedReader {
    void read(Path source, FeedContext context) throws IOException;
}
