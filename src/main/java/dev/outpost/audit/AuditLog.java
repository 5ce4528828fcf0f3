package dev.outpost.audit;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The tamper-evident audit log (issue 14, ADR 0017, docs/audit.md): every import attempt and its
 * outcome, local verdict changes, token changes, authentication failures, bootstrap use and
 * configuration changes, each with who, what, when and from which address.
 *
 * <p>Entries form one hash chain: entry n holds the SHA-256 of entry n-1, and its own hash covers
 * that and its content ({@link AuditCanonical}). Appends take turns on a row lock of the head
 * table, so several processes sharing PostgreSQL build one chain.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditEntries entries;
    private final AuditHeads heads;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock clock;

    @Inject
    public AuditLog(AuditEntries entries, AuditHeads heads, TransactionSynchronizationRegistry transactions) {
        this(entries, heads, transactions, Clock.systemUTC());
    }

    AuditLog(AuditEntries entries, AuditHeads heads, TransactionSynchronizationRegistry transactions, Clock clock) {
        this.entries = entries;
        this.heads = heads;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Appends one entry. {@code action} is a dotted lowercase name from {@link AuditActions};
     * {@code target} names what was acted on (an import id, a local verdict id, a token id), or null;
     * {@code details} are short key/value facts (never a secret), written in key order.
     *
     * <p>Joins the caller's transaction when there is one, so that a change and its entry commit or
     * roll back together; the head stays locked until that transaction ends, so record last and keep
     * the rest of the transaction short. Without a transaction the entry commits on its own. Values
     * too long are cut and marked (AuditContent), never refused. On an event-loop thread, where the
     * database may not be used, the entry is appended on a worker thread right after.
     */
    public void record(Actor actor, String action, String target, Map<String, String> details) {
        AuditContent content = AuditContent.of(actor, action, target, details);
        if (!BlockingOperationControl.isBlockingAllowed()) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    append(content);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Audit entry %s by %s could not be written", content.action(), content.actor());
                }
            });
            return;
        }
        append(content);
    }

    /** Appends in the caller's transaction, or in one of its own; returns the entry written. */
    AuditEntry append(AuditContent content) {
        return QuarkusTransaction.joiningExisting().call(() -> appendLocked(content));
    }

    private AuditEntry appendLocked(AuditContent content) {
        AuditHead head = heads.locked();
        if (head == null) {
            throw new AuditException.HeadMissing();
        }
        AuditEntry entry = new AuditEntry();
        entry.seq = head.lastSeq + 1;
        // Read under the lock: times follow seq on one clock. Across hosts, seq is the order.
        entry.timeMillis = clock.millis();
        entry.actor = content.actor();
        entry.address = content.address();
        entry.action = content.action();
        entry.target = content.target();
        entry.details = AuditCanonical.details(content.details());
        entry.prevHash = head.lastHash;
        entry.hash = AuditCanonical.sha256(entry.canonical());
        entries.persist(entry);
        head.lastSeq = entry.seq;
        head.lastHash = entry.hash;
        entries.flush();
        // Written once and never changed: a long transaction need not dirty-check it at every flush.
        entries.getEntityManager().detach(entry);
        logOnCommit(entry);
        return entry;
    }

    /** A log line per entry, once it exists: a rolled back change leaves no line claiming an entry. */
    private void logOnCommit(AuditEntry entry) {
        String line = String.format(
                "Audit #%d %s by %s%s%s: %s (hash %s)",
                entry.seq,
                entry.action,
                entry.actor,
                entry.address == null ? "" : " from " + entry.address,
                entry.target == null ? "" : " on " + entry.target,
                entry.details,
                entry.hash);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    LOG.info(line);
                }
            }
        });
    }
}
