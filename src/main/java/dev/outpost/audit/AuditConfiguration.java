package dev.outpost.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One outpost.* key as last recorded by {@link ConfigurationAudit}; secrets only as their SHA-256. */
@Entity
@Table(name = "audit_configuration")
public class AuditConfiguration {
    @Id
    @Column(length = 512)
    public String name;

    @Column(name = "val", nullable = false, length = 1100)
    public String value;
}
