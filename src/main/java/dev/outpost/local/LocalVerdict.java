package dev.outpost.local;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An operator's or a machine's verdict on one file, certificate, URL expression, domain or IP range
 * (ADR 0009). Its subject is canonical, as {@link LocalKind} computed it, so that it keys exactly
 * like vendor data. The table's migration (V4) predates files and certificates; its columns hold
 * them unchanged. V8 added expiry, changes in place and ownership (issue 14).
 */
@Entity
@Table(name = "local_verdict")
public class LocalVerdict {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** {@code file}, {@code certificate}, {@code url}, {@code domain} or {@code ip}. */
    @Column(nullable = false, length = 16)
    public String kind;

    /** The canonical expression, domain or range. */
    @Column(nullable = false, length = 2100)
    public String subject;

    /** A {@link dev.outpost.reputation.Category} name. */
    @Column(nullable = false, length = 16)
    public String category;

    @Column(name = "threat_name", length = 200)
    public String threatName;

    @Column(length = 1000)
    public String comment;

    /** The token's name that created it; never changes. */
    @Column(name = "created_by", nullable = false, length = 64)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the verdict stops applying; null: never. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Who decided it: {@link Origin#OPERATOR} (a person) or {@link Origin#SUBMITTER} (a machine). */
    @Column(nullable = false, length = 16)
    public String origin = Origin.OPERATOR.id();

    /** Whose verdict it is now (the last to decide it); null in rows of the previous version: createdBy. */
    @Column(length = 64)
    public String owner;

    @Column(name = "updated_by", length = 64)
    public String updatedBy;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * Grows with every update; replicas notice changes by it (with count and highest id), and two
     * concurrent changes of one verdict cannot both win.
     */
    @Version
    @Column(nullable = false)
    public long revision;

    /** The owner, also for rows written by the previous version (which had no owner column). */
    String effectiveOwner() {
        return owner == null ? createdBy : owner;
    }

    Origin effectiveOrigin() {
        return Origin.of(origin);
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
