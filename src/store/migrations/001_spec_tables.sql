-- Version 1: the spec's two tables (§5.6), exactly its columns, snake_case.
-- The CHECK lists equal the model's enums (src/model/taxonomy.rs); a unit test keeps them in step.
CREATE TABLE security_report (
    id              INTEGER PRIMARY KEY,
    security_score  INTEGER NOT NULL CHECK (security_score BETWEEN 0 AND 100),
    total_issues    INTEGER NOT NULL DEFAULT 0 CHECK (total_issues >= 0),
    critical_issues INTEGER NOT NULL DEFAULT 0 CHECK (critical_issues >= 0),
    high_issues     INTEGER NOT NULL DEFAULT 0 CHECK (high_issues >= 0),
    medium_issues   INTEGER NOT NULL DEFAULT 0 CHECK (medium_issues >= 0),
    low_issues      INTEGER NOT NULL DEFAULT 0 CHECK (low_issues >= 0),
    info_issues     INTEGER NOT NULL DEFAULT 0 CHECK (info_issues >= 0),
    created_at      TEXT NOT NULL
);

CREATE TABLE security_issue (
    id               INTEGER PRIMARY KEY,
    report_id        INTEGER NOT NULL REFERENCES security_report(id) ON DELETE CASCADE,
    issue_type       TEXT NOT NULL CHECK (issue_type IN ('DEPENDENCY_VULNERABILITY', 'CODE_VULNERABILITY', 'HARDCODED_SECRET', 'INSECURE_CONFIGURATION', 'BEST_PRACTICE')),
    severity         TEXT NOT NULL CHECK (severity IN ('INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    file_path        TEXT,
    line_number      INTEGER CHECK (line_number IS NULL OR line_number >= 0),
    vulnerability_id TEXT,
    package_name     TEXT,
    package_version  TEXT,
    remediation      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'ACCEPTED_RISK', 'FALSE_POSITIVE')),
    created_at       TEXT NOT NULL,
    resolved_at      TEXT
);

CREATE INDEX security_issue_report_id  ON security_issue(report_id);
CREATE INDEX security_issue_status     ON security_issue(status);
CREATE INDEX security_issue_severity   ON security_issue(severity);
CREATE INDEX security_issue_issue_type ON security_issue(issue_type);
CREATE INDEX security_issue_created_at ON security_issue(created_at);
CREATE INDEX security_report_created_at ON security_report(created_at);
