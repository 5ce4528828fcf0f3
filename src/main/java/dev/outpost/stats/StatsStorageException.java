package dev.outpost.stats;

import dev.outpost.reputation.OutpostException;

/**
 * The statistics or the query log could not be read or written: the database's fault, never the
 * client's, so it is an internal error (500) with the cause in the server log.
 */
public class StatsStorageException extends OutpostException {
    public StatsStorageException(String detail, Throwable cause) {
        super("statistics-unavailable", detail, cause);
    }
}
