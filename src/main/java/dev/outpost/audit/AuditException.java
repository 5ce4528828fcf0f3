package dev.outpost.audit;

import dev.outpost.reputation.OutpostException;

/** What can go wrong with the audit log itself (storage, not input). */
public abstract sealed class AuditException extends OutpostException {
    protected AuditException(String problemType, String detail) {
        super(problemType, detail);
    }

    /** The head row is gone: nothing can be appended until an operator restores the table. */
    public static final class HeadMissing extends AuditException {
        public HeadMissing() {
            super("audit-head-missing", "the audit log's head row is missing; run `outpost audit verify`");
        }
    }
}
