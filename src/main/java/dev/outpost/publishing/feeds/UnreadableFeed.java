package dev.outpost.publishing.feeds;

import dev.outpost.reputation.InvalidInputException;

/**
 * A feed, or one document of it, that cannot be read on: a JSON syntax error or limit, a header
 * that is not the format's, a database that is not one. Nothing after it can be trusted, so
 * {@code --skip-invalid} does not skip it, except where the document is one entry of a larger feed
 * (a MISP event file). Its detail starts with the location.
 */
final class UnreadableFeed extends InvalidInputException {
    private final String location;
    private final InvalidInputException reason;

    UnreadableFeed(String location, InvalidInputException reason) {
        super(reason.problemType(), location + ": " + reason.detail(), reason.input());
        this.location = location;
        this.reason = reason;
    }

    /** {@code <file>:<line>}, or the file alone. */
    String location() {
        return location;
    }

    /** What is wrong, without the location. */
    InvalidInputException reason() {
        return reason;
    }
}
