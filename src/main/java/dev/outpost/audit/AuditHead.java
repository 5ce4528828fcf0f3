package dev.outpost.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The chain's head: the one row every append locks, and the record of the last entry, so that
 * deleting the newest entries is noticed (Flyway V6).
 */
@Entity
@Table(name = "audit_head")
public class AuditHead {
    public static final int ID = 1;

    @Id
    public int id;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "last_hash", nullable = false, length = 64)
    public String lastHash;
}
