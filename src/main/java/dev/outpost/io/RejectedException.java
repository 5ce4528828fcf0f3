package dev.outpost.io;

import dev.outpost.reputation.OutpostException;

/**
 * A bundle failed a check. {@link #problemType()} is a stable reason code (e.g. {@code
 * bad-signature}) recorded in the import history and the quarantine reason file; the detail says
 * exactly what was wrong for the operator.
 */
public class RejectedException extends OutpostException {
    public RejectedException(String reason, String detail) {
        super(reason, detail);
    }

    public RejectedException(String reason, String detail, Throwable cause) {
        super(reason, detail, cause);
    }

    public String reason() {
        return problemType();
    }
}
