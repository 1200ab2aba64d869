//! The result of one scan.
use super::finding::Finding;
use super::package::Package;
use super::taxonomy::{Engine, Severity};
use serde::{Deserialize, Serialize};

/// Counts and score: the spec's SecurityReport fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub security_score: u32,
    pub total_issues: u32,
    pub critical_issues: u32,
    pub high_issues: u32,
    pub medium_issues: u32,
    pub low_issues: u32,
    pub info_issues: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A per-file (or per-source) problem that did not stop the scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    /// What the error is about: a path relative to the root, or a source such as `advisories`.
    pub file_path: String,
    pub line_number: Option<u32>,
    pub engine: String,
    pub message: String,
}

impl FileError {
    pub fn new(engine: &str, file_path: impl Into<String>, message: impl Into<String>) -> FileError {
        FileError {
            file_path: file_path.into(),
            line_number: None,
            engine: engine.to_string(),
            message: message.into(),
        }
    }
}

/// The outcome of one gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateResult {
    /// `critical`, `high`, `medium`, `low` or `score`.
    pub gate: String,
    pub passed: bool,
    /// Why, in words: "2 critical issues (limit 0)".
    pub message: String,
}

/// Wall time of one stage or engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub stage: String,
    pub millis: u64,
}

/// A finding that an inline comment suppressed: kept out of the score and gates, listed in reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppressed {
    pub issue: Finding,
    /// The rule ids the comment names (empty: every rule on the line).
    pub ids: Vec<String>,
    pub reason: String,
}

/// An issue of the previous report that this scan no longer finds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixedIssue {
    pub fingerprint: String,
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    pub file_path: Option<String>,
    pub first_seen_at: Option<String>,
    pub resolved_at: Option<String>,
}

/// What changed since a previous report (a `--baseline` file or the history's latest report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// What was compared with, in words ("baseline old.json", "report 12 of 2026-11-27T10:00:00Z").
    pub against: String,
    /// Fingerprints of issues not in the previous report.
    pub new: Vec<String>,
    /// Fingerprints of issues in both.
    pub still_open: Vec<String>,
    pub fixed: Vec<FixedIssue>,
    /// Whether the gates looked at new issues only (`--baseline`, `--new-only`).
    pub gates_on_new_only: bool,
}

/// One earlier report of the same project, for trends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub report_id: i64,
    pub created_at: String,
    pub security_score: u32,
    pub critical_issues: u32,
    pub high_issues: u32,
    pub medium_issues: u32,
    pub low_issues: u32,
    pub info_issues: u32,
}

/// Remediation progress over the project's history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemediationStats {
    pub open_issues: u32,
    pub resolved_issues: u32,
    /// Mean time to remediation (first seen → resolved) over resolved issues, in hours.
    pub mttr_hours: Option<f64>,
}

/// A file an engine read, and what it made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannedFile {
    /// Path relative to the scanned root.
    pub file_path: String,
    pub engine: Engine,
    /// What the file was read as (`package-lock.json`, `requirements.txt`, `python`).
    pub kind: String,
    /// The package manager of a manifest or lockfile (`npm`, `pip`, `poetry`…), as GitLab names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_manager: Option<String>,
    /// Packages it declares or locks.
    #[serde(default)]
    pub packages: u32,
    /// Whether it was read completely (false: see `errors`).
    pub complete: bool,
}

/// A setting of the scanned repository's own configuration file that weakens the scan: printed and
/// recorded, since a pull request can change that file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelaxedSetting {
    /// The key in `.secscan.toml` (`gates.block_on_critical`).
    pub key: String,
    pub value: String,
    /// What it does ("lets critical issues pass the gate").
    pub message: String,
}

/// What the dependency engine could check against advisories, and what it could not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyChecks {
    /// Packages with an exact registry version, looked up in the advisories.
    pub checked: u64,
    /// Packages declared by a range only: the installed version is unknown, so they were not checked.
    pub unpinned: u64,
    /// Packages from a URL, a VCS or a local path: not registry packages, not checked.
    pub non_registry: u64,
    /// Whether advisory data was available for the check at all.
    pub advisories_available: bool,
}

/// Everything a scan produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub summary: ReportSummary,
    pub root: String,
    pub tool_version: String,
    pub issues: Vec<Finding>,
    /// Findings suppressed by inline comments.
    pub suppressed: Vec<Suppressed>,
    pub inventory: Vec<Package>,
    pub errors: Vec<FileError>,
    pub gates: Vec<GateResult>,
    pub comparison: Option<Comparison>,
    /// Score history of the project, oldest first, this report last (empty without history).
    pub trend: Vec<TrendPoint>,
    pub remediation: Option<RemediationStats>,
    /// The id of this report in the history database, once stored.
    pub report_id: Option<i64>,
    pub timings: Vec<Timing>,
    pub files_scanned: u64,
    /// The files the engines read (manifests, lockfiles, sources).
    #[serde(default)]
    pub scanned: Vec<ScannedFile>,
    /// What the dependency engine could check (none when it did not run).
    #[serde(default)]
    pub checks: Option<DependencyChecks>,
    /// Why the scan could not do what it should have (no advisory data for packages to check): such a
    /// run is never a pass (exit 2) unless the user accepted it explicitly.
    #[serde(default)]
    pub incomplete: Vec<String>,
    /// Settings of the repository's own `.secscan.toml` that weaken the scan.
    #[serde(default)]
    pub relaxed_settings: Vec<RelaxedSetting>,
    /// Files an engine would read that `.secscanignore` or `--exclude` kept out of the scan (among the
    /// files git tracks).
    #[serde(default)]
    pub excluded: Vec<String>,
    /// What each source of data did (advisory database, record folders, the OSV API), for `-v`.
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> u32 {
        self.issues.iter().filter(|f| f.status.counts() && f.severity == severity).count() as u32
    }

    /// True when at least one gate failed.
    pub fn gate_failed(&self) -> bool {
        self.gates.iter().any(|g| !g.passed)
    }

    /// The project's name: the scanned folder's name (artifacts name the project, never a machine path).
    pub fn project_name(&self) -> String {
        std::path::Path::new(&self.root)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "repository".to_string())
    }

    /// Whether the scan passed: every gate passed and nothing it should have checked went unchecked.
    pub fn passed(&self) -> bool {
        !self.gate_failed() && self.incomplete.is_empty()
    }
}
