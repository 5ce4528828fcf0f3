-- Local verdicts, complete (issue 14, ADR 0009 addendum): optional expiry, changes in place, who
-- decided (a human operator or a machine submitter) and who owns the verdict now. Rows are now
-- updated, so count and max(id) no longer see every change: revision grows with each update (JPA
-- @Version), and replicas compare count, max(id) and sum(revision). Portable SQL (H2, PostgreSQL).
-- New columns are nullable or defaulted, so that a replica of the previous version can still insert.
ALTER TABLE local_verdict ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE local_verdict ADD COLUMN origin VARCHAR(16) DEFAULT 'operator' NOT NULL;
-- NULL means created_by: rows of the previous version, and rows it still writes.
ALTER TABLE local_verdict ADD COLUMN owner VARCHAR(64);
ALTER TABLE local_verdict ADD COLUMN updated_by VARCHAR(64);
ALTER TABLE local_verdict ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE local_verdict ADD COLUMN revision BIGINT DEFAULT 0 NOT NULL;
