-- Issue 14: every import attempt has a stable id that the API answers with (an upload learns it
-- in its 202 before the import has run), and names who started it (an operator's token name, the
-- system, or the CLI's user). Rows written before this version get 'legacy-' and their row id.
-- Portable SQL (H2 and PostgreSQL).
ALTER TABLE import_history ADD COLUMN import_id VARCHAR(64);
ALTER TABLE import_history ADD COLUMN actor VARCHAR(128);
UPDATE import_history SET import_id = 'legacy-' || CAST(id AS VARCHAR(20)) WHERE import_id IS NULL;
CREATE UNIQUE INDEX import_history_import_id ON import_history (import_id);
