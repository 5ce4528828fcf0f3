-- Who overrode a check (an expired bundle imported on purpose). Portable SQL (H2 and PostgreSQL).
ALTER TABLE import_history ADD COLUMN override_operator VARCHAR(64);
