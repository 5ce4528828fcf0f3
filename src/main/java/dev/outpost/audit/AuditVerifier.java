package dev.outpost.audit;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.outpost.audit.AuditVerification.Broken;
import dev.outpost.audit.AuditVerification.Reason;

/**
 * Checks the whole chain (the endpoint and {@code outpost audit verify} both call this): seq runs
 * 1, 2, 3... without a gap, each prevHash is the previous entry's hash, each hash is recomputed
 * from the row, and the head names the last entry. Reads in pages of {@link #PAGE} rows, each in a
 * short transaction of its own, so memory stays bounded at any size; the last stretch is read
 * under the head's lock, so that entries appended meanwhile by this or another process are
 * included and cannot be mistaken for a forged tail.
 */
@ApplicationScoped
public class AuditVerifier {
    static final int PAGE = 1000;
    /** How far around its place a moved entry's original seq is looked for, besides its predecessor. */
    private static final int MOVE_WINDOW = 32;

    private final AuditEntries entries;
    private final AuditHeads heads;

    public AuditVerifier(AuditEntries entries, AuditHeads heads) {
        this.entries = entries;
        this.heads = heads;
    }

    public AuditVerification verify() {
        Walk walk = new Walk();
        Broken broken = null;
        // Unlocked, one page per transaction: appends go on meanwhile.
        boolean more = true;
        while (broken == null && more) {
            broken = inNewTransaction(walk::page);
            more = walk.more;
        }
        if (broken == null) {
            // Locked: no append can commit now, so the head and the table must agree.
            broken = inNewTransaction(() -> {
                AuditHead head = heads.locked();
                if (head == null) {
                    return walk.broken(Math.max(1, walk.lastSeq), Reason.HEAD_MISSING, "the head row is missing");
                }
                long headSeq = head.lastSeq;
                String headHash = head.lastHash;
                do {
                    Broken rest = walk.page();
                    if (rest != null) {
                        return rest;
                    }
                    // One transaction would otherwise hold every row read in it.
                    entries.getEntityManager().clear();
                } while (walk.more);
                return walk.againstHead(headSeq, headHash);
            });
        }
        if (broken != null) {
            long count = inNewTransaction(entries::count);
            return new Broken(count, broken.seq(), broken.reason(), broken.detail());
        }
        return new AuditVerification.Valid(walk.lastSeq, walk.lastSeq, walk.prevHash);
    }

    private static <T> T inNewTransaction(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().call(work::get);
    }

    /** The walk's state: the next seq expected and the hash it must link to. */
    private final class Walk {
        long lastSeq;
        String prevHash = AuditCanonical.GENESIS;
        boolean more = true;

        /** Checks the next page; {@link #more} says whether another may follow. */
        Broken page() {
            List<AuditEntry> page = entries.after(lastSeq, Long.MAX_VALUE, PAGE);
            more = page.size() == PAGE;
            for (AuditEntry entry : page) {
                Broken broken = check(entry);
                if (broken != null) {
                    return broken;
                }
                lastSeq = entry.seq;
                prevHash = entry.hash;
            }
            return null;
        }

        Broken check(AuditEntry entry) {
            long expected = lastSeq + 1;
            if (entry.seq != expected) {
                return broken(
                        expected,
                        Reason.ENTRY_MISSING,
                        "entry " + expected + " is missing (the next entry is " + entry.seq + ")");
            }
            if (!AuditCanonical.sha256(entry.canonical()).equals(entry.hash)) {
                long original = originalSeq(entry);
                if (original > 0) {
                    return broken(
                            entry.seq,
                            Reason.OUT_OF_ORDER,
                            "entry " + entry.seq + " holds the content of entry " + original);
                }
                return broken(
                        entry.seq,
                        Reason.CONTENT_ALTERED,
                        "entry " + entry.seq + " does not hash to its stored hash: its content was altered");
            }
            if (!entry.prevHash.equals(prevHash)) {
                return broken(
                        entry.seq,
                        Reason.CHAIN_BROKEN,
                        "entry " + entry.seq + " does not link to entry " + lastSeq
                                + " (its prevHash is not that entry's hash): entry " + lastSeq
                                + " was rewritten, or this one replaced");
            }
            return null;
        }

        /** After the last entry: the head must name it. */
        Broken againstHead(long headSeq, String headHash) {
            if (headSeq > lastSeq) {
                return broken(
                        lastSeq + 1,
                        Reason.ENTRY_MISSING,
                        "the head records " + headSeq + " entries, the log ends at " + lastSeq + ": entries from "
                                + (lastSeq + 1) + " were deleted");
            }
            if (headSeq < lastSeq) {
                return broken(
                        headSeq + 1,
                        Reason.HEAD_MISMATCH,
                        "the head records " + headSeq + " entries, but the log holds entries up to " + lastSeq
                                + ": entries from " + (headSeq + 1) + " were added outside the log, or the head"
                                + " was rolled back");
            }
            if (!headHash.equals(prevHash)) {
                return broken(
                        Math.max(1, lastSeq),
                        Reason.HEAD_MISMATCH,
                        "the head's hash is not the hash of entry " + lastSeq
                                + ": the last entry was replaced, or the head altered");
            }
            return null;
        }

        Broken broken(long seq, Reason reason, String detail) {
            return new Broken(0, seq, reason, detail);
        }

        /**
         * The seq under which this row's content was hashed, if it was another: the place after its
         * predecessor (found by hash), or a nearby one. 0 if none fits (the content was altered).
         */
        private long originalSeq(AuditEntry entry) {
            if (AuditCanonical.GENESIS.equals(entry.prevHash) && hashesAs(entry, 1)) {
                return 1;
            }
            for (AuditEntry predecessor : entries.withHash(entry.prevHash, 4)) {
                if (hashesAs(entry, predecessor.seq + 1)) {
                    return predecessor.seq + 1;
                }
            }
            for (long seq = Math.max(1, entry.seq - MOVE_WINDOW); seq <= entry.seq + MOVE_WINDOW; seq++) {
                if (hashesAs(entry, seq)) {
                    return seq;
                }
            }
            return 0;
        }

        private boolean hashesAs(AuditEntry entry, long seq) {
            return seq != entry.seq
                    && AuditCanonical.sha256(entry.canonicalAs(seq)).equals(entry.hash);
        }
    }
}
