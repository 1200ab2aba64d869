-- Version 2: projects and scans beside the spec's tables, and what the lifecycle and the reports need on
-- each issue. Rows of version 1 are kept: their new columns are NULL (reports without a project or scan).
CREATE TABLE project (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    root       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE scan (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    commit_sha    TEXT,
    branch        TEXT,
    ci_provider   TEXT,
    ci_run_id     TEXT,
    pull_request  TEXT,
    started_at    TEXT,
    finished_at   TEXT,
    duration_ms   INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    tool_version  TEXT NOT NULL,
    files_scanned INTEGER NOT NULL DEFAULT 0,
    -- JSON arrays of the model's FileError, GateResult, Timing and Package.
    engine_errors TEXT NOT NULL DEFAULT '[]',
    gates         TEXT NOT NULL DEFAULT '[]',
    timings       TEXT NOT NULL DEFAULT '[]',
    inventory     TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX scan_project_branch ON scan(project_id, branch);

ALTER TABLE security_report ADD COLUMN scan_id INTEGER REFERENCES scan(id) ON DELETE SET NULL;
ALTER TABLE security_report ADD COLUMN project_id INTEGER REFERENCES project(id) ON DELETE CASCADE;
CREATE INDEX security_report_project_created_at ON security_report(project_id, created_at);
CREATE INDEX security_report_scan_id ON security_report(scan_id);

-- Stable identity across runs, and the lifecycle.
ALTER TABLE security_issue ADD COLUMN fingerprint TEXT;
ALTER TABLE security_issue ADD COLUMN first_seen_at TEXT;
ALTER TABLE security_issue ADD COLUMN status_reason TEXT;
ALTER TABLE security_issue ADD COLUMN status_expires_at TEXT;
-- What the engines know beyond the spec's columns. Lists are JSON arrays of strings.
ALTER TABLE security_issue ADD COLUMN engine TEXT CHECK (engine IS NULL OR engine IN ('DEPS', 'CODE', 'SECRETS', 'PRACTICES'));
ALTER TABLE security_issue ADD COLUMN rule_id TEXT;
ALTER TABLE security_issue ADD COLUMN confidence TEXT CHECK (confidence IS NULL OR confidence IN ('LOW', 'MEDIUM', 'HIGH'));
ALTER TABLE security_issue ADD COLUMN owasp TEXT;
ALTER TABLE security_issue ADD COLUMN cwe TEXT;
ALTER TABLE security_issue ADD COLUMN aliases TEXT;
ALTER TABLE security_issue ADD COLUMN ecosystem TEXT;
ALTER TABLE security_issue ADD COLUMN dependency_path TEXT;
ALTER TABLE security_issue ADD COLUMN fixed_versions TEXT;
ALTER TABLE security_issue ADD COLUMN cvss_vector TEXT;
ALTER TABLE security_issue ADD COLUMN cvss_score REAL;
ALTER TABLE security_issue ADD COLUMN reference_urls TEXT;
ALTER TABLE security_issue ADD COLUMN dev INTEGER NOT NULL DEFAULT 0 CHECK (dev IN (0, 1));
-- Redacted by the engines, bounded to 500 characters by the store.
ALTER TABLE security_issue ADD COLUMN snippet TEXT;
CREATE INDEX security_issue_fingerprint ON security_issue(fingerprint);
