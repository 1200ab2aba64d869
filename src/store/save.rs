//! Saving a report, and the issue lifecycle (see the module docs of `store`).
use super::ci::ScanMeta;
use super::{canonical_root, canonical_time, now_utc, parse_time, Store, StoreError};
use super::{StoreError as E, SNIPPET_MAX_CHARS};
use crate::model::{Finding, Report, Status};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A status a person set on an issue, as it applies to the next scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriorStatus {
    pub status: Status,
    pub reason: Option<String>,
    /// For accepted risk: when it stops applying (RFC 3339 UTC).
    pub expires_at: Option<String>,
    /// Who set it (`--by`, or the user from the environment).
    pub set_by: Option<String>,
}

/// The final lifecycle state of one issue of a saved report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueState {
    pub status: Status,
    pub reason: Option<String>,
    pub expires_at: Option<String>,
    pub set_by: Option<String>,
    pub first_seen_at: String,
}

/// What [`Store::save`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedReport {
    pub report_id: i64,
    pub scan_id: i64,
    pub project_id: i64,
    /// The report compared with: the last one saved for the same project (and branch, when known).
    pub previous_report_id: Option<i64>,
    /// Fingerprints absent from the previous report (all of them when there is none), sorted.
    pub new: Vec<String>,
    /// Fingerprints open or in progress in the previous report and absent now: marked RESOLVED, sorted.
    pub fixed: Vec<String>,
    /// Fingerprints in both reports whose status is now OPEN or IN_PROGRESS, sorted.
    pub still_open: Vec<String>,
    /// The final state of every fingerprint of the new report (carried-over statuses included).
    pub statuses: BTreeMap<String, IssueState>,
}

impl SavedReport {
    /// Set each finding's status to the one stored (so the caller can re-score and re-gate).
    /// Returns how many findings changed.
    pub fn apply_to(&self, findings: &mut [Finding]) -> usize {
        let mut changed = 0;
        for f in findings {
            if let Some(s) = self.statuses.get(&f.fingerprint) {
                if f.status != s.status {
                    f.status = s.status;
                    changed += 1;
                }
            }
        }
        changed
    }
}

/// Give each finding the status a person set on its fingerprint earlier (from
/// [`Store::prior_statuses`]). Returns how many findings changed.
pub(crate) fn apply_prior_statuses(findings: &mut [Finding], prior: &HashMap<String, PriorStatus>) -> usize {
    let mut changed = 0;
    for f in findings {
        if let Some(p) = prior.get(&f.fingerprint) {
            if f.status != p.status {
                f.status = p.status;
                changed += 1;
            }
            f.status_reason = p.reason.clone();
            f.status_expires_at = p.expires_at.clone();
            f.status_set_by = p.set_by.clone();
        }
    }
    changed
}

/// A status only a person sets, which therefore carries over.
fn set_by_person(s: Status) -> bool {
    matches!(s, Status::InProgress | Status::AcceptedRisk | Status::FalsePositive)
}

/// The most recent row of a fingerprint in a project.
#[derive(Clone)]
struct Prior {
    status: Status,
    reason: Option<String>,
    expires_at: Option<String>,
    first_seen_at: Option<String>,
    set_by: Option<String>,
}

fn expired(expires_at: Option<&str>, now: &str) -> bool {
    match (expires_at.and_then(parse_time), parse_time(now)) {
        (Some(e), Some(n)) => e <= n,
        _ => false,
    }
}

/// The person-set status of `prior` that still applies at `now`, if any.
fn carried(prior: &Prior, now: &str) -> Option<PriorStatus> {
    if !set_by_person(prior.status) {
        return None;
    }
    if prior.status == Status::AcceptedRisk && expired(prior.expires_at.as_deref(), now) {
        return None;
    }
    Some(PriorStatus {
        status: prior.status,
        reason: prior.reason.clone(),
        expires_at: prior.expires_at.clone(),
        set_by: prior.set_by.clone(),
    })
}

/// Rules 1 and 2 of the lifecycle.
fn decide(prior: Option<&Prior>, incoming: Status, now: &str) -> IssueState {
    let first_seen_at = match prior {
        Some(p) if p.status != Status::Resolved => p.first_seen_at.clone().unwrap_or_else(|| now.to_string()),
        _ => now.to_string(),
    };
    if let Some(c) = prior.and_then(|p| carried(p, now)) {
        return IssueState {
            status: c.status,
            reason: c.reason,
            expires_at: c.expires_at,
            set_by: c.set_by,
            first_seen_at,
        };
    }
    // Nothing carried over (an expired acceptance included): the scan's own status, which is OPEN
    // unless the scan itself decided otherwise (e.g. an ignore of the configuration).
    let status = if incoming == Status::Resolved { Status::Open } else { incoming };
    IssueState { status, reason: None, expires_at: None, set_by: None, first_seen_at }
}

const PRIOR_SQL: &str = "SELECT i.status, i.status_reason, i.status_expires_at, \
     COALESCE(i.first_seen_at, i.created_at), i.status_set_by \
     FROM security_issue i JOIN security_report r ON r.id = i.report_id \
     WHERE r.project_id = ?1 AND i.fingerprint = ?2 ORDER BY i.id DESC LIMIT 1";

/// Earlier rows of the same package in the same manifest (most recent first, bounded): the candidates
/// a dependency issue continues when its own fingerprint is new (an upgrade that is still vulnerable, or
/// an alias group that changed).
const LINEAGE_SQL: &str = "SELECT i.status, i.status_reason, i.status_expires_at, \
     COALESCE(i.first_seen_at, i.created_at), i.status_set_by, i.fingerprint, i.vulnerability_id, i.aliases \
     FROM security_issue i JOIN security_report r ON r.id = i.report_id \
     WHERE r.project_id = ?1 AND i.engine = 'DEPS' AND i.ecosystem = ?2 AND i.package_name = ?3 \
       AND i.file_path = ?4 AND i.fingerprint IS NOT NULL AND i.fingerprint <> ?5 \
     ORDER BY i.id DESC LIMIT 500";

/// Finds the prior of an issue: the latest row with its fingerprint; for a dependency issue without
/// one, the latest row of the same package, ecosystem and manifest that shares an advisory id or alias,
/// preferring one whose status a person set (see the module docs of `store`).
pub(crate) struct PriorFinder<'c> {
    exact: rusqlite::CachedStatement<'c>,
    lineage: rusqlite::CachedStatement<'c>,
}

/// The priors found earlier in a run: the database's `data_version` then (it changes when another
/// connection commits), the project's id, and by fingerprint what was found (or not).
pub(crate) type KnownPriors = (i64, i64, HashMap<String, Option<Found>>);

/// A prior row, and the fingerprint it had when it is another issue's row that this one continues.
#[derive(Clone)]
pub(crate) struct Found {
    prior: Prior,
    continues: Option<String>,
}

impl<'c> PriorFinder<'c> {
    pub(crate) fn new(conn: &'c rusqlite::Connection) -> Result<PriorFinder<'c>, StoreError> {
        Ok(PriorFinder { exact: conn.prepare_cached(PRIOR_SQL)?, lineage: conn.prepare_cached(LINEAGE_SQL)? })
    }

    pub(crate) fn find(&mut self, project_id: i64, f: &Finding) -> Result<Option<Found>, StoreError> {
        if f.fingerprint.is_empty() {
            return Ok(None);
        }
        let row = self
            .exact
            .query_row(params![project_id, f.fingerprint], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .optional()?;
        if let Some((status, reason, expires_at, first_seen_at, set_by)) = row {
            return Ok(status.parse().ok().map(|status| Found {
                prior: Prior { status, reason, expires_at, first_seen_at, set_by },
                continues: None,
            }));
        }
        let (Some(eco), Some(package), Some(file)) = (f.ecosystem, f.package_name.as_deref(), f.file_path.as_deref())
        else {
            return Ok(None);
        };
        if f.engine != crate::model::Engine::Deps {
            return Ok(None);
        }
        let ids: HashSet<&str> = f.vulnerability_id.iter().chain(f.aliases.iter()).map(String::as_str).collect();
        let rows = self.lineage.query_map(params![project_id, eco.as_str(), package, file, f.fingerprint], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut best: Option<Found> = None;
        for row in rows {
            let (status, reason, expires_at, first_seen_at, set_by, fingerprint, id, aliases) = row?;
            let mut theirs: Vec<String> = aliases.and_then(|a| serde_json::from_str(&a).ok()).unwrap_or_default();
            theirs.extend(id);
            if !theirs.iter().any(|t| ids.contains(t.as_str())) {
                continue;
            }
            let Ok(status) = status.parse::<Status>() else { continue };
            let found = Found {
                prior: Prior { status, reason, expires_at, first_seen_at, set_by },
                continues: Some(fingerprint),
            };
            if set_by_person(status) {
                return Ok(Some(found));
            }
            best.get_or_insert(found);
        }
        Ok(best)
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// A JSON list, or NULL when empty.
fn json_list(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| json(&v))
}

fn bounded_snippet(s: &str) -> String {
    match s.char_indices().nth(SNIPPET_MAX_CHARS) {
        None => s.to_string(),
        Some((cut, _)) => {
            let mut out = s[..cut].to_string();
            out.push('…');
            out
        }
    }
}

fn project_name(root: &str) -> String {
    std::path::Path::new(root)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| root.to_string())
}

pub(crate) fn project_id(conn: &rusqlite::Connection, root: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row("SELECT id FROM project WHERE root = ?1", [canonical_root(root)], |r| r.get(0)).optional()?)
}

impl Store {
    /// Save a report in one transaction: upsert the project (by canonical root), insert the scan, the
    /// report and its issues, and apply the lifecycle (module docs). The report's `created_at` is the
    /// time of the lifecycle (first seen, resolved, expiry); empty means now.
    pub fn save(&mut self, report: &Report, meta: &ScanMeta) -> Result<SavedReport, StoreError> {
        let path = self.path.clone();
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| E::from(e).at(&path))?;
        // what prior_statuses found holds only if no other process wrote since (two jobs on one database)
        let priors = self.priors.borrow_mut().take();
        let saved = save_in(&tx, report, meta, priors).map_err(|e| e.at(&path))?;
        tx.commit().map_err(|e| E::from(e).at(&path))?;
        Ok(saved)
    }

    /// For each finding (by fingerprint), the status a person set on its prior row in the project, when
    /// it still applies now (an expired accepted risk does not). Call before scoring; see the module docs.
    pub fn prior_statuses(
        &self,
        project_root: &str,
        findings: &[Finding],
    ) -> Result<HashMap<String, PriorStatus>, StoreError> {
        self.prior_statuses_at(project_root, findings, &now_utc()).map_err(|e| e.at(&self.path))
    }

    pub(crate) fn prior_statuses_at(
        &self,
        project_root: &str,
        findings: &[Finding],
        now: &str,
    ) -> Result<HashMap<String, PriorStatus>, StoreError> {
        let mut out = HashMap::new();
        let Some(pid) = project_id(&self.conn, project_root)? else {
            return Ok(out);
        };
        let mut finder = PriorFinder::new(&self.conn)?;
        let mut found_by_fingerprint = HashMap::new();
        for f in findings {
            let found = finder.find(pid, f)?;
            if let Some(c) = found.as_ref().and_then(|found| carried(&found.prior, now)) {
                out.insert(f.fingerprint.clone(), c);
            }
            if !f.fingerprint.is_empty() {
                found_by_fingerprint.insert(f.fingerprint.clone(), found);
            }
        }
        let version: i64 = self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        *self.priors.borrow_mut() = Some((version, pid, found_by_fingerprint));
        Ok(out)
    }
}

/// `priors`: what [`Store::prior_statuses`] found earlier in the run, by project id and fingerprint.
fn save_in(
    tx: &Transaction<'_>,
    report: &Report,
    meta: &ScanMeta,
    priors: Option<KnownPriors>,
) -> Result<SavedReport, StoreError> {
    let version: i64 = tx.pragma_query_value(None, "data_version", |r| r.get(0))?;
    let priors = priors.filter(|(seen, _, _)| *seen == version);
    let now = if report.summary.created_at.trim().is_empty() {
        now_utc()
    } else {
        canonical_time(&report.summary.created_at, false)?
    };
    let opt_time = |t: &Option<String>| -> Result<Option<String>, StoreError> {
        t.as_deref().filter(|s| !s.trim().is_empty()).map(|s| canonical_time(s, false)).transpose()
    };
    let root = canonical_root(&report.root);
    let name = meta.project_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| project_name(&root));
    let branch = meta.branch.as_deref().filter(|b| !b.is_empty());

    let project_id: i64 = tx.query_row(
        "INSERT INTO project (name, root, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(root) DO UPDATE SET name = excluded.name RETURNING id",
        params![name, root, now],
        |r| r.get(0),
    )?;

    let previous_report_id: Option<i64> = tx
        .query_row(
            "SELECT r.id FROM security_report r LEFT JOIN scan s ON s.id = r.scan_id
             WHERE r.project_id = ?1 AND (?2 IS NULL OR s.branch = ?2)
             ORDER BY r.id DESC LIMIT 1",
            params![project_id, branch],
            |r| r.get(0),
        )
        .optional()?;

    let duration_ms = meta.duration_ms.or_else(|| report.timings.iter().find(|t| t.stage == "total").map(|t| t.millis));
    let scan_id: i64 = tx.query_row(
        "INSERT INTO scan (project_id, commit_sha, branch, ci_provider, ci_run_id, pull_request,
             started_at, finished_at, duration_ms, tool_version, files_scanned,
             engine_errors, gates, timings, inventory, scanned_files, dependency_checks, incomplete,
             excluded_files, relaxed_settings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
         RETURNING id",
        params![
            project_id,
            meta.commit_sha,
            branch,
            meta.ci_provider.map(|p| p.as_str()),
            meta.ci_run_id,
            meta.pull_request,
            opt_time(&meta.started_at)?,
            opt_time(&meta.finished_at)?,
            duration_ms.map(|d| d.min(i64::MAX as u64) as i64),
            report.tool_version,
            report.files_scanned.min(i64::MAX as u64) as i64,
            json(&report.errors),
            json(&report.gates),
            json(&report.timings),
            json(&report.inventory),
            json(&report.scanned),
            report.checks.as_ref().map(json),
            json(&report.incomplete),
            json(&report.excluded),
            json(&report.relaxed_settings),
        ],
        |r| r.get(0),
    )?;

    let s = &report.summary;
    let report_id: i64 = tx.query_row(
        "INSERT INTO security_report (security_score, total_issues, critical_issues, high_issues,
             medium_issues, low_issues, info_issues, created_at, scan_id, project_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8) RETURNING id",
        params![
            s.security_score.min(100),
            s.total_issues,
            s.critical_issues,
            s.high_issues,
            s.medium_issues,
            s.low_issues,
            s.info_issues,
            now,
            scan_id,
            project_id
        ],
        |r| r.get(0),
    )?;

    // The previous report's rows, by fingerprint.
    let mut previous: HashMap<String, (i64, Status)> = HashMap::new();
    if let Some(prev) = previous_report_id {
        let mut stmt = tx.prepare(
            "SELECT id, fingerprint, status FROM security_issue
             WHERE report_id = ?1 AND fingerprint IS NOT NULL",
        )?;
        let rows =
            stmt.query_map([prev], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, fp, status) = row?;
            if let Ok(status) = status.parse() {
                previous.insert(fp, (id, status));
            }
        }
    }

    let mut finder = PriorFinder::new(tx)?;
    // previous fingerprints that a new issue continues (an upgrade still vulnerable): not resolved
    let mut continued: HashSet<String> = HashSet::new();
    let mut insert = tx.prepare_cached(
        "INSERT INTO security_issue (report_id, issue_type, severity, title, description, file_path,
             line_number, vulnerability_id, package_name, package_version, remediation, status,
             created_at, resolved_at, fingerprint, first_seen_at, status_reason, status_expires_at,
             engine, rule_id, confidence, owasp, cwe, aliases, ecosystem, dependency_path,
             fixed_versions, cvss_vector, cvss_score, reference_urls, dev, code_snippet, updated_at, status_set_by,
             column_number, end_line, end_column, trace)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, NULL, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?13, ?32, ?33, ?34, ?35, ?36)",
    )?;
    let mut statuses = BTreeMap::new();
    let mut seen = HashSet::new();
    for f in &report.issues {
        let fp = Some(f.fingerprint.as_str()).filter(|s| !s.is_empty());
        // asked already in this run (prior_statuses, same project): the same answer, no query
        let known =
            priors.as_ref().filter(|(_, pid, _)| *pid == project_id).and_then(|(_, _, m)| m.get(&f.fingerprint));
        let found = match known {
            Some(found) => found.clone(),
            None => finder.find(project_id, f)?,
        };
        let state = decide(found.as_ref().map(|x| &x.prior), f.status, &now);
        if let Some(fp) = found.and_then(|x| x.continues) {
            continued.insert(fp);
        }
        insert.execute(params![
            report_id,
            f.issue_type.as_str(),
            f.severity.as_str(),
            f.title,
            f.description,
            f.file_path,
            f.line_number,
            f.vulnerability_id,
            f.package_name,
            f.package_version,
            f.remediation,
            state.status.as_str(),
            now,
            fp,
            state.first_seen_at,
            state.reason,
            state.expires_at,
            f.engine.as_str(),
            f.rule_id,
            f.confidence.as_str(),
            json_list(&f.owasp),
            json_list(&f.cwe),
            json_list(&f.aliases),
            f.ecosystem.map(|e| e.as_str()),
            json_list(&f.dependency_path),
            json_list(&f.fixed_versions),
            f.cvss_vector,
            f.cvss_score,
            json_list(&f.references),
            f.dev,
            f.snippet.as_deref().map(bounded_snippet),
            state.set_by,
            f.column,
            f.end_line,
            f.end_column,
            json(&f.trace),
        ])?;
        if let Some(fp) = fp {
            seen.insert(fp.to_string());
            statuses.insert(fp.to_string(), state);
        }
    }

    // Rule 3: open issues of the previous report that are gone are resolved now.
    let mut fixed = Vec::new();
    {
        let mut resolve = tx.prepare_cached(
            "UPDATE security_issue SET status = 'RESOLVED', resolved_at = ?2, updated_at = ?2 WHERE id = ?1",
        )?;
        for (fp, (id, status)) in &previous {
            if matches!(status, Status::Open | Status::InProgress) && !seen.contains(fp) && !continued.contains(fp) {
                resolve.execute(params![id, now])?;
                fixed.push(fp.clone());
            }
        }
    }
    fixed.sort();
    let mut new: Vec<String> = seen.iter().filter(|fp| !previous.contains_key(*fp)).cloned().collect();
    new.sort();
    let mut still_open: Vec<String> = seen
        .iter()
        .filter(|fp| previous.contains_key(*fp))
        .filter(|fp| {
            statuses.get(*fp).is_some_and(|s: &IssueState| matches!(s.status, Status::Open | Status::InProgress))
        })
        .cloned()
        .collect();
    still_open.sort();

    Ok(SavedReport { report_id, scan_id, project_id, previous_report_id, new, fixed, still_open, statuses })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prior(status: Status, expires_at: Option<&str>) -> Prior {
        Prior {
            status,
            reason: Some("why".into()),
            expires_at: expires_at.map(str::to_string),
            first_seen_at: Some("2025-01-01T00:00:00Z".into()),
            set_by: Some("alice".into()),
        }
    }

    #[test]
    fn person_set_statuses_carry_over_with_first_seen() {
        let now = "2025-03-01T00:00:00Z";
        for s in [Status::InProgress, Status::FalsePositive] {
            let d = decide(Some(&prior(s, None)), Status::Open, now);
            assert_eq!(d.status, s);
            assert_eq!(d.reason.as_deref(), Some("why"));
            assert_eq!(d.first_seen_at, "2025-01-01T00:00:00Z");
        }
        let d = decide(Some(&prior(Status::Open, None)), Status::Open, now);
        assert_eq!((d.status, d.reason), (Status::Open, None));
        assert_eq!(d.first_seen_at, "2025-01-01T00:00:00Z");
    }

    #[test]
    fn accepted_risk_until_its_expiry() {
        let p = prior(Status::AcceptedRisk, Some("2025-03-01T00:00:00Z"));
        let before = decide(Some(&p), Status::Open, "2025-02-28T23:59:59Z");
        assert_eq!(before.status, Status::AcceptedRisk);
        assert_eq!(before.expires_at.as_deref(), Some("2025-03-01T00:00:00Z"));
        // At the expiry it no longer holds.
        let at = decide(Some(&p), Status::Open, "2025-03-01T00:00:00Z");
        assert_eq!((at.status, at.reason, at.expires_at), (Status::Open, None, None));
        // Without an expiry it holds forever.
        let forever = decide(Some(&prior(Status::AcceptedRisk, None)), Status::Open, "2100-01-01T00:00:00Z");
        assert_eq!(forever.status, Status::AcceptedRisk);
    }

    #[test]
    fn a_resolved_issue_that_comes_back_starts_a_new_episode() {
        let d = decide(Some(&prior(Status::Resolved, None)), Status::Open, "2025-03-01T00:00:00Z");
        assert_eq!(d.status, Status::Open);
        assert_eq!(d.first_seen_at, "2025-03-01T00:00:00Z");
        // A scan never reports a finding as resolved: it was just seen.
        assert_eq!(decide(None, Status::Resolved, "2025-03-01T00:00:00Z").status, Status::Open);
    }

    #[test]
    fn snippets_are_bounded_on_a_char_boundary() {
        let long = "é".repeat(SNIPPET_MAX_CHARS + 10);
        let b = bounded_snippet(&long);
        assert_eq!(b.chars().count(), SNIPPET_MAX_CHARS + 1);
        assert!(b.ends_with('…'));
        assert_eq!(bounded_snippet("short"), "short");
    }
}
