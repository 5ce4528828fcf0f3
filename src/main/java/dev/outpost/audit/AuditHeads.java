package dev.outpost.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The one-row head table. */
@ApplicationScoped
public class AuditHeads implements PanacheRepositoryBase<AuditHead, Integer> {
    /**
     * The head, locked for writing until the current transaction ends (SELECT ... FOR UPDATE on H2
     * and PostgreSQL): every appender in every process sharing the database waits here for its turn.
     * Null if the row is gone (which verify reports).
     */
    public AuditHead locked() {
        return findById(AuditHead.ID, LockModeType.PESSIMISTIC_WRITE);
    }
}
