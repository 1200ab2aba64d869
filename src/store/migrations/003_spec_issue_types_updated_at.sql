-- Version 3: the spec's SecurityIssueType values, its `updated_at` and `code_snippet` columns, the index on
-- `vulnerability_id`, and who set a status. SQLite cannot alter a CHECK constraint, so `security_issue` is
-- rebuilt; every row is kept. Stored types map to the spec's: dependency rows by ecosystem (PyPI →
-- PYTHON_DEPENDENCY, npm → NODE_DEPENDENCY; rows of version 1, which have no ecosystem, by advisory id:
-- PYSEC-* is Python, anything else Node.js), code rows by their OWASP category (A01 … A10; none →
-- OWASP_INSECURE_DESIGN), secrets → BEST_PRACTICE_SECRETS, insecure configuration →
-- OWASP_SECURITY_MISCONFIGURATION, best practice → BEST_PRACTICE_CONFIGURATION. `snippet` becomes
-- `code_snippet`. Nothing references `security_issue`, so dropping and renaming it keeps every foreign key.
CREATE TABLE security_issue_v3 (
    id                INTEGER PRIMARY KEY,
    report_id         INTEGER NOT NULL REFERENCES security_report(id) ON DELETE CASCADE,
    issue_type        TEXT NOT NULL CHECK (issue_type IN ('PYTHON_DEPENDENCY', 'NODE_DEPENDENCY', 'OWASP_BROKEN_ACCESS_CONTROL', 'OWASP_CRYPTOGRAPHIC_FAILURES', 'OWASP_INJECTION', 'OWASP_INSECURE_DESIGN', 'OWASP_SECURITY_MISCONFIGURATION', 'OWASP_VULNERABLE_COMPONENTS', 'OWASP_AUTHENTICATION_FAILURES', 'OWASP_DATA_INTEGRITY_FAILURES', 'OWASP_LOGGING_FAILURES', 'OWASP_SSRF', 'BEST_PRACTICE_SECRETS', 'BEST_PRACTICE_INPUT_VALIDATION', 'BEST_PRACTICE_ERROR_HANDLING', 'BEST_PRACTICE_AUTHENTICATION', 'BEST_PRACTICE_DATA_PROTECTION', 'BEST_PRACTICE_API_SECURITY', 'BEST_PRACTICE_CONFIGURATION')),
    severity          TEXT NOT NULL CHECK (severity IN ('INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    file_path         TEXT,
    line_number       INTEGER CHECK (line_number IS NULL OR line_number >= 0),
    vulnerability_id  TEXT,
    package_name      TEXT,
    package_version   TEXT,
    remediation       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'ACCEPTED_RISK', 'FALSE_POSITIVE')),
    code_snippet      TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    resolved_at       TEXT,
    fingerprint       TEXT,
    first_seen_at     TEXT,
    status_reason     TEXT,
    status_expires_at TEXT,
    status_set_by     TEXT,
    engine            TEXT CHECK (engine IS NULL OR engine IN ('DEPS', 'CODE', 'SECRETS', 'PRACTICES')),
    rule_id           TEXT,
    confidence        TEXT CHECK (confidence IS NULL OR confidence IN ('LOW', 'MEDIUM', 'HIGH')),
    owasp             TEXT,
    cwe               TEXT,
    aliases           TEXT,
    ecosystem         TEXT,
    dependency_path   TEXT,
    fixed_versions    TEXT,
    cvss_vector       TEXT,
    cvss_score        REAL,
    reference_urls    TEXT,
    dev               INTEGER NOT NULL DEFAULT 0 CHECK (dev IN (0, 1))
);

INSERT INTO security_issue_v3 (
    id, report_id, issue_type, severity, title, description, file_path, line_number, vulnerability_id,
    package_name, package_version, remediation, status, code_snippet, created_at, updated_at, resolved_at,
    fingerprint, first_seen_at, status_reason, status_expires_at, status_set_by, engine, rule_id, confidence,
    owasp, cwe, aliases, ecosystem, dependency_path, fixed_versions, cvss_vector, cvss_score, reference_urls, dev)
SELECT
    id, report_id,
    CASE issue_type
        WHEN 'DEPENDENCY_VULNERABILITY' THEN
            CASE
                WHEN ecosystem = 'PyPI' THEN 'PYTHON_DEPENDENCY'
                WHEN ecosystem = 'npm' THEN 'NODE_DEPENDENCY'
                WHEN vulnerability_id LIKE 'PYSEC-%' THEN 'PYTHON_DEPENDENCY'
                ELSE 'NODE_DEPENDENCY'
            END
        WHEN 'CODE_VULNERABILITY' THEN
            CASE substr(COALESCE(json_extract(owasp, '$[0]'), ''), 1, 3)
                WHEN 'A01' THEN 'OWASP_BROKEN_ACCESS_CONTROL'
                WHEN 'A02' THEN 'OWASP_CRYPTOGRAPHIC_FAILURES'
                WHEN 'A03' THEN 'OWASP_INJECTION'
                WHEN 'A04' THEN 'OWASP_INSECURE_DESIGN'
                WHEN 'A05' THEN 'OWASP_SECURITY_MISCONFIGURATION'
                WHEN 'A06' THEN 'OWASP_VULNERABLE_COMPONENTS'
                WHEN 'A07' THEN 'OWASP_AUTHENTICATION_FAILURES'
                WHEN 'A08' THEN 'OWASP_DATA_INTEGRITY_FAILURES'
                WHEN 'A09' THEN 'OWASP_LOGGING_FAILURES'
                WHEN 'A10' THEN 'OWASP_SSRF'
                ELSE 'OWASP_INSECURE_DESIGN'
            END
        WHEN 'HARDCODED_SECRET' THEN 'BEST_PRACTICE_SECRETS'
        WHEN 'INSECURE_CONFIGURATION' THEN 'OWASP_SECURITY_MISCONFIGURATION'
        WHEN 'BEST_PRACTICE' THEN 'BEST_PRACTICE_CONFIGURATION'
        ELSE issue_type
    END,
    severity, title, description, file_path, line_number, vulnerability_id, package_name, package_version,
    remediation, status, snippet, created_at, COALESCE(resolved_at, created_at), resolved_at,
    fingerprint, first_seen_at, status_reason, status_expires_at, NULL, engine, rule_id, confidence,
    owasp, cwe, aliases, ecosystem, dependency_path, fixed_versions, cvss_vector, cvss_score, reference_urls, dev
FROM security_issue;

DROP TABLE security_issue;
ALTER TABLE security_issue_v3 RENAME TO security_issue;

CREATE INDEX security_issue_report_id        ON security_issue(report_id);
CREATE INDEX security_issue_status           ON security_issue(status);
CREATE INDEX security_issue_severity         ON security_issue(severity);
CREATE INDEX security_issue_issue_type       ON security_issue(issue_type);
CREATE INDEX security_issue_created_at       ON security_issue(created_at);
CREATE INDEX security_issue_vulnerability_id ON security_issue(vulnerability_id);
CREATE INDEX security_issue_fingerprint      ON security_issue(fingerprint);
CREATE INDEX security_issue_package          ON security_issue(package_name, file_path);

ALTER TABLE security_report ADD COLUMN updated_at TEXT;
UPDATE security_report SET updated_at = created_at;

-- `updated_at` follows every change of a row, whichever statement makes it (triage included). A statement
-- that sets `updated_at` itself is left alone; recursive triggers are off, so the touch does not re-fire.
CREATE TRIGGER security_issue_touch AFTER UPDATE ON security_issue
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE security_issue SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER security_report_touch AFTER UPDATE ON security_report
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE security_report SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = NEW.id;
END;

-- What each scan read and could check: the files the engines read (JSON array of the model's ScannedFile),
-- the dependency engine's check counts (JSON object, NULL when it did not run), and why a scan was
-- incomplete (JSON array of strings).
ALTER TABLE scan ADD COLUMN scanned_files TEXT NOT NULL DEFAULT '[]';
ALTER TABLE scan ADD COLUMN dependency_checks TEXT;
ALTER TABLE scan ADD COLUMN incomplete TEXT NOT NULL DEFAULT '[]';
-- Files an engine would have read that .secscanignore or --exclude kept out (JSON array of paths).
ALTER TABLE scan ADD COLUMN excluded_files TEXT NOT NULL DEFAULT '[]';
-- Settings of the scanned repository's own .secscan.toml that weakened the scan (JSON array).
ALTER TABLE scan ADD COLUMN relaxed_settings TEXT NOT NULL DEFAULT '[]';
