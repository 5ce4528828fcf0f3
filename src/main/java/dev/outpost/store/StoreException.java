package dev.outpost.store;

import dev.outpost.reputation.OutpostException;

/** A store operation failed; the message names the operation and the key space or path. */
public class StoreException extends OutpostException {
    public StoreException(String detail, Throwable cause) {
        super("store-failure", detail, cause);
    }

    public StoreException(String detail) {
        super("store-failure", detail);
    }
}
