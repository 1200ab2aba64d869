//! The history commands: `report list|show|latest|prune`, `issues list|set-status`, `score`. They read the
//! database `run` writes for the same PATH (or `--db`, or `SECSCAN_DB`).
use super::run::write_reports;
use super::{user_from_env, Terminal, EXIT_ERROR, EXIT_PASSED};
use crate::cli::{HistoryArgs, IssueFilterArgs, RenderArgs};
use crate::config::Env;
use crate::error::{Error, Result};
use crate::model::{Engine, IssueType, Report, Severity, Status};
use crate::report::text::terminal;
use crate::store::{canonical_root, IssueFilter, Store};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use std::path::PathBuf;

/// The history database of a PATH: `--db`, else `SECSCAN_DB`, else `PATH/.secscan/history.db` (the one
/// `run PATH` writes).
pub fn history_db(args: &HistoryArgs, env: &dyn Env) -> PathBuf {
    args.db.clone().or_else(|| env.get("SECSCAN_DB").map(PathBuf::from)).unwrap_or_else(|| {
        args.path.canonicalize().unwrap_or_else(|_| args.path.clone()).join(".secscan").join("history.db")
    })
}

fn open(args: &HistoryArgs, env: &dyn Env) -> Result<Store> {
    let path = history_db(args, env);
    if !path.is_file() {
        return Err(Error::usage(format!(
            "no history database at {} (run `secscan run {}` first, or pass --db FILE)",
            terminal(&path.display().to_string()),
            terminal(&args.path.display().to_string())
        )));
    }
    Ok(Store::open(&path)?)
}

/// The project a PATH names in the database, if it was scanned (else every project).
fn project_of(store: &Store, args: &HistoryArgs) -> Option<String> {
    let root = canonical_root(&args.path.display().to_string());
    store.projects().ok()?.into_iter().find(|p| p.root == root).map(|p| p.root)
}

pub(crate) fn table(width: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width.clamp(40, 400)).unwrap_or(100));
    t
}

/// `report list`.
pub fn report_list(args: &HistoryArgs, limit: u32, offset: u32, term: &Terminal, env: &dyn Env) -> Result<u8> {
    let store = open(args, env)?;
    let project = project_of(&store, args);
    let rows = store.list_reports(project.as_deref(), Some(limit), offset)?;
    let mut t = table(term.width);
    t.set_header(vec!["id", "created", "project", "branch", "commit", "score", "crit", "high", "med", "low", "info"]);
    for r in rows {
        t.add_row(vec![
            r.id.to_string(),
            r.summary.created_at.clone(),
            terminal(r.project_name.as_deref().unwrap_or_default()).into_owned(),
            terminal(r.branch.as_deref().unwrap_or_default()).into_owned(),
            terminal(&r.commit_sha.clone().map(|c| c.chars().take(10).collect::<String>()).unwrap_or_default())
                .into_owned(),
            r.summary.security_score.to_string(),
            r.summary.critical_issues.to_string(),
            r.summary.high_issues.to_string(),
            r.summary.medium_issues.to_string(),
            r.summary.low_issues.to_string(),
            r.summary.info_issues.to_string(),
        ]);
    }
    println!("{t}");
    Ok(EXIT_PASSED)
}

fn render_stored(store: &Store, mut report: Report, out: &RenderArgs, term: &Terminal) -> Result<u8> {
    if let Ok(points) = store.score_trend(Some(&report.root), None, Some(100)) {
        report.trend = points.into_iter().map(Into::into).collect();
    }
    let formats = out.format.clone().unwrap_or_else(|| vec!["table".to_string()]);
    for p in write_reports(&report, &formats, out.out_dir.as_deref(), out.output.as_deref(), term, true)? {
        eprintln!("wrote {}", terminal(&p.display().to_string()));
    }
    Ok(EXIT_PASSED)
}

/// `report show ID`.
pub fn report_show(id: i64, out: &RenderArgs, term: &Terminal, env: &dyn Env) -> Result<u8> {
    let store = open(&out.history, env)?;
    let report = store.get_report(id)?;
    render_stored(&store, report, out, term)
}

/// `report latest`.
pub fn report_latest(out: &RenderArgs, term: &Terminal, env: &dyn Env) -> Result<u8> {
    let store = open(&out.history, env)?;
    let project = project_of(&store, &out.history);
    let Some(row) = store.list_reports(project.as_deref(), Some(1), 0)?.into_iter().next() else {
        return Err(Error::usage("the history database holds no report yet"));
    };
    let report = store.get_report(row.id)?;
    render_stored(&store, report, out, term)
}

/// The bounds of `report prune --older-than`.
const MIN_AGE_HOURS: i64 = 1;
const MAX_AGE_DAYS: i64 = 36_500;

/// `48h`, `90d`, `12w`, `1y` → a duration; a unit is required, and the value is bounded (1h to 100y).
pub fn parse_age(text: &str) -> Result<time::Duration> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let bad = || Error::usage(format!("--older-than: '{}' is not like 48h, 90d, 12w or 1y", terminal(text)));
    let n: i64 = n.parse().map_err(|_| bad())?;
    let hours = match unit {
        "h" => Some(n),
        "d" => n.checked_mul(24),
        "w" => n.checked_mul(24 * 7),
        "y" => n.checked_mul(24 * 365),
        "" => return Err(Error::usage(format!("--older-than: '{}' needs a unit: h, d, w or y", terminal(text)))),
        _ => return Err(bad()),
    };
    match hours {
        Some(h) if (MIN_AGE_HOURS..=MAX_AGE_DAYS * 24).contains(&h) => Ok(time::Duration::hours(h)),
        _ => {
            Err(Error::usage(format!("--older-than: '{}' is out of range (at least 1h, at most 100y)", terminal(text))))
        }
    }
}

/// `report prune --older-than D [--dry-run]`.
pub fn report_prune(args: &HistoryArgs, older_than: &str, dry_run: bool, env: &dyn Env) -> Result<u8> {
    let age = parse_age(older_than)?;
    let mut store = open(args, env)?;
    let stats = store.prune(age, dry_run)?;
    println!(
        "{} {} report(s), {} issue(s), {} scan(s) older than {}",
        if dry_run { "would prune" } else { "pruned" },
        stats.reports,
        stats.issues,
        stats.scans,
        terminal(older_than)
    );
    Ok(EXIT_PASSED)
}

fn parse_list<T: std::str::FromStr<Err = String>>(values: &[String], what: &str) -> Result<Vec<T>> {
    values.iter().map(|v| v.parse::<T>().map_err(|e| Error::usage(format!("--{what}: {}", terminal(&e))))).collect()
}

fn issue_filter(f: &IssueFilterArgs, history: &HistoryArgs, store: &Store) -> Result<IssueFilter> {
    let engines = f
        .engine
        .iter()
        .filter_map(|e| Engine::ALL.iter().copied().find(|x| x.cli_name() == e.trim().to_ascii_lowercase()))
        .collect();
    Ok(IssueFilter {
        project: project_of(store, history),
        severity: parse_list::<Severity>(&f.severity, "severity")?,
        issue_type: parse_list::<IssueType>(&f.issue_type, "type")?,
        status: parse_list::<Status>(&f.status, "status")?,
        engine: engines,
        since: f.since.clone(),
        until: f.until.clone(),
        report_id: f.report,
        ..IssueFilter::default()
    })
}

/// Whether a filter filters anything besides the project.
fn narrows(f: &IssueFilter) -> bool {
    *f != IssueFilter { project: f.project.clone(), ..IssueFilter::default() }
}

fn status_text(s: Status) -> String {
    s.as_str().to_ascii_lowercase().replace('_', "-")
}

/// `issues list`.
pub fn issues_list(
    history: &HistoryArgs,
    filter: &IssueFilterArgs,
    json: bool,
    limit: u32,
    offset: u32,
    term: &Terminal,
    env: &dyn Env,
) -> Result<u8> {
    let store = open(history, env)?;
    let mut f = issue_filter(filter, history, &store)?;
    let total = store.count_issues(&f)?;
    f.limit = Some(limit);
    f.offset = offset;
    let issues = store.list_issues(&f)?;
    if json {
        for i in &issues {
            let mut v = serde_json::to_value(&i.finding).map_err(|e| Error::usage(e.to_string()))?;
            if let Some(o) = v.as_object_mut() {
                o.insert("row".into(), i.id.into());
                o.insert("report_id".into(), i.report_id.into());
                o.insert("created_at".into(), i.created_at.clone().into());
                o.insert("resolved_at".into(), i.resolved_at.clone().into());
            }
            println!("{}", crate::report::text::json_safe(v.to_string()));
        }
        return Ok(EXIT_PASSED);
    }
    let mut t = table(term.width);
    t.set_header(vec!["id", "severity", "status", "issue", "location", "first seen"]);
    for i in &issues {
        let f = &i.finding;
        let loc = match (&f.file_path, f.line_number) {
            (Some(p), Some(l)) => format!("{}:{l}", terminal(p)),
            (Some(p), None) => terminal(p).into_owned(),
            _ => String::new(),
        };
        let mut status = status_text(f.status);
        if let Some(r) = &f.status_reason {
            status.push_str(&format!(": {}", terminal(r)));
        }
        if let Some(by) = &f.status_set_by {
            status.push_str(&format!(" (by {})", terminal(by)));
        }
        let mut title = terminal(&f.title).into_owned();
        if let Some(id) = &f.vulnerability_id {
            title = format!("{} {title}", terminal(id));
        }
        t.add_row(vec![
            f.id.clone(),
            f.severity.as_str().to_string(),
            status,
            title,
            loc,
            i.first_seen_at.clone().unwrap_or_default(),
        ]);
    }
    println!("{t}");
    println!("{} of {total} issues (offset {offset})", issues.len());
    Ok(EXIT_PASSED)
}

/// `issues set-status ID... STATUS` or `issues set-status STATUS --filter…`.
#[allow(clippy::too_many_arguments)]
pub fn issues_set_status(
    args: &[String],
    reason: Option<String>,
    expires: Option<String>,
    by: Option<String>,
    history: &HistoryArgs,
    filter: &IssueFilterArgs,
    env: &dyn Env,
) -> Result<u8> {
    let Some((status_text_given, ids)) = args.split_last() else {
        return Err(Error::usage(
            "set-status needs a status (open, in-progress, resolved, accepted-risk, false-positive)",
        ));
    };
    let status: Status = status_text_given.parse().map_err(|_| {
        Error::usage(format!(
            "set-status: the last argument must be a status (open, in-progress, resolved, accepted-risk, \
             false-positive), got '{}'{}",
            terminal(status_text_given),
            if ids.is_empty() { "; the status goes after the issue ids" } else { "" }
        ))
    })?;
    let by = by.or_else(|| user_from_env(env));
    let mut store = open(history, env)?;
    if ids.is_empty() {
        let f = issue_filter(filter, history, &store)?;
        if !narrows(&f) {
            return Err(Error::usage(
                "set-status without ids needs at least one filter (--severity, --type, --status, --engine, --since, --until, --report)",
            ));
        }
        let n = store.set_status_where(&f, status, reason, expires, by)?;
        println!("{n} issue(s) set to {}", status_text(status));
        return Ok(EXIT_PASSED);
    }
    let resolved = store.resolve_ids(ids)?;
    let mut unknown = Vec::new();
    let mut ambiguous = Vec::new();
    let mut fingerprints = Vec::new();
    for (id, fps) in resolved {
        match fps.len() {
            0 => unknown.push(id),
            1 => fingerprints.extend(fps),
            _ => ambiguous.push(id),
        }
    }
    let n =
        if fingerprints.is_empty() { 0 } else { store.set_status_of(&fingerprints, status, reason, expires, by)? };
    println!("{} issue(s) set to {} ({n} row(s) updated)", fingerprints.len(), status_text(status));
    let mut code = EXIT_PASSED;
    if !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|u| terminal(u).into_owned()).collect();
        eprintln!("error: no issue with the id {} (ids are the short ids `issues list` shows)", list.join(", "));
        code = EXIT_ERROR;
    }
    if !ambiguous.is_empty() {
        let list: Vec<String> = ambiguous.iter().map(|u| terminal(u).into_owned()).collect();
        eprintln!("error: the id {} names several issues: give more of it", list.join(", "));
        code = EXIT_ERROR;
    }
    Ok(code)
}

/// `score [--trend]`.
pub fn score(args: &HistoryArgs, trend: bool, term: &Terminal, env: &dyn Env) -> Result<u8> {
    let store = open(args, env)?;
    let project = project_of(&store, args);
    let Some(latest) = store.list_reports(project.as_deref(), Some(1), 0)?.into_iter().next() else {
        return Err(Error::usage("the history database holds no report yet"));
    };
    println!(
        "security score {} ({} critical, {} high, {} medium, {} low, {} info) — report {} of {}",
        latest.summary.security_score,
        latest.summary.critical_issues,
        latest.summary.high_issues,
        latest.summary.medium_issues,
        latest.summary.low_issues,
        latest.summary.info_issues,
        latest.id,
        latest.summary.created_at
    );
    if !trend {
        return Ok(EXIT_PASSED);
    }
    let root = latest.project_root.clone();
    let mut t = table(term.width);
    t.set_header(vec!["report", "created", "branch", "score", "crit", "high", "med", "low", "info"]);
    for p in store.score_trend(root.as_deref(), None, None)? {
        t.add_row(vec![
            p.report_id.to_string(),
            p.created_at,
            terminal(p.branch.as_deref().unwrap_or_default()).into_owned(),
            p.score.to_string(),
            p.counts.critical.to_string(),
            p.counts.high.to_string(),
            p.counts.medium.to_string(),
            p.counts.low.to_string(),
            p.counts.info.to_string(),
        ]);
    }
    println!("{t}");
    let r = store.remediation(root.as_deref(), None)?;
    println!(
        "remediation: {} open, {} resolved, {} accepted risk, {} false positive",
        r.open, r.resolved, r.accepted_risk, r.false_positive
    );
    match r.mttr_seconds {
        Some(s) => println!("mean time to remediation (MTTR): {}", human_duration(s)),
        None => println!("mean time to remediation (MTTR): no resolved issue yet"),
    }
    for (sev, s) in &r.mttr_by_severity {
        println!("  {:<8} {}", sev.as_str().to_ascii_lowercase(), human_duration(*s));
    }
    Ok(EXIT_PASSED)
}

fn human_duration(seconds: f64) -> String {
    let s = seconds.max(0.0);
    if s >= 86400.0 {
        format!("{:.1} days", s / 86400.0)
    } else if s >= 3600.0 {
        format!("{:.1} hours", s / 3600.0)
    } else {
        format!("{:.0} minutes", s / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_need_a_unit_and_stay_in_bounds() {
        assert_eq!(parse_age("48h").expect("48h"), time::Duration::hours(48));
        assert_eq!(parse_age("365d").expect("d"), time::Duration::days(365));
        assert_eq!(parse_age("2w").expect("w"), time::Duration::weeks(2));
        assert_eq!(parse_age("1y").expect("y"), time::Duration::days(365));
        for bad in ["30", "0d", "0h", "20000y", "101y", "soon", "-1d", "99999999999999999999d", "1m"] {
            assert!(parse_age(bad).is_err(), "{bad} accepted");
        }
        assert!(parse_age("30").expect_err("no unit").to_string().contains("needs a unit"));
    }
}
