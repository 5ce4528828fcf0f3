package dev.outpost.audit;

/** The outcome of walking the whole chain: valid, or the first entry that breaks it and why. */
public sealed interface AuditVerification {
    /** Entries in the log. */
    long entries();

    /** Every entry from 1 to the head links and hashes as written; the head names the last one. */
    record Valid(long entries, long headSeq, String headHash) implements AuditVerification {}

    /** The first entry (by seq) at which the chain does not hold, the reason and a sentence. */
    record Broken(long entries, long seq, Reason reason, String detail) implements AuditVerification {}

    /** Why an entry breaks the chain; the slug is what the API and CLI print. */
    enum Reason {
        /** The row's content (any column) no longer hashes to its stored hash. */
        CONTENT_ALTERED("content-altered"),
        /** No row has this seq, though a later one (or the head) does: deleted. */
        ENTRY_MISSING("entry-missing"),
        /** The row holds another entry's content: rows were swapped or renumbered. */
        OUT_OF_ORDER("out-of-order"),
        /** The row hashes right but does not link to the entry before it (that one was rewritten). */
        CHAIN_BROKEN("chain-broken"),
        /** The head does not name this entry as the last one. */
        HEAD_MISMATCH("head-mismatch"),
        /** The head row is gone. */
        HEAD_MISSING("head-missing");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }
}
