package dev.outpost.bundle.importing;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One import attempt, whatever its outcome: the operator's record of what entered the appliance. */
@Entity
@Table(name = "import_history")
public class ImportRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /**
     * The import's id in the API ({@code /api/v1/imports/{importId}}): a UUID given when the attempt
     * starts (an upload's is in its 202), {@code legacy-<id>} for rows older than the column.
     */
    @Column(name = "import_id", length = 64)
    public String importId;

    /** Who started the import: an operator token's name, {@code system}, or {@code cli:<user>}. */
    @Column(length = 128)
    public String actor;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    /** Where the bundle came from: {@code inbox}, {@code cli}, {@code demo}, {@code upload}. */
    @Column(nullable = false, length = 16)
    public String origin;

    @Column(name = "file_name", nullable = false, length = 255)
    public String fileName;

    @Column(name = "bundle_sha256", length = 64)
    public String bundleSha256;

    @Column(name = "bundle_bytes")
    public Long bundleBytes;

    @Column(length = 64)
    public String dataset;

    public Long sequence;

    @Column(name = "previous_sequence")
    public Long previousSequence;

    /** Comma-separated key ids of the valid signatures. */
    @Column(name = "signer_key_ids", length = 1100)
    public String signerKeyIds;

    public Long entries;

    @Column(name = "duration_millis", nullable = false)
    public long durationMillis;

    @Column(nullable = false, length = 16)
    public String outcome;

    @Column(length = 64)
    public String reason;

    @Column(length = 2000)
    public String detail;

    /** The root version whose release keys were checked (0: configured release keys), when known. */
    @Column(name = "root_version")
    public Long rootVersion;

    /** Who overrode a check (today only expiry), when one was overridden; the reason is in detail. */
    @Column(name = "override_operator", length = 64)
    public String overrideOperator;
}
