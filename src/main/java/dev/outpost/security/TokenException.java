package dev.outpost.security;

import dev.outpost.reputation.OutpostException;

/** A token that does not exist (404) or a name already held by an active token (409). */
public class TokenException extends OutpostException {
    private TokenException(String problemType, String detail) {
        super(problemType, detail);
    }

    /** 404: no API token has this id. */
    public static final class NotFound extends TokenException {
        NotFound(long id) {
            super("not-found", "no API token has id " + id);
        }
    }

    /** 409: names tell tokens apart in the audit log, so two active tokens never share one. */
    public static final class NameTaken extends TokenException {
        NameTaken(String name, long id) {
            super(
                    "token-name-taken",
                    "an active token is already named '" + name + "' (id " + id + "); revoke it or"
                            + " choose another name");
        }
    }
}
