-- Version 4: where a code finding is (start column, end line and column) and its taint trace (JSON array
-- of {kind, line, column, note}), so that a stored report re-renders exactly as it was produced.
ALTER TABLE security_issue ADD COLUMN column_number INTEGER CHECK (column_number IS NULL OR column_number >= 0);
ALTER TABLE security_issue ADD COLUMN end_line INTEGER CHECK (end_line IS NULL OR end_line >= 0);
ALTER TABLE security_issue ADD COLUMN end_column INTEGER CHECK (end_column IS NULL OR end_column >= 0);
ALTER TABLE security_issue ADD COLUMN trace TEXT NOT NULL DEFAULT '[]';
