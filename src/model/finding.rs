//! A finding: what every engine produces and every reporter consumes.
use super::package::Ecosystem;
use super::taxonomy::{Confidence, Engine, IssueType, Severity, Status};
use serde::{Deserialize, Serialize};

/// One issue found by an engine (the spec's SecurityIssue plus what reports need).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The short stable id people use (`issues set-status ID`): the start of the fingerprint.
    #[serde(default)]
    pub id: String,
    pub engine: Engine,
    /// Rule id for code/secrets/practices; the canonical advisory id for dependencies.
    pub rule_id: String,
    pub issue_type: IssueType,
    pub severity: Severity,
    pub confidence: Confidence,
    pub status: Status,
    /// Why a person set the status (triage), who, and until when an accepted risk holds.
    #[serde(default)]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub status_set_by: Option<String>,
    #[serde(default)]
    pub status_expires_at: Option<String>,
    pub title: String,
    pub description: String,
    /// Path relative to the scanned root, `/` separators.
    pub file_path: Option<String>,
    pub line_number: Option<u32>,
    /// 1-based column (in characters) where a code finding starts, and where it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    /// How untrusted data reached the sink (taint findings): source first, the sink last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceStep>,
    pub vulnerability_id: Option<String>,
    pub package_name: Option<String>,
    pub package_version: Option<String>,
    pub remediation: String,
    /// Every other id the same vulnerability is known under (GHSA, CVE, PYSEC…), sorted.
    pub aliases: Vec<String>,
    /// Versions that fix it (the smallest fix above the installed version first).
    pub fixed_versions: Vec<String>,
    /// Names from a direct dependency down to the vulnerable package.
    pub dependency_path: Vec<String>,
    pub ecosystem: Option<Ecosystem>,
    /// Stable across runs (see `postprocess::fingerprint`).
    pub fingerprint: String,
    pub cvss_vector: Option<String>,
    pub cvss_score: Option<f64>,
    pub cwe: Vec<String>,
    pub owasp: Vec<String>,
    pub references: Vec<String>,
    /// Bounded, redacted excerpt of the offending line.
    pub snippet: Option<String>,
    /// The dependency is only used in development.
    pub dev: bool,
    /// When this issue (by fingerprint) was first seen, from the history; `None` without history.
    #[serde(default)]
    pub first_seen_at: Option<String>,
}

/// One step of a taint finding's trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// `source`, `step` or `sink`.
    pub kind: String,
    pub line: u32,
    pub column: u32,
    /// What happens there, in words (`web input: request.args.get("q")`, `assigned to query`).
    pub note: String,
}

impl Finding {
    /// A finding with empty optional fields; callers fill what they know.
    pub fn new(engine: Engine, rule_id: &str, issue_type: IssueType, severity: Severity, title: String) -> Finding {
        Finding {
            id: String::new(),
            engine,
            rule_id: rule_id.to_string(),
            issue_type,
            severity,
            confidence: Confidence::High,
            status: Status::Open,
            status_reason: None,
            status_set_by: None,
            status_expires_at: None,
            title,
            description: String::new(),
            file_path: None,
            line_number: None,
            column: None,
            end_line: None,
            end_column: None,
            trace: Vec::new(),
            vulnerability_id: None,
            package_name: None,
            package_version: None,
            remediation: String::new(),
            aliases: Vec::new(),
            fixed_versions: Vec::new(),
            dependency_path: Vec::new(),
            ecosystem: None,
            fingerprint: String::new(),
            cvss_vector: None,
            cvss_score: None,
            cwe: Vec::new(),
            owasp: Vec::new(),
            references: Vec::new(),
            snippet: None,
            dev: false,
            first_seen_at: None,
        }
    }

    /// Sort key: most severe first, then by location.
    pub fn sort_key(&self) -> (std::cmp::Reverse<Severity>, &str, u32, &str) {
        (
            std::cmp::Reverse(self.severity),
            self.file_path.as_deref().unwrap_or_default(),
            self.line_number.unwrap_or(0),
            &self.fingerprint,
        )
    }
}
