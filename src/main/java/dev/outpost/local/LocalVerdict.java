package dev.outpost.local;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An operator's verdict on one file, certificate, URL expression, domain or IP range (ADR 0009). Its
 * subject is canonical, as {@link LocalKind} computed it, so that it keys exactly like vendor data.
 * The table's migration (V4) predates files and certificates; its columns hold them unchanged.
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

    /** The operator token's name that created it. */
    @Column(name = "created_by", nullable = false, length = 64)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
