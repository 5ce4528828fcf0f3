package dev.outpost.lookup;

import dev.outpost.reputation.OutpostException;

/** A bulk request over the per-request limit. */
public class TooManyItemsException extends OutpostException {
    public TooManyItemsException(int given, int limit) {
        super("too-many-items", "request has " + given + " items; at most " + limit + " per request");
    }
}
