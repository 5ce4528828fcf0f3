package dev.outpost.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of the audit log (Flyway V6). Inserted once, never updated: the chain rule
 * ({@link AuditCanonical}) makes any later change detectable.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {
    /** 1, 2, 3, ... with no gap: assigned under the head's lock. */
    @Id
    public long seq;

    /** Epoch milliseconds: the same number on H2 and PostgreSQL, so the canonical form is exact. */
    @Column(name = "time_millis", nullable = false)
    public long timeMillis;

    @Column(nullable = false, length = 128)
    public String actor;

    @Column(length = 64)
    public String address;

    @Column(nullable = false, length = 64)
    public String action;

    @Column(length = 256)
    public String target;

    /** The canonical JSON text of the details object, as hashed. */
    @Column(nullable = false, length = 262144)
    public String details;

    @Column(name = "prev_hash", nullable = false, length = 64)
    public String prevHash;

    @Column(nullable = false, length = 64)
    public String hash;

    /** The canonical form of this row as it now reads (docs/audit.md). */
    public String canonical() {
        return canonicalAs(seq);
    }

    /** The canonical form this row would have as entry {@code asSeq}: how a moved entry is recognised. */
    String canonicalAs(long asSeq) {
        return AuditCanonical.canonical(asSeq, timeMillis, actor, address, action, target, details, prevHash);
    }

    /** The entry as one line of an export: JSON, with the fields in the documented order. */
    public String jsonLine() {
        StringBuilder json = new StringBuilder(256 + details.length());
        json.append("{\"seq\":").append(seq);
        json.append(",\"time\":");
        AuditCanonical.string(json, AuditCanonical.time(timeMillis));
        json.append(",\"actor\":");
        AuditCanonical.string(json, actor);
        json.append(",\"address\":");
        AuditCanonical.string(json, address);
        json.append(",\"action\":");
        AuditCanonical.string(json, action);
        json.append(",\"target\":");
        AuditCanonical.string(json, target);
        json.append(",\"details\":");
        // Stored text goes out as it is only when it is what was hashed: canonical details. Anything
        // else (a row edited by hand) goes out as a string, which an auditor's check then flags, and
        // which cannot break the line or forge another.
        if (AuditDetails.isCanonical(details)) {
            json.append(details);
        } else {
            AuditCanonical.string(json, details);
        }
        json.append(",\"prevHash\":");
        AuditCanonical.string(json, prevHash);
        json.append(",\"hash\":");
        AuditCanonical.string(json, hash);
        return json.append('}').toString();
    }
}
