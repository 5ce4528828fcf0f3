package dev.outpost.local;

import dev.outpost.reputation.OutpostException;

/** A local verdict that already exists (409) or does not (404). */
public class LocalVerdictException extends OutpostException {
    private LocalVerdictException(String problemType, String detail) {
        super(problemType, detail);
    }

    /** 409: one subject has one local verdict; delete it to change it. */
    public static final class Exists extends LocalVerdictException {
        Exists(LocalKind kind, String subject, Long id) {
            super(
                    "local-verdict-exists",
                    "a local verdict on " + kind.id() + " '" + subject + "' exists"
                            + (id == null ? "" : " (id " + id + ")") + "; delete it first to change it");
        }
    }

    /** 404: no local verdict has this id. */
    public static final class NotFound extends LocalVerdictException {
        NotFound(long id) {
            super("not-found", "no local verdict has id " + id);
        }
    }
}
