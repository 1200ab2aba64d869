//! Reading the history back: reports, issues, triage, trends, remediation, retention.
use super::save::project_id;
use super::{canonical_time, in_path, now_utc, parse_time, Store, StoreError};
use crate::model::report::Timing;
use crate::model::{
    Confidence, DependencyChecks, Ecosystem, Engine, FileError, Finding, GateResult, IssueFamily, IssueType, Package,
    RelaxedSetting, Report, ReportSummary, ScannedFile, Severity, Status,
};
use rusqlite::types::{Type, Value};
use rusqlite::{params, params_from_iter, OptionalExtension, Row, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::str::FromStr;

/// A project: one scanned root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub root: String,
    pub created_at: String,
}

/// One line of `report list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    pub id: i64,
    /// `None` for reports stored by schema version 1.
    pub project_id: Option<i64>,
    pub project_name: Option<String>,
    pub project_root: Option<String>,
    pub scan_id: Option<i64>,
    pub branch: Option<String>,
    pub commit_sha: Option<String>,
    pub ci_provider: Option<String>,
    pub ci_run_id: Option<String>,
    pub pull_request: Option<String>,
    pub summary: ReportSummary,
}

/// One stored issue: the finding plus its row and lifecycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredIssue {
    pub id: i64,
    pub report_id: i64,
    pub project_id: Option<i64>,
    pub finding: Finding,
    pub created_at: String,
    pub first_seen_at: Option<String>,
    pub resolved_at: Option<String>,
    pub status_reason: Option<String>,
    pub status_expires_at: Option<String>,
}

/// Which issues [`Store::list_issues`] returns. Empty lists match everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssueFilter {
    /// A project root (canonicalised like the one saved).
    pub project: Option<String>,
    pub severity: Vec<Severity>,
    pub issue_type: Vec<IssueType>,
    pub status: Vec<Status>,
    pub engine: Vec<Engine>,
    pub fingerprint: Option<String>,
    /// `created_at >= since`: RFC 3339 or a date (its midnight UTC).
    pub since: Option<String>,
    /// `created_at <= until`: RFC 3339 or a date (through its last second).
    pub until: Option<String>,
    /// One report. Without it: every report when `all_reports`, else the latest report of each project.
    pub report_id: Option<i64>,
    pub all_reports: bool,
    pub limit: Option<u32>,
    pub offset: u32,
}

/// Issue counts of a report by severity (the counted ones, as stored in its summary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    pub total: u32,
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub info: u32,
}

/// One point of the score history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub report_id: i64,
    pub created_at: String,
    pub score: u32,
    pub counts: SeverityCounts,
    pub branch: Option<String>,
    pub commit_sha: Option<String>,
}

/// One resolved issue and how long it took.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remediation {
    pub issue_id: i64,
    pub fingerprint: Option<String>,
    pub severity: Severity,
    pub title: String,
    pub first_seen_at: String,
    pub resolved_at: String,
    /// `resolved_at − first_seen_at`.
    pub seconds: i64,
}

/// Time to remediation and the open/resolved balance.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RemediationStats {
    /// OPEN or IN_PROGRESS issues in the latest report of each project.
    pub open: u64,
    pub accepted_risk: u64,
    pub false_positive: u64,
    /// Resolved issues (episodes) in the window.
    pub resolved: u64,
    /// Mean time to remediation over `remediated`, in seconds.
    pub mttr_seconds: Option<f64>,
    pub mttr_by_severity: BTreeMap<Severity, f64>,
    /// Every resolved issue, most recently resolved first.
    pub remediated: Vec<Remediation>,
}

/// What [`Store::prune`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PruneStats {
    pub reports: u64,
    pub issues: u64,
    pub scans: u64,
}

impl PruneStats {
    pub fn rows(&self) -> u64 {
        self.reports + self.issues + self.scans
    }
}

// ── Row decoding ─────────────────────────────────────────────────────────────────────────────────

fn bad(col: &str, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, format!("{col}: {msg}").into())
}

fn text_enum<T: FromStr<Err = String>>(row: &Row<'_>, col: &str) -> rusqlite::Result<T> {
    let s: String = row.get(col)?;
    s.parse().map_err(|e| bad(col, e))
}

fn opt_enum<T: FromStr<Err = String>>(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| s.parse().map_err(|e| bad(col, e))).transpose()
}

fn json_col<T: DeserializeOwned>(row: &Row<'_>, col: &str) -> rusqlite::Result<Vec<T>> {
    match row.get::<_, Option<String>>(col)? {
        None => Ok(Vec::new()),
        Some(s) => serde_json::from_str(&s).map_err(|e| bad(col, e.to_string())),
    }
}

/// The engine of a version-1 row, which has none stored.
fn engine_of(t: IssueType) -> Engine {
    match t.family() {
        IssueFamily::Dependency => Engine::Deps,
        IssueFamily::Code => Engine::Code,
        IssueFamily::Secret => Engine::Secrets,
        IssueFamily::Practice => Engine::Practices,
    }
}

const ISSUE_COLUMNS: &str = "i.*, r.project_id AS project_id";

fn issue_from_row(row: &Row<'_>) -> rusqlite::Result<StoredIssue> {
    let issue_type: IssueType = text_enum(row, "issue_type")?;
    let ecosystem: Option<String> = row.get("ecosystem")?;
    let fingerprint: String = row.get::<_, Option<String>>("fingerprint")?.unwrap_or_default();
    let finding = Finding {
        id: crate::postprocess::fingerprint::short_id(&fingerprint),
        engine: opt_enum(row, "engine")?.unwrap_or(engine_of(issue_type)),
        rule_id: row.get::<_, Option<String>>("rule_id")?.unwrap_or_default(),
        issue_type,
        severity: text_enum(row, "severity")?,
        confidence: opt_enum(row, "confidence")?.unwrap_or(Confidence::High),
        status: text_enum(row, "status")?,
        status_reason: row.get("status_reason")?,
        status_set_by: row.get("status_set_by")?,
        status_expires_at: row.get("status_expires_at")?,
        title: row.get("title")?,
        description: row.get("description")?,
        file_path: row.get("file_path")?,
        line_number: row.get("line_number")?,
        column: row.get("column_number")?,
        end_line: row.get("end_line")?,
        end_column: row.get("end_column")?,
        trace: json_col(row, "trace")?,
        vulnerability_id: row.get("vulnerability_id")?,
        package_name: row.get("package_name")?,
        package_version: row.get("package_version")?,
        remediation: row.get("remediation")?,
        aliases: json_col(row, "aliases")?,
        fixed_versions: json_col(row, "fixed_versions")?,
        dependency_path: json_col(row, "dependency_path")?,
        ecosystem: ecosystem.as_deref().and_then(Ecosystem::from_osv),
        fingerprint,
        cvss_vector: row.get("cvss_vector")?,
        cvss_score: row.get("cvss_score")?,
        cwe: json_col(row, "cwe")?,
        owasp: json_col(row, "owasp")?,
        references: json_col(row, "reference_urls")?,
        snippet: row.get("code_snippet")?,
        dev: row.get("dev")?,
        first_seen_at: row.get("first_seen_at")?,
    };
    Ok(StoredIssue {
        id: row.get("id")?,
        report_id: row.get("report_id")?,
        project_id: row.get("project_id")?,
        finding,
        created_at: row.get("created_at")?,
        first_seen_at: row.get("first_seen_at")?,
        resolved_at: row.get("resolved_at")?,
        status_reason: row.get("status_reason")?,
        status_expires_at: row.get("status_expires_at")?,
    })
}

const REPORT_SELECT: &str = "SELECT r.id, r.project_id, p.name AS project_name, p.root AS project_root,
        r.scan_id, s.branch, s.commit_sha, s.ci_provider, s.ci_run_id, s.pull_request,
        r.security_score, r.total_issues, r.critical_issues, r.high_issues, r.medium_issues,
        r.low_issues, r.info_issues, r.created_at
    FROM security_report r
    LEFT JOIN project p ON p.id = r.project_id
    LEFT JOIN scan s ON s.id = r.scan_id";

fn report_from_row(row: &Row<'_>) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        project_name: row.get("project_name")?,
        project_root: row.get("project_root")?,
        scan_id: row.get("scan_id")?,
        branch: row.get("branch")?,
        commit_sha: row.get("commit_sha")?,
        ci_provider: row.get("ci_provider")?,
        ci_run_id: row.get("ci_run_id")?,
        pull_request: row.get("pull_request")?,
        summary: ReportSummary {
            security_score: row.get("security_score")?,
            total_issues: row.get("total_issues")?,
            critical_issues: row.get("critical_issues")?,
            high_issues: row.get("high_issues")?,
            medium_issues: row.get("medium_issues")?,
            low_issues: row.get("low_issues")?,
            info_issues: row.get("info_issues")?,
            created_at: row.get("created_at")?,
        },
    })
}

/// `CASE severity WHEN 'CRITICAL' THEN 4 … END`, from the model.
fn severity_rank_sql(col: &str) -> String {
    let mut s = format!("CASE {col}");
    for v in Severity::ALL {
        s.push_str(&format!(" WHEN '{}' THEN {}", v.as_str(), v.rank()));
    }
    s.push_str(" END");
    s
}

fn in_list<T>(
    clauses: &mut Vec<String>,
    args: &mut Vec<Value>,
    col: &str,
    vals: &[T],
    text: impl Fn(&T) -> &'static str,
) {
    if vals.is_empty() {
        return;
    }
    let marks = vec!["?"; vals.len()].join(", ");
    clauses.push(format!("{col} IN ({marks})"));
    args.extend(vals.iter().map(|v| Value::Text(text(v).to_string())));
}

/// WHERE clause and arguments of an issue filter (without limit/offset).
fn issue_where(store: &Store, f: &IssueFilter) -> Result<Option<(String, Vec<Value>)>, StoreError> {
    let mut clauses = Vec::new();
    let mut args = Vec::new();
    if let Some(root) = &f.project {
        match project_id(&store.conn, root)? {
            Some(id) => {
                clauses.push("r.project_id = ?".to_string());
                args.push(Value::Integer(id));
            }
            None => return Ok(None),
        }
    }
    if let Some(id) = f.report_id {
        clauses.push("i.report_id = ?".into());
        args.push(Value::Integer(id));
    } else if !f.all_reports {
        clauses.push("i.report_id IN (SELECT MAX(id) FROM security_report GROUP BY project_id)".into());
    }
    in_list(&mut clauses, &mut args, "i.severity", &f.severity, |v| v.as_str());
    in_list(&mut clauses, &mut args, "i.issue_type", &f.issue_type, |v| v.as_str());
    in_list(&mut clauses, &mut args, "i.status", &f.status, |v| v.as_str());
    if !f.engine.is_empty() {
        // Version-1 rows have no engine: match them by the engine their issue type implies.
        let marks = vec!["?"; f.engine.len()].join(", ");
        let mut implied = Vec::new();
        for t in IssueType::ALL {
            if f.engine.contains(&engine_of(*t)) {
                implied.push(format!("'{}'", t.as_str()));
            }
        }
        let implied =
            if implied.is_empty() { "0".to_string() } else { format!("i.issue_type IN ({})", implied.join(", ")) };
        clauses.push(format!("(i.engine IN ({marks}) OR (i.engine IS NULL AND {implied}))"));
        args.extend(f.engine.iter().map(|e| Value::Text(e.as_str().into())));
    }
    if let Some(fp) = &f.fingerprint {
        clauses.push("i.fingerprint = ?".into());
        args.push(Value::Text(fp.clone()));
    }
    if let Some(t) = &f.since {
        clauses.push("i.created_at >= ?".into());
        args.push(Value::Text(canonical_time(t, false)?));
    }
    if let Some(t) = &f.until {
        clauses.push("i.created_at <= ?".into());
        args.push(Value::Text(canonical_time(t, true)?));
    }
    let sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    Ok(Some((sql, args)))
}

fn seconds_between(from: &str, to: &str) -> Option<i64> {
    Some((parse_time(to)? - parse_time(from)?).whole_seconds())
}

impl Store {
    /// Every project, by name.
    pub fn projects(&self) -> Result<Vec<Project>, StoreError> {
        in_path(&self.path, || -> Result<Vec<Project>, StoreError> {
            let mut stmt = self.conn.prepare("SELECT id, name, root, created_at FROM project ORDER BY name, id")?;
            let rows = stmt.query_map([], |r| {
                Ok(Project { id: r.get(0)?, name: r.get(1)?, root: r.get(2)?, created_at: r.get(3)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Reports, newest first (by `created_at`, then id), of one project root or of all.
    pub fn list_reports(
        &self,
        project_root: Option<&str>,
        limit: Option<u32>,
        offset: u32,
    ) -> Result<Vec<ReportRow>, StoreError> {
        in_path(&self.path, || -> Result<Vec<ReportRow>, StoreError> {
            let mut args: Vec<Value> = Vec::new();
            let mut sql = REPORT_SELECT.to_string();
            if let Some(root) = project_root {
                let Some(id) = project_id(&self.conn, root)? else {
                    return Ok(Vec::new());
                };
                sql.push_str(" WHERE r.project_id = ?");
                args.push(Value::Integer(id));
            }
            sql.push_str(" ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?");
            args.push(Value::Integer(limit.map_or(-1, i64::from)));
            args.push(Value::Integer(offset.into()));
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), report_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// The row of one report.
    pub fn report_row(&self, id: i64) -> Result<ReportRow, StoreError> {
        self.conn
            .query_row(&format!("{REPORT_SELECT} WHERE r.id = ?1"), [id], report_from_row)
            .optional()
            .map_err(|e| StoreError::from(e).at(&self.path))?
            .ok_or(StoreError::ReportNotFound(id))
    }

    /// Rebuild a stored report (summary, issues in their saved order with their current statuses,
    /// inventory, errors, gates, timings), enough to render it again in any format.
    pub fn get_report(&self, id: i64) -> Result<Report, StoreError> {
        let row = self.report_row(id)?;
        in_path(&self.path, || -> Result<Report, StoreError> {
            let scan = match row.scan_id {
                None => None,
                Some(sid) => self
                    .conn
                    .query_row(
                        "SELECT tool_version, files_scanned, engine_errors, gates, timings, inventory,
                                scanned_files, dependency_checks, incomplete, excluded_files,
                                relaxed_settings
                         FROM scan WHERE id = ?1",
                        [sid],
                        |r| {
                            let checks: Option<String> = r.get("dependency_checks")?;
                            Ok((
                                (
                                    r.get::<_, String>("tool_version")?,
                                    r.get::<_, i64>("files_scanned")?,
                                    json_col::<FileError>(r, "engine_errors")?,
                                    json_col::<GateResult>(r, "gates")?,
                                    json_col::<Timing>(r, "timings")?,
                                    json_col::<Package>(r, "inventory")?,
                                ),
                                (
                                    json_col::<ScannedFile>(r, "scanned_files")?,
                                    checks.and_then(|c| serde_json::from_str::<DependencyChecks>(&c).ok()),
                                    json_col::<String>(r, "incomplete")?,
                                    json_col::<String>(r, "excluded_files")?,
                                    json_col::<RelaxedSetting>(r, "relaxed_settings")?,
                                ),
                            ))
                        },
                    )
                    .optional()?,
            };
            let (
                (tool_version, files_scanned, errors, gates, timings, inventory),
                (scanned, checks, incomplete, excluded, relaxed_settings),
            ) = scan.unwrap_or_default();
            let issues = self.issues_of(id)?;
            Ok(Report {
                summary: row.summary.clone(),
                root: row.project_root.clone().unwrap_or_default(),
                tool_version,
                issues,
                inventory,
                errors,
                gates,
                timings,
                files_scanned: files_scanned.max(0) as u64,
                scanned,
                checks,
                incomplete,
                excluded,
                relaxed_settings,
                report_id: Some(id),
                ..Report::default()
            })
        })
    }

    /// The issues of one report, in their saved order, with their current statuses.
    fn issues_of(&self, id: i64) -> Result<Vec<crate::model::Finding>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ISSUE_COLUMNS} FROM security_issue i
             JOIN security_report r ON r.id = i.report_id
             WHERE i.report_id = ?1 ORDER BY i.id"
        ))?;
        let issues =
            stmt.query_map([id], issue_from_row)?.map(|r| r.map(|s| s.finding)).collect::<Result<Vec<_>, _>>()?;
        Ok(issues)
    }

    /// The issues of one report with only what a comparison shows of them (fingerprint, rule, title,
    /// severity, file, first seen): no descriptions, traces or lists decoded.
    fn issue_outlines_of(&self, id: i64) -> Result<Vec<crate::model::Finding>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT fingerprint, rule_id, title, severity, issue_type, engine, file_path, first_seen_at
             FROM security_issue WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |row| {
            let issue_type: IssueType = text_enum(row, "issue_type")?;
            let engine = opt_enum(row, "engine")?.unwrap_or(engine_of(issue_type));
            let title: String = row.get("title")?;
            let mut f = crate::model::Finding::new(
                engine,
                &row.get::<_, Option<String>>("rule_id")?.unwrap_or_default(),
                issue_type,
                text_enum(row, "severity")?,
                title,
            );
            f.fingerprint = row.get::<_, Option<String>>("fingerprint")?.unwrap_or_default();
            f.file_path = row.get("file_path")?;
            f.first_seen_at = row.get("first_seen_at")?;
            Ok(f)
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The last report saved for a project root (and branch, when given), with the report itself.
    pub fn latest_report(
        &self,
        project_root: &str,
        branch: Option<&str>,
    ) -> Result<Option<(ReportRow, Report)>, StoreError> {
        match self.latest_report_id(project_root, branch)? {
            None => Ok(None),
            Some(id) => Ok(Some((self.report_row(id)?, self.get_report(id)?))),
        }
    }

    /// [`Store::latest_report`] with only the outlines of its issues (what a scan compares itself with):
    /// the stored inventory of a large monorepo and the issues' long texts are not decoded for nothing.
    pub fn latest_report_issues(
        &self,
        project_root: &str,
        branch: Option<&str>,
    ) -> Result<Option<(ReportRow, Vec<crate::model::Finding>)>, StoreError> {
        match self.latest_report_id(project_root, branch)? {
            None => Ok(None),
            Some(id) => {
                let row = self.report_row(id)?;
                let issues = in_path(&self.path, || self.issue_outlines_of(id))?;
                Ok(Some((row, issues)))
            }
        }
    }

    fn latest_report_id(&self, project_root: &str, branch: Option<&str>) -> Result<Option<i64>, StoreError> {
        in_path(&self.path, || -> Result<Option<i64>, StoreError> {
            let Some(pid) = project_id(&self.conn, project_root)? else {
                return Ok(None);
            };
            Ok(self
                .conn
                .query_row(
                    "SELECT r.id FROM security_report r LEFT JOIN scan s ON s.id = r.scan_id
                     WHERE r.project_id = ?1 AND (?2 IS NULL OR s.branch = ?2)
                     ORDER BY r.id DESC LIMIT 1",
                    params![pid, branch],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    /// Issues matching a filter, most severe first, then newest report, path, line.
    pub fn list_issues(&self, filter: &IssueFilter) -> Result<Vec<StoredIssue>, StoreError> {
        in_path(&self.path, || -> Result<Vec<StoredIssue>, StoreError> {
            let Some((clause, mut args)) = issue_where(self, filter)? else {
                return Ok(Vec::new());
            };
            let sql = format!(
                "SELECT {ISSUE_COLUMNS} FROM security_issue i
                 JOIN security_report r ON r.id = i.report_id {clause}
                 ORDER BY {} DESC, i.report_id DESC, i.file_path, i.line_number, i.id
                 LIMIT ? OFFSET ?",
                severity_rank_sql("i.severity")
            );
            args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
            args.push(Value::Integer(filter.offset.into()));
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), issue_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// How many issues match a filter (its limit and offset ignored), for pagination.
    pub fn count_issues(&self, filter: &IssueFilter) -> Result<u64, StoreError> {
        in_path(&self.path, || -> Result<u64, StoreError> {
            let Some((clause, args)) = issue_where(self, filter)? else {
                return Ok(0);
            };
            let sql = format!(
                "SELECT COUNT(*) FROM security_issue i
                 JOIN security_report r ON r.id = i.report_id {clause}"
            );
            let n: i64 = self.conn.query_row(&sql, params_from_iter(args), |r| r.get(0))?;
            Ok(n.max(0) as u64)
        })
    }

    /// Triage: set the status of issues by id. `reason` is stored (or cleared when `None`);
    /// `expires_at` (RFC 3339 or a date) only with ACCEPTED_RISK. RESOLVED sets `resolved_at` to now
    /// (kept when already resolved); any other status clears it. Returns the number of rows updated.
    pub fn set_status(
        &mut self,
        ids: &[i64],
        status: Status,
        reason: Option<String>,
        expires_at: Option<String>,
    ) -> Result<usize, StoreError> {
        self.set_status_by(ids, status, reason, expires_at, None)
    }

    /// [`Store::set_status`], recording who set it.
    pub fn set_status_by(
        &mut self,
        ids: &[i64],
        status: Status,
        reason: Option<String>,
        expires_at: Option<String>,
        set_by: Option<String>,
    ) -> Result<usize, StoreError> {
        let expires_at = match expires_at.filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(_) if status != Status::AcceptedRisk => {
                return Err(StoreError::Invalid(format!(
                    "an expiry only applies to accepted-risk, not to {}",
                    status.as_str().to_ascii_lowercase().replace('_', "-")
                )))
            }
            Some(t) => Some(canonical_time(&t, false)?),
        };
        let reason = reason.filter(|r| !r.trim().is_empty());
        let now = now_utc();
        let path = self.path.clone();
        in_path(&path, || -> Result<usize, StoreError> {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut n = 0;
            {
                let mut stmt = tx.prepare(
                    "UPDATE security_issue SET status = ?2, status_reason = ?3,
                         status_expires_at = ?4, status_set_by = ?6, updated_at = ?5,
                         resolved_at = CASE WHEN ?2 = 'RESOLVED' THEN COALESCE(resolved_at, ?5)
                                            ELSE NULL END
                     WHERE id = ?1",
                )?;
                for id in ids {
                    n += stmt.execute(params![id, status.as_str(), reason, expires_at, now, set_by])?;
                }
            }
            tx.commit()?;
            Ok(n)
        })
    }

    /// The issues (by fingerprint) that a short id or a prefix of one names: for each id given, the
    /// matching fingerprints (none: unknown; several: ambiguous). Ids are hex, at least 4 characters.
    pub fn resolve_ids(&self, ids: &[String]) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        in_path(&self.path, || -> Result<Vec<(String, Vec<String>)>, StoreError> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT fingerprint FROM security_issue WHERE fingerprint >= ?1 AND fingerprint < ?2 LIMIT 10",
            )?;
            let mut out = Vec::new();
            for id in ids {
                let prefix = id.trim().to_ascii_lowercase();
                if prefix.len() < 4 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
                    out.push((id.clone(), Vec::new()));
                    continue;
                }
                // [prefix, prefix + "g"): every hex string that starts with the prefix
                let upper = format!("{prefix}g");
                let rows = stmt.query_map(params![prefix, upper], |r| r.get::<_, String>(0))?;
                out.push((id.clone(), rows.collect::<Result<Vec<_>, _>>()?));
            }
            Ok(out)
        })
    }

    /// Triage by issue: set the status on the latest row of each fingerprint in each project (the row the
    /// next scan carries the status over from, whichever row the id was read from). Returns the rows set.
    pub fn set_status_of(
        &mut self,
        fingerprints: &[String],
        status: Status,
        reason: Option<String>,
        expires_at: Option<String>,
        set_by: Option<String>,
    ) -> Result<usize, StoreError> {
        let ids: Vec<i64> = in_path(&self.path, || -> Result<Vec<i64>, StoreError> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT MAX(i.id) FROM security_issue i JOIN security_report r ON r.id = i.report_id
                 WHERE i.fingerprint = ?1 GROUP BY r.project_id",
            )?;
            let mut ids = Vec::new();
            for fp in fingerprints {
                let rows = stmt.query_map([fp], |r| r.get::<_, i64>(0))?;
                ids.extend(rows.collect::<Result<Vec<_>, _>>()?);
            }
            Ok(ids)
        })?;
        self.set_status_by(&ids, status, reason, expires_at, set_by)
    }

    /// Bulk triage: [`Store::set_status`] on every issue a filter lists (its limit/offset apply).
    pub fn set_status_where(
        &mut self,
        filter: &IssueFilter,
        status: Status,
        reason: Option<String>,
        expires_at: Option<String>,
        set_by: Option<String>,
    ) -> Result<usize, StoreError> {
        let fingerprints: Vec<String> =
            self.list_issues(filter)?.into_iter().map(|i| i.finding.fingerprint).filter(|f| !f.is_empty()).collect();
        self.set_status_of(&fingerprints, status, reason, expires_at, set_by)
    }

    /// Score history, oldest first: of one project root (or all) and branch (or all); with `limit`,
    /// the last `limit` points.
    pub fn score_trend(
        &self,
        project_root: Option<&str>,
        branch: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<TrendPoint>, StoreError> {
        in_path(&self.path, || -> Result<Vec<TrendPoint>, StoreError> {
            let mut sql = format!("SELECT * FROM ({REPORT_SELECT} WHERE (?1 IS NULL OR s.branch = ?1)");
            let mut args = vec![branch.map_or(Value::Null, |b| Value::Text(b.into()))];
            if let Some(root) = project_root {
                let Some(id) = project_id(&self.conn, root)? else {
                    return Ok(Vec::new());
                };
                sql.push_str(" AND r.project_id = ?2");
                args.push(Value::Integer(id));
            }
            sql.push_str(&format!(
                " ORDER BY r.created_at DESC, r.id DESC LIMIT {}) ORDER BY created_at, id",
                limit.map_or(-1, i64::from)
            ));
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), report_from_row)?;
            let mut out = Vec::new();
            for row in rows {
                let r = row?;
                let s = &r.summary;
                out.push(TrendPoint {
                    report_id: r.id,
                    created_at: s.created_at.clone(),
                    score: s.security_score,
                    counts: SeverityCounts {
                        total: s.total_issues,
                        critical: s.critical_issues,
                        high: s.high_issues,
                        medium: s.medium_issues,
                        low: s.low_issues,
                        info: s.info_issues,
                    },
                    branch: r.branch,
                    commit_sha: r.commit_sha,
                });
            }
            Ok(out)
        })
    }

    /// Remediation of one project root (or all): resolved issues with their time to remediation
    /// (those resolved at or after `since`, when given), MTTR overall and per severity, and the
    /// open/accepted/false-positive counts of the latest reports.
    pub fn remediation(&self, project_root: Option<&str>, since: Option<&str>) -> Result<RemediationStats, StoreError> {
        in_path(&self.path, || -> Result<RemediationStats, StoreError> {
            let mut stats = RemediationStats::default();
            let pid = match project_root {
                None => None,
                Some(root) => match project_id(&self.conn, root)? {
                    Some(id) => Some(id),
                    None => return Ok(stats),
                },
            };
            let since = since.map(|s| canonical_time(s, false)).transpose()?;
            let mut stmt = self.conn.prepare(
                "SELECT i.status, COUNT(*) FROM security_issue i
                 JOIN security_report r ON r.id = i.report_id
                 WHERE i.report_id IN (SELECT MAX(id) FROM security_report GROUP BY project_id)
                   AND (?1 IS NULL OR r.project_id = ?1)
                 GROUP BY i.status",
            )?;
            let rows = stmt.query_map([pid], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (status, n) = row?;
                let n = n.max(0) as u64;
                match status.parse::<Status>() {
                    Ok(Status::Open | Status::InProgress) => stats.open += n,
                    Ok(Status::AcceptedRisk) => stats.accepted_risk += n,
                    Ok(Status::FalsePositive) => stats.false_positive += n,
                    _ => {}
                }
            }
            let mut stmt = self.conn.prepare(
                "SELECT i.id, i.fingerprint, i.severity, i.title,
                        COALESCE(i.first_seen_at, i.created_at), i.resolved_at
                 FROM security_issue i JOIN security_report r ON r.id = i.report_id
                 WHERE i.status = 'RESOLVED' AND i.resolved_at IS NOT NULL
                   AND (?1 IS NULL OR r.project_id = ?1) AND (?2 IS NULL OR i.resolved_at >= ?2)
                 ORDER BY i.resolved_at DESC, i.id DESC",
            )?;
            let rows = stmt.query_map(params![pid, since], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    text_enum::<Severity>(r, "severity")?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            let mut per_severity: BTreeMap<Severity, (f64, u32)> = BTreeMap::new();
            let mut total = 0f64;
            for row in rows {
                let (issue_id, fingerprint, severity, title, first_seen_at, resolved_at) = row?;
                let Some(seconds) = seconds_between(&first_seen_at, &resolved_at) else {
                    continue;
                };
                let seconds = seconds.max(0);
                total += seconds as f64;
                let e = per_severity.entry(severity).or_default();
                e.0 += seconds as f64;
                e.1 += 1;
                stats.remediated.push(Remediation {
                    issue_id,
                    fingerprint,
                    severity,
                    title,
                    first_seen_at,
                    resolved_at,
                    seconds,
                });
            }
            stats.resolved = stats.remediated.len() as u64;
            if stats.resolved > 0 {
                stats.mttr_seconds = Some(total / stats.resolved as f64);
            }
            stats.mttr_by_severity = per_severity.into_iter().map(|(s, (sum, n))| (s, sum / f64::from(n))).collect();
            Ok(stats)
        })
    }

    /// Retention: delete the reports created more than `older_than` ago, their issues (cascade) and
    /// their scans. The default retention (12 months) is the caller's.
    pub fn prune(&mut self, older_than: time::Duration, dry_run: bool) -> Result<PruneStats, StoreError> {
        let now = time::OffsetDateTime::now_utc();
        let cutoff = now.checked_sub(older_than).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        self.prune_before(&super::format_time(cutoff), dry_run)
    }

    /// Delete the reports created before `cutoff` (RFC 3339 or a date); with `dry_run`, count them only.
    pub fn prune_before(&mut self, cutoff: &str, dry_run: bool) -> Result<PruneStats, StoreError> {
        let cutoff = canonical_time(cutoff, false)?;
        let path = self.path.clone();
        in_path(&path, || -> Result<PruneStats, StoreError> {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let issues: i64 = tx.query_row(
                "SELECT COUNT(*) FROM security_issue i JOIN security_report r ON r.id = i.report_id
                 WHERE r.created_at < ?1",
                [&cutoff],
                |r| r.get(0),
            )?;
            tx.execute("CREATE TEMP TABLE IF NOT EXISTS prune_scan (id INTEGER PRIMARY KEY)", [])?;
            tx.execute("DELETE FROM temp.prune_scan", [])?;
            tx.execute(
                "INSERT OR IGNORE INTO temp.prune_scan SELECT scan_id FROM security_report
                 WHERE created_at < ?1 AND scan_id IS NOT NULL",
                [&cutoff],
            )?;
            let reports = tx.execute("DELETE FROM security_report WHERE created_at < ?1", [&cutoff])?;
            let scans = tx.execute(
                "DELETE FROM scan WHERE id IN (SELECT id FROM temp.prune_scan)
                 AND id NOT IN (SELECT scan_id FROM security_report WHERE scan_id IS NOT NULL)",
                [],
            )?;
            tx.execute("DELETE FROM temp.prune_scan", [])?;
            if dry_run {
                tx.rollback()?;
            } else {
                tx.commit()?;
            }
            Ok(PruneStats { reports: reports as u64, issues: issues.max(0) as u64, scans: scans as u64 })
        })
    }
}

impl From<TrendPoint> for crate::model::TrendPoint {
    fn from(p: TrendPoint) -> Self {
        crate::model::TrendPoint {
            report_id: p.report_id,
            created_at: p.created_at,
            security_score: p.score,
            critical_issues: p.counts.critical,
            high_issues: p.counts.high,
            medium_issues: p.counts.medium,
            low_issues: p.counts.low,
            info_issues: p.counts.info,
        }
    }
}
