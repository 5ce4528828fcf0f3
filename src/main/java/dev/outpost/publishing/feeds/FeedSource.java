package dev.outpost.publishing.feeds;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import dev.outpost.reputation.InvalidInputException;

/** One {@code --feed FORMAT=FILE}: a format and the file (or, for a MISP feed, directory) to read. */
public record FeedSource(FeedFormat format, Path path) {
    public FeedSource {
        if (format == null || path == null) {
            throw new InvalidInputException("invalid-feed", "a feed needs a format and a file", null);
        }
    }

    /** Parses {@code FORMAT=FILE}; the file part may itself contain {@code =}. */
    public static FeedSource parse(String spec) {
        int equals = spec == null ? -1 : spec.indexOf('=');
        if (equals <= 0 || equals == spec.length() - 1) {
            throw new InvalidInputException(
                    "invalid-feed",
                    "a feed is given as FORMAT=FILE, e.g. malwarebazaar-csv=full.csv; formats: "
                            + String.join(", ", FeedFormat.ids()),
                    spec);
        }
        FeedFormat format = FeedFormat.byId(spec.substring(0, equals));
        try {
            return new FeedSource(format, Path.of(spec.substring(equals + 1)));
        } catch (InvalidPathException e) {
            throw new InvalidInputException("invalid-feed", "not a file name: " + spec.substring(equals + 1), spec);
        }
    }

    @Override
    public String toString() {
        return format.id() + "=" + path;
    }
}
