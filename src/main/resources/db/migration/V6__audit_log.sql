-- The tamper-evident audit log (issue 14, docs/audit.md, ADR 0016). Portable SQL (H2 and PostgreSQL).
-- Entries are only ever inserted. Each carries the SHA-256 of its canonical form, which includes the
-- previous entry's hash; time is epoch milliseconds so the canonical form is rebuilt exactly from the
-- row on either database. details is the canonical JSON object text (up to 32 pairs of short strings).
CREATE TABLE audit_entry (
    seq          BIGINT         NOT NULL PRIMARY KEY,
    time_millis  BIGINT         NOT NULL,
    actor        VARCHAR(128)   NOT NULL,
    address      VARCHAR(64),
    action       VARCHAR(64)    NOT NULL,
    target       VARCHAR(256),
    details      VARCHAR(262144) NOT NULL,
    prev_hash    VARCHAR(64)    NOT NULL,
    hash         VARCHAR(64)    NOT NULL
);
CREATE INDEX audit_entry_hash ON audit_entry (hash);
CREATE INDEX audit_entry_action ON audit_entry (action, seq);
CREATE INDEX audit_entry_actor ON audit_entry (actor, seq);
CREATE INDEX audit_entry_time ON audit_entry (time_millis);

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) by every append, so that appenders in
-- any number of processes sharing the database take turns and build one chain. It also records the
-- last entry, so that deleting the newest entries is detected.
CREATE TABLE audit_head (
    id        INTEGER     NOT NULL PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The outpost.* configuration as last recorded (secrets as their SHA-256), so that a start can
-- record which keys changed since.
CREATE TABLE audit_configuration (
    name  VARCHAR(512)  NOT NULL PRIMARY KEY,
    val   VARCHAR(1100) NOT NULL
);
