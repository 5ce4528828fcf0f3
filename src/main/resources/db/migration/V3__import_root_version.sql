-- The root version whose release keys checked the bundle (ADR 0006); 0 for configured release keys.
ALTER TABLE import_history ADD COLUMN root_version BIGINT;
