//! Store tests over in-memory and temporary-file databases.
use super::ci::CiProvider;
use super::query::{PruneStats, StoredIssue};
use super::*;
use crate::model::report::Timing;
use crate::model::{
    Confidence, Ecosystem, Engine, FileError, Finding, GateResult, IssueType, Package, Report, ReportSummary, Severity,
    Status,
};
use std::collections::HashSet;

const ROOT: &str = "/nonexistent/projects/demo";

fn finding(fp: &str, severity: Severity) -> Finding {
    let mut f =
        Finding::new(Engine::Code, "py-sql-injection", IssueType::OwaspInjection, severity, format!("issue {fp}"));
    f.fingerprint = fp.to_string();
    f.id = crate::postprocess::fingerprint::short_id(fp);
    f.file_path = Some(format!("src/{fp}.py"));
    f.line_number = Some(3);
    f
}

fn dep(fp: &str, severity: Severity) -> Finding {
    let mut f = finding(fp, severity);
    f.engine = Engine::Deps;
    f.issue_type = IssueType::PythonDependency;
    f.rule_id = format!("GHSA-{fp}");
    f
}

fn secret(fp: &str) -> Finding {
    let mut f = finding(fp, Severity::High);
    f.engine = Engine::Secrets;
    f.issue_type = IssueType::BestPracticeSecrets;
    f
}

fn report(root: &str, at: &str, issues: Vec<Finding>) -> Report {
    let count = |s: Severity| issues.iter().filter(|f| f.status.counts() && f.severity == s).count() as u32;
    let summary = ReportSummary {
        security_score: crate::postprocess::score::score(&issues),
        total_issues: issues.iter().filter(|f| f.status.counts()).count() as u32,
        critical_issues: count(Severity::Critical),
        high_issues: count(Severity::High),
        medium_issues: count(Severity::Medium),
        low_issues: count(Severity::Low),
        info_issues: count(Severity::Info),
        created_at: at.to_string(),
    };
    Report {
        summary,
        root: root.to_string(),
        tool_version: "0.1.0-test".into(),
        issues,
        inventory: Vec::new(),
        errors: Vec::new(),
        gates: Vec::new(),
        timings: Vec::new(),
        files_scanned: 3,
        ..Report::default()
    }
}

fn on_branch(b: &str) -> ScanMeta {
    ScanMeta { branch: Some(b.to_string()), ..ScanMeta::default() }
}

fn issue_id(store: &Store, report_id: i64, fp: &str) -> i64 {
    let found = store
        .list_issues(&IssueFilter {
            report_id: Some(report_id),
            fingerprint: Some(fp.into()),
            ..IssueFilter::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1, "{fp} in report {report_id}");
    found[0].id
}

fn issue(store: &Store, report_id: i64, fp: &str) -> StoredIssue {
    let id = issue_id(store, report_id, fp);
    store
        .list_issues(&IssueFilter { all_reports: true, ..IssueFilter::default() })
        .unwrap()
        .into_iter()
        .find(|i| i.id == id)
        .unwrap()
}

fn fps(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ── Opening and migrations ───────────────────────────────────────────────────────────────────────

#[test]
fn open_creates_folder_and_file_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".secscan/nested/history.db");
    let store = Store::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    drop(store);
    // Opening again is a no-op migration.
    assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_version_1_database_is_migrated_with_its_rows_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let old = Store::init(conn, path.display().to_string(), 1).unwrap();
        assert_eq!(old.schema_version().unwrap(), 1);
        old.conn
            .execute_batch(
                "INSERT INTO security_report (security_score, total_issues, high_issues, created_at)
                 VALUES (90, 1, 1, '2024-05-01T10:00:00Z');
                 INSERT INTO security_issue (report_id, issue_type, severity, title, description,
                     file_path, line_number, package_name, package_version, vulnerability_id,
                     remediation, status, created_at)
                 VALUES (1, 'DEPENDENCY_VULNERABILITY', 'HIGH', 'old issue', 'kept', 'requirements.txt',
                     4, 'django', '3.2.0', 'CVE-2024-1', 'upgrade', 'OPEN', '2024-05-01T10:00:00Z');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let rows = store.list_reports(None, None, 0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].project_id, None);
    // the stored type maps to the spec's (a dependency row of version 1, by its advisory id)
    let (typ, updated): (String, String) = store
        .conn
        .query_row("SELECT issue_type, updated_at FROM security_issue", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((typ.as_str(), updated.as_str()), ("NODE_DEPENDENCY", "2024-05-01T10:00:00Z"));
    assert_eq!(rows[0].summary.security_score, 90);
    let r = store.get_report(rows[0].id).unwrap();
    assert_eq!(r.issues.len(), 1);
    let f = &r.issues[0];
    assert_eq!(f.title, "old issue");
    assert_eq!(f.engine, Engine::Deps, "engine implied by the issue type");
    assert_eq!(f.package_name.as_deref(), Some("django"));
    assert_eq!(f.vulnerability_id.as_deref(), Some("CVE-2024-1"));
    // Listed by default (latest report of the "no project" group) and by engine.
    let listed = store.list_issues(&IssueFilter { engine: vec![Engine::Deps], ..IssueFilter::default() }).unwrap();
    assert_eq!(listed.len(), 1);
    // New reports can be saved beside the old one.
    let mut store = store;
    store.save(&report(ROOT, "2024-06-01T00:00:00Z", vec![finding("A", Severity::Low)]), &ScanMeta::default()).unwrap();
    assert_eq!(store.list_reports(None, None, 0).unwrap().len(), 2);
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    match Store::open(&path) {
        Err(StoreError::TooNew { found, known, .. }) => {
            assert_eq!((found, known), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
}

/// The values inside `CHECK (... col IN ('A', 'B'))` of the live schema of `security_issue`.
fn check_list(col: &str) -> Vec<String> {
    let store = Store::open_in_memory().unwrap();
    let sql: String = store
        .conn
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'security_issue'", [], |r| r.get(0))
        .unwrap();
    let pat = format!("{col} IN (");
    let lists: Vec<Vec<String>> = sql
        .lines()
        .filter(|l| l.contains("CHECK"))
        .filter_map(|l| {
            let rest = &l[l.find(&pat)? + pat.len()..];
            let inner = &rest[..rest.find(')')?];
            Some(inner.split(',').map(|v| v.trim().trim_matches('\'').to_string()).collect())
        })
        .collect();
    assert_eq!(lists.len(), 1, "exactly one CHECK list for {col}");
    lists.into_iter().next().unwrap()
}

#[test]
fn check_lists_equal_the_model_enums() {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let sev: Vec<&str> = Severity::ALL.iter().map(|v| v.as_str()).collect();
    let typ: Vec<&str> = IssueType::ALL.iter().map(|v| v.as_str()).collect();
    let sta: Vec<&str> = Status::ALL.iter().map(|v| v.as_str()).collect();
    let eng: Vec<&str> = Engine::ALL.iter().map(|v| v.as_str()).collect();
    let con: Vec<&str> = Confidence::ALL.iter().map(|v| v.as_str()).collect();
    assert_eq!(check_list("severity"), names(&sev));
    assert_eq!(check_list("issue_type"), names(&typ));
    assert_eq!(check_list("status"), names(&sta));
    assert_eq!(check_list("engine"), names(&eng));
    assert_eq!(check_list("confidence"), names(&con));
}

#[test]
fn version_2_rows_map_to_the_spec_issue_types_and_keep_their_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let old = Store::init(conn, path.display().to_string(), 2).unwrap();
        old.conn
            .execute_batch(
                "INSERT INTO security_report (security_score, created_at) VALUES (50, '2025-01-01T00:00:00Z');
                 INSERT INTO security_issue (report_id, issue_type, severity, title, created_at, ecosystem, owasp, snippet)
                 VALUES (1, 'DEPENDENCY_VULNERABILITY', 'HIGH', 'a', '2025-01-01T00:00:00Z', 'PyPI', NULL, NULL),
                        (1, 'DEPENDENCY_VULNERABILITY', 'HIGH', 'b', '2025-01-01T00:00:00Z', 'npm', NULL, NULL),
                        (1, 'CODE_VULNERABILITY', 'HIGH', 'c', '2025-01-01T00:00:00Z', NULL, '[\"A10:2021\"]', 'get(url)'),
                        (1, 'CODE_VULNERABILITY', 'LOW', 'd', '2025-01-01T00:00:00Z', NULL, NULL, NULL),
                        (1, 'HARDCODED_SECRET', 'HIGH', 'e', '2025-01-01T00:00:00Z', NULL, NULL, NULL),
                        (1, 'INSECURE_CONFIGURATION', 'LOW', 'f', '2025-01-01T00:00:00Z', NULL, NULL, NULL),
                        (1, 'BEST_PRACTICE', 'INFO', 'g', '2025-01-01T00:00:00Z', NULL, NULL, NULL);",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let mut stmt =
        store.conn.prepare("SELECT title, issue_type, code_snippet FROM security_issue ORDER BY id").unwrap();
    let rows: Vec<(String, String, Option<String>)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let types: Vec<(&str, &str)> = rows.iter().map(|(t, ty, _)| (t.as_str(), ty.as_str())).collect();
    assert_eq!(
        types,
        vec![
            ("a", "PYTHON_DEPENDENCY"),
            ("b", "NODE_DEPENDENCY"),
            ("c", "OWASP_SSRF"),
            ("d", "OWASP_INSECURE_DESIGN"),
            ("e", "BEST_PRACTICE_SECRETS"),
            ("f", "OWASP_SECURITY_MISCONFIGURATION"),
            ("g", "BEST_PRACTICE_CONFIGURATION"),
        ]
    );
    assert_eq!(rows[2].2.as_deref(), Some("get(url)"));
    let indexed: i64 = store
        .conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'security_issue'
             AND sql LIKE '%(vulnerability_id)%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 1);
}

#[test]
fn updated_at_follows_every_change_including_triage() {
    let mut store = Store::open_in_memory().unwrap();
    let saved = store
        .save(&report(ROOT, "2025-01-01T00:00:00Z", vec![finding("A", Severity::Low)]), &ScanMeta::default())
        .unwrap();
    let updated = |store: &Store| -> String {
        store.conn.query_row("SELECT updated_at FROM security_issue", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(updated(&store), "2025-01-01T00:00:00Z");
    let id: i64 = store.conn.query_row("SELECT id FROM security_issue", [], |r| r.get(0)).unwrap();
    store.set_status(&[id], Status::FalsePositive, Some("test data".into()), None).unwrap();
    assert!(updated(&store).as_str() > "2025-01-01T00:00:00Z", "triage must touch updated_at");
    let report_updated: String = store
        .conn
        .query_row("SELECT updated_at FROM security_report WHERE id = ?1", [saved.report_id], |r| r.get(0))
        .unwrap();
    assert_eq!(report_updated, "2025-01-01T00:00:00Z");
}

#[test]
fn the_database_rejects_values_outside_the_enums() {
    let mut store = Store::open_in_memory().unwrap();
    let saved = store
        .save(&report(ROOT, "2025-01-01T00:00:00Z", vec![finding("A", Severity::Low)]), &ScanMeta::default())
        .unwrap();
    for (col, val) in [("severity", "SEVERE"), ("status", "DONE"), ("issue_type", "OTHER"), ("engine", "X")] {
        let r = store.conn.execute(
            &format!("UPDATE security_issue SET {col} = ?1 WHERE report_id = ?2"),
            rusqlite::params![val, saved.report_id],
        );
        assert!(r.is_err(), "{col} = {val} accepted");
    }
}

// ── Saving and reading back ──────────────────────────────────────────────────────────────────────

#[test]
fn a_saved_report_reads_back_equal() {
    let mut store = Store::open_in_memory().unwrap();
    let mut f = dep("GHSA-1", Severity::Critical);
    f.confidence = Confidence::Medium;
    f.description = "desc".into();
    f.vulnerability_id = Some("GHSA-xxxx".into());
    f.package_name = Some("lodash".into());
    f.package_version = Some("4.17.20".into());
    f.remediation = "upgrade to 4.17.21".into();
    f.aliases = fps(&["CVE-2021-23337"]);
    f.fixed_versions = fps(&["4.17.21"]);
    f.dependency_path = fps(&["app", "lodash"]);
    f.ecosystem = Some(Ecosystem::Npm);
    f.cvss_vector = Some("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H".into());
    f.cvss_score = Some(7.2);
    f.cwe = fps(&["CWE-94"]);
    f.owasp = fps(&["A03:2021"]);
    f.references = fps(&["https://example.test/advisory"]);
    f.snippet = Some("const x = require('lodash')".into());
    f.dev = true;
    let mut long = secret("S");
    long.snippet = Some(format!("AKIA{}", "*".repeat(2000)));
    let mut r = report(ROOT, "2025-02-03T04:05:06+01:00", vec![f.clone(), long]);
    let mut pkg = Package::new(Ecosystem::Npm, "lodash", Some("4.17.20".into()), "package-lock.json").at_line(Some(10));
    pkg.dev = true;
    r.inventory = vec![pkg];
    r.errors = vec![FileError::new("deps", "yarn.lock", "unreadable")];
    r.gates = vec![GateResult { gate: "critical".into(), passed: false, message: "1 critical issue (limit 0)".into() }];
    r.timings = vec![Timing { stage: "total".into(), millis: 1234 }];
    let meta = ScanMeta {
        commit_sha: Some("abc".into()),
        branch: Some("main".into()),
        ci_provider: Some(CiProvider::GithubActions),
        ci_run_id: Some("99".into()),
        pull_request: Some("5".into()),
        ..ScanMeta::default()
    };
    let saved = store.save(&r, &meta).unwrap();
    let back = store.get_report(saved.report_id).unwrap();
    // the stored row adds the lifecycle's first-seen time (the report's time for a new issue)
    let mut expected = f.clone();
    expected.first_seen_at = Some("2025-02-03T03:05:06Z".into());
    assert_eq!(back.issues[0], expected);
    let s = back.issues[1].snippet.as_deref().unwrap();
    assert_eq!(s.chars().count(), SNIPPET_MAX_CHARS + 1);
    // Times are normalised to UTC.
    assert_eq!(back.summary.created_at, "2025-02-03T03:05:06Z");
    assert_eq!(back.inventory, r.inventory);
    assert_eq!(back.errors, r.errors);
    assert_eq!(back.gates, r.gates);
    assert_eq!(back.timings, r.timings);
    assert_eq!(back.files_scanned, 3);
    assert_eq!(back.tool_version, "0.1.0-test");
    assert_eq!(back.root, ROOT);
    let row = store.report_row(saved.report_id).unwrap();
    assert_eq!(row.branch.as_deref(), Some("main"));
    assert_eq!(row.ci_provider.as_deref(), Some("github-actions"));
    assert_eq!(row.project_name.as_deref(), Some("demo"));
    let duration: Option<i64> =
        store.conn.query_row("SELECT duration_ms FROM scan WHERE id = ?1", [saved.scan_id], |r| r.get(0)).unwrap();
    assert_eq!(duration, Some(1234));
    assert!(matches!(store.get_report(999), Err(StoreError::ReportNotFound(999))));
    let (latest, rep) = store.latest_report(ROOT, Some("main")).unwrap().unwrap();
    assert_eq!((latest.id, rep.issues.len()), (saved.report_id, 2));
    assert!(store.latest_report(ROOT, Some("dev")).unwrap().is_none());
    assert!(store.latest_report("/elsewhere", None).unwrap().is_none());
}

#[test]
fn lifecycle_across_three_scans() {
    let mut store = Store::open_in_memory().unwrap();
    let meta = on_branch("main");
    let (t1, t2, t3) = ("2025-01-01T00:00:00Z", "2025-01-08T00:00:00Z", "2025-01-15T00:00:00Z");
    // Scan 1: A, B, C.
    let s1 = store
        .save(
            &report(
                ROOT,
                t1,
                vec![finding("A", Severity::High), finding("B", Severity::Medium), finding("C", Severity::Low)],
            ),
            &meta,
        )
        .unwrap();
    assert_eq!(s1.previous_report_id, None);
    assert_eq!(s1.new, fps(&["A", "B", "C"]));
    assert!(s1.statuses.values().all(|s| s.status == Status::Open && s.first_seen_at == t1));

    // A person marks B a false positive.
    let b1 = issue_id(&store, s1.report_id, "B");
    let n = store.set_status(&[b1], Status::FalsePositive, Some("test fixture".into()), None).unwrap();
    assert_eq!(n, 1);

    // Scan 2: A, B (C fixed). The CLI loads prior statuses before scoring.
    let mut issues = vec![finding("A", Severity::High), finding("B", Severity::Medium)];
    let prior = store.prior_statuses(ROOT, &[finding("A", Severity::Low), finding("B", Severity::Low)]).unwrap();
    assert_eq!(prior.len(), 1);
    assert_eq!(prior["B"].status, Status::FalsePositive);
    assert_eq!(apply_prior_statuses(&mut issues, &prior), 1);
    let r2 = report(ROOT, t2, issues);
    assert_eq!(r2.summary.medium_issues, 0, "B no longer counts");
    let s2 = store.save(&r2, &meta).unwrap();
    assert_eq!(s2.previous_report_id, Some(s1.report_id));
    assert!(s2.new.is_empty());
    assert_eq!(s2.fixed, fps(&["C"]));
    assert_eq!(s2.still_open, fps(&["A"]));
    assert_eq!(s2.statuses["B"].status, Status::FalsePositive);
    assert_eq!(s2.statuses["B"].reason.as_deref(), Some("test fixture"));
    assert_eq!(s2.statuses["B"].first_seen_at, t1);
    let c = issue(&store, s1.report_id, "C");
    assert_eq!(c.finding.status, Status::Resolved);
    assert_eq!(c.resolved_at.as_deref(), Some(t2));
    let b2 = issue(&store, s2.report_id, "B");
    assert_eq!(b2.finding.status, Status::FalsePositive);
    assert_eq!(b2.status_reason.as_deref(), Some("test fixture"));
    // The old report shows C resolved when rendered again.
    let old = store.get_report(s1.report_id).unwrap();
    assert_eq!(old.issues.iter().find(|f| f.fingerprint == "C").unwrap().status, Status::Resolved);

    // Scan 3: A, B, D. SavedReport also tells the caller the final statuses.
    let mut issues =
        vec![finding("A", Severity::High), finding("B", Severity::Medium), finding("D", Severity::Critical)];
    let s3 = store.save(&report(ROOT, t3, issues.clone()), &meta).unwrap();
    assert_eq!(s3.previous_report_id, Some(s2.report_id));
    assert_eq!(s3.new, fps(&["D"]));
    assert!(s3.fixed.is_empty());
    assert_eq!(s3.still_open, fps(&["A"]));
    assert_eq!(s3.apply_to(&mut issues), 1);
    assert_eq!(issues[1].status, Status::FalsePositive);
    let a = issue(&store, s3.report_id, "A");
    assert_eq!(a.first_seen_at.as_deref(), Some(t1));
    let d = issue(&store, s3.report_id, "D");
    assert_eq!(d.first_seen_at.as_deref(), Some(t3));
    assert_eq!(d.finding.status, Status::Open);
    assert_eq!(issue(&store, s3.report_id, "B").finding.status, Status::FalsePositive);

    // C was fixed a week after it was first seen.
    let stats = store.remediation(Some(ROOT), None).unwrap();
    assert_eq!(stats.resolved, 1);
    assert_eq!(stats.remediated[0].fingerprint.as_deref(), Some("C"));
    assert_eq!(stats.remediated[0].seconds, 7 * 86_400);
    assert_eq!(stats.mttr_seconds, Some(7.0 * 86_400.0));
    assert_eq!(stats.open, 2, "A and D in the latest report");
    assert_eq!(stats.false_positive, 1);
}

#[test]
fn an_issue_that_comes_back_after_its_fix_is_new_again() {
    let mut store = Store::open_in_memory().unwrap();
    let m = ScanMeta::default();
    let a = || finding("A", Severity::High);
    store.save(&report(ROOT, "2025-01-01T00:00:00Z", vec![a()]), &m).unwrap();
    let s2 = store.save(&report(ROOT, "2025-01-02T00:00:00Z", vec![]), &m).unwrap();
    assert_eq!(s2.fixed, fps(&["A"]));
    let s3 = store.save(&report(ROOT, "2025-01-05T00:00:00Z", vec![a()]), &m).unwrap();
    assert_eq!(s3.new, fps(&["A"]));
    assert_eq!(s3.statuses["A"].first_seen_at, "2025-01-05T00:00:00Z");
    assert_eq!(s3.statuses["A"].status, Status::Open);
}

#[test]
fn accepted_risk_with_a_past_expiry_reverts_to_open() {
    let mut store = Store::open_in_memory().unwrap();
    let m = ScanMeta::default();
    let s1 = store.save(&report(ROOT, "2025-01-01T00:00:00Z", vec![finding("A", Severity::Critical)]), &m).unwrap();
    let a = issue_id(&store, s1.report_id, "A");
    store.set_status(&[a], Status::AcceptedRisk, Some("vendor fix pending".into()), Some("2025-01-05".into())).unwrap();
    let stored = issue(&store, s1.report_id, "A");
    assert_eq!(stored.status_expires_at.as_deref(), Some("2025-01-05T00:00:00Z"));

    // Before the expiry it carries over, with its reason and expiry.
    let before = store.prior_statuses_at(ROOT, &[finding("A", Severity::Low)], "2025-01-03T00:00:00Z").unwrap();
    assert_eq!(before["A"].status, Status::AcceptedRisk);
    let s2 = store.save(&report(ROOT, "2025-01-03T00:00:00Z", vec![finding("A", Severity::Critical)]), &m).unwrap();
    assert_eq!(s2.statuses["A"].status, Status::AcceptedRisk);
    assert_eq!(s2.statuses["A"].expires_at.as_deref(), Some("2025-01-05T00:00:00Z"));

    // After it (and by the wall clock, today), it is open again.
    assert!(store.prior_statuses(ROOT, &[finding("A", Severity::Low)]).unwrap().is_empty());
    let s3 = store.save(&report(ROOT, "2025-01-10T00:00:00Z", vec![finding("A", Severity::Critical)]), &m).unwrap();
    let st = &s3.statuses["A"];
    assert_eq!((st.status, st.reason.as_deref(), st.expires_at.as_deref()), (Status::Open, None, None));
    assert_eq!(st.first_seen_at, "2025-01-01T00:00:00Z");
    assert_eq!(s3.still_open, fps(&["A"]));
}

#[test]
fn resolution_compares_with_the_same_branch_only() {
    let mut store = Store::open_in_memory().unwrap();
    let main = store
        .save(&report(ROOT, "2025-01-01T00:00:00Z", vec![finding("A", Severity::High)]), &on_branch("main"))
        .unwrap();
    // A feature branch without A neither resolves main's A nor is compared with main.
    let feat = store
        .save(&report(ROOT, "2025-01-02T00:00:00Z", vec![finding("B", Severity::High)]), &on_branch("feature"))
        .unwrap();
    assert_eq!(feat.previous_report_id, None);
    assert!(feat.fixed.is_empty());
    assert_eq!(issue(&store, main.report_id, "A").finding.status, Status::Open);
    // Back on main, A is gone now: resolved in main's previous report.
    let main2 = store.save(&report(ROOT, "2025-01-03T00:00:00Z", vec![]), &on_branch("main")).unwrap();
    assert_eq!(main2.previous_report_id, Some(main.report_id));
    assert_eq!(main2.fixed, fps(&["A"]));
}

#[test]
fn set_status_rules() {
    let mut store = Store::open_in_memory().unwrap();
    let s = store
        .save(
            &report(ROOT, "2025-01-01T00:00:00Z", vec![finding("A", Severity::High), finding("B", Severity::Low)]),
            &ScanMeta::default(),
        )
        .unwrap();
    let a = issue_id(&store, s.report_id, "A");
    assert!(matches!(
        store.set_status(&[a], Status::FalsePositive, None, Some("2030-01-01".into())),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.set_status(&[a], Status::AcceptedRisk, None, Some("soon".into())),
        Err(StoreError::Invalid(_))
    ));
    store.set_status(&[a], Status::Resolved, None, None).unwrap();
    let resolved = issue(&store, s.report_id, "A");
    assert!(resolved.resolved_at.is_some());
    store.set_status(&[a], Status::Open, Some("  ".into()), None).unwrap();
    let reopened = issue(&store, s.report_id, "A");
    assert_eq!((reopened.resolved_at, reopened.status_reason), (None, None));
    assert_eq!(store.set_status(&[12345], Status::Open, None, None).unwrap(), 0);
    // Bulk: every low issue of the latest report.
    let n = store
        .set_status_where(
            &IssueFilter { severity: vec![Severity::Low], ..IssueFilter::default() },
            Status::InProgress,
            Some("sprint 12".into()),
            None,
            Some("bob".into()),
        )
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(issue(&store, s.report_id, "B").finding.status, Status::InProgress);
    assert_eq!(issue(&store, s.report_id, "B").finding.status_set_by.as_deref(), Some("bob"));
}

// ── Queries ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn issue_filters_and_pagination() {
    let mut store = Store::open_in_memory().unwrap();
    let m = ScanMeta::default();
    let p1 = "/nonexistent/p1";
    let p2 = "/nonexistent/p2";
    let r1 = store
        .save(
            &report(p1, "2025-01-01T00:00:00Z", vec![finding("A", Severity::Critical), finding("B", Severity::Low)]),
            &m,
        )
        .unwrap();
    let r2 = store
        .save(
            &report(
                p1,
                "2025-02-01T12:00:00Z",
                vec![
                    finding("A", Severity::Critical),
                    finding("B", Severity::Low),
                    secret("C"),
                    dep("E", Severity::Medium),
                ],
            ),
            &m,
        )
        .unwrap();
    store.save(&report(p2, "2025-02-02T00:00:00Z", vec![finding("X", Severity::Info)]), &m).unwrap();
    let list = |store: &Store, f: IssueFilter| -> Vec<String> {
        store.list_issues(&f).unwrap().into_iter().map(|i| i.finding.fingerprint).collect()
    };
    // Default: the latest report of each project, most severe first.
    assert_eq!(list(&store, IssueFilter::default()), fps(&["A", "C", "E", "B", "X"]));
    assert_eq!(store.count_issues(&IssueFilter::default()).unwrap(), 5);
    assert_eq!(list(&store, IssueFilter { project: Some(p2.into()), ..Default::default() }), fps(&["X"]));
    assert!(list(&store, IssueFilter { project: Some("/nonexistent/none".into()), ..Default::default() }).is_empty());
    assert_eq!(
        list(&store, IssueFilter { severity: vec![Severity::Critical, Severity::High], ..Default::default() }),
        fps(&["A", "C"])
    );
    assert_eq!(
        list(&store, IssueFilter { issue_type: vec![IssueType::BestPracticeSecrets], ..Default::default() }),
        fps(&["C"])
    );
    assert_eq!(
        list(&store, IssueFilter { engine: vec![Engine::Deps, Engine::Secrets], ..Default::default() }),
        fps(&["C", "E"])
    );
    assert_eq!(list(&store, IssueFilter { report_id: Some(r1.report_id), ..Default::default() }), fps(&["A", "B"]));
    // Every report; by time.
    assert_eq!(list(&store, IssueFilter { all_reports: true, ..Default::default() }).len(), 7);
    assert_eq!(
        list(&store, IssueFilter { all_reports: true, until: Some("2025-02-01".into()), ..Default::default() }).len(),
        6,
        "a date as upper bound includes its whole day"
    );
    assert_eq!(
        list(
            &store,
            IssueFilter { all_reports: true, since: Some("2025-02-02T00:00:00Z".into()), ..Default::default() }
        ),
        fps(&["X"])
    );
    assert!(matches!(
        store.list_issues(&IssueFilter { since: Some("last tuesday".into()), ..Default::default() }),
        Err(StoreError::Invalid(_))
    ));
    // Status.
    let b = issue_id(&store, r2.report_id, "B");
    store.set_status(&[b], Status::AcceptedRisk, None, None).unwrap();
    assert_eq!(list(&store, IssueFilter { status: vec![Status::AcceptedRisk], ..Default::default() }), fps(&["B"]));
    // Pages.
    let page = |offset| list(&store, IssueFilter { limit: Some(2), offset, ..Default::default() });
    assert_eq!(page(0), fps(&["A", "C"]));
    assert_eq!(page(2), fps(&["E", "B"]));
    assert_eq!(page(4), fps(&["X"]));
    assert!(page(6).is_empty());

    // Reports: newest first, per project, paged.
    let all = store.list_reports(None, None, 0).unwrap();
    assert_eq!(all.len(), 3);
    assert!(all[0].summary.created_at >= all[1].summary.created_at);
    let ids: Vec<i64> = store.list_reports(Some(p1), Some(1), 1).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![r1.report_id]);
    assert_eq!(store.projects().unwrap().len(), 2);
}

#[test]
fn score_trend_and_mttr() {
    let mut store = Store::open_in_memory().unwrap();
    let m = on_branch("main");
    let scans: [(&str, Vec<Finding>); 4] = [
        (
            "2025-01-01T00:00:00Z",
            vec![finding("A", Severity::Critical), finding("B", Severity::High), finding("C", Severity::High)],
        ),
        ("2025-01-02T00:00:00Z", vec![finding("B", Severity::High), finding("C", Severity::High)]),
        ("2025-01-05T00:00:00Z", vec![finding("C", Severity::High)]),
        ("2025-01-11T00:00:00Z", vec![]),
    ];
    for (at, issues) in scans {
        store.save(&report(ROOT, at, issues), &m).unwrap();
    }
    store.save(&report(ROOT, "2025-01-03T00:00:00Z", vec![finding("Z", Severity::Low)]), &on_branch("other")).unwrap();
    let trend = store.score_trend(Some(ROOT), Some("main"), None).unwrap();
    let scores: Vec<u32> = trend.iter().map(|p| p.score).collect();
    assert_eq!(scores, vec![61, 81, 90, 100]);
    assert_eq!(trend[0].counts.critical, 1);
    assert_eq!(trend[0].counts.high, 2);
    assert_eq!(trend[0].counts.total, 3);
    let last2 = store.score_trend(Some(ROOT), Some("main"), Some(2)).unwrap();
    assert_eq!(
        last2.iter().map(|p| p.created_at.as_str()).collect::<Vec<_>>(),
        vec!["2025-01-05T00:00:00Z", "2025-01-11T00:00:00Z"]
    );
    assert_eq!(store.score_trend(Some(ROOT), None, None).unwrap().len(), 5);
    assert!(store.score_trend(Some("/nowhere"), None, None).unwrap().is_empty());

    // A: 1 day, B: 4 days, C: 10 days.
    let stats = store.remediation(Some(ROOT), None).unwrap();
    let mut by_fp: Vec<(String, i64)> =
        stats.remediated.iter().map(|r| (r.fingerprint.clone().unwrap(), r.seconds / 86_400)).collect();
    by_fp.sort();
    assert_eq!(by_fp, vec![("A".into(), 1), ("B".into(), 4), ("C".into(), 10)]);
    assert_eq!(stats.mttr_seconds, Some(5.0 * 86_400.0));
    assert_eq!(stats.mttr_by_severity[&Severity::Critical], 86_400.0);
    assert_eq!(stats.mttr_by_severity[&Severity::High], 7.0 * 86_400.0);
    // Open counts the latest report of the project: the last saved, on "other" (Z).
    assert_eq!(stats.open, 1);
    let recent = store.remediation(Some(ROOT), Some("2025-01-05T00:00:00Z")).unwrap();
    assert_eq!(recent.resolved, 2);
}

#[test]
fn prune_deletes_old_reports_with_their_issues_and_scans() {
    let mut store = Store::open_in_memory().unwrap();
    let m = ScanMeta::default();
    let old = store
        .save(
            &report(ROOT, "2020-01-01T00:00:00Z", vec![finding("A", Severity::High), finding("B", Severity::High)]),
            &m,
        )
        .unwrap();
    let new = store.save(&report(ROOT, &now_utc(), vec![finding("A", Severity::High)]), &m).unwrap();
    // a dry run counts and deletes nothing
    let dry = store.prune(time::Duration::days(365), true).unwrap();
    assert_eq!(dry, PruneStats { reports: 1, issues: 2, scans: 1 });
    assert!(store.get_report(old.report_id).is_ok());
    let stats = store.prune(time::Duration::days(365), false).unwrap();
    assert_eq!(stats, PruneStats { reports: 1, issues: 2, scans: 1 });
    assert_eq!(stats.rows(), 4);
    assert!(matches!(store.get_report(old.report_id), Err(StoreError::ReportNotFound(_))));
    let left: i64 = store.conn.query_row("SELECT COUNT(*) FROM security_issue", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 1);
    assert_eq!(store.get_report(new.report_id).unwrap().issues.len(), 1);
    // Nothing more to prune.
    assert_eq!(store.prune(time::Duration::days(365), false).unwrap(), PruneStats::default());
    assert_eq!(store.prune_before("2000-01-01", false).unwrap().rows(), 0);
    // an absurd age neither panics nor deletes anything newer than the epoch
    assert_eq!(store.prune(time::Duration::days(365 * 20_000), false).unwrap(), PruneStats::default());
}

// ── Concurrency ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn concurrent_saves_on_one_file_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let root = dir.path().display().to_string();
    let barrier = std::sync::Barrier::new(2);
    let per_thread = 15;
    std::thread::scope(|s| {
        for t in 0..2 {
            let (path, root, barrier) = (&path, &root, &barrier);
            s.spawn(move || {
                barrier.wait();
                // Both open a fresh file at once: the migration runs once.
                let mut store = Store::open(path).unwrap();
                for i in 0..per_thread {
                    let issues = (0..20).map(|k| finding(&format!("t{t}-{i}-{k}"), Severity::Medium)).collect();
                    store.save(&report(root, &now_utc(), issues), &on_branch(&format!("b{t}"))).unwrap();
                }
            });
        }
    });
    let store = Store::open(&path).unwrap();
    let reports = store.list_reports(Some(&root), None, 0).unwrap();
    assert_eq!(reports.len(), 2 * per_thread);
    let count = store.count_issues(&IssueFilter { all_reports: true, ..Default::default() }).unwrap();
    assert_eq!(count, (2 * per_thread * 20) as u64);
    let ids: HashSet<i64> = reports.iter().map(|r| r.project_id.unwrap()).collect();
    assert_eq!(ids.len(), 1, "one project for one root");
}

// ── Times ────────────────────────────────────────────────────────────────────────────────────────

#[test]
fn times_are_normalised_to_utc_seconds() {
    assert_eq!(canonical_time("2025-01-31T12:00:00.123+02:00", false).unwrap(), "2025-01-31T10:00:00Z");
    assert_eq!(canonical_time("2025-01-31", false).unwrap(), "2025-01-31T00:00:00Z");
    assert_eq!(canonical_time("2025-01-31", true).unwrap(), "2025-01-31T23:59:59Z");
    assert!(canonical_time("31/01/2025", false).is_err());
    assert_eq!(now_utc().len(), "2025-01-31T10:00:00Z".len());
    assert_eq!(canonical_root("/nonexistent/x/"), "/nonexistent/x");
}

/// The priors prior_statuses found are reused by the save of the same run, unless another process
/// wrote in between (two jobs on one database): then the save asks again and sees that write.
#[test]
fn priors_found_earlier_are_dropped_when_another_process_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    let meta = on_branch("main");
    let s1 = store.save(&report(ROOT, "2025-01-01T00:00:00Z", vec![finding("A", Severity::High)]), &meta).unwrap();
    assert!(store.prior_statuses(ROOT, &[finding("A", Severity::High)]).unwrap().is_empty());
    // meanwhile another process marks A a false positive
    let mut other = Store::open(&path).unwrap();
    let a1 = issue_id(&other, s1.report_id, "A");
    assert_eq!(other.set_status(&[a1], Status::FalsePositive, Some("other job".into()), None).unwrap(), 1);
    drop(other);
    let s2 = store.save(&report(ROOT, "2025-01-02T00:00:00Z", vec![finding("A", Severity::High)]), &meta).unwrap();
    assert_eq!(s2.statuses["A"].status, Status::FalsePositive, "the other process's status was seen");
}
