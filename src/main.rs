//! The binary: parse the command line, call the library, map the outcome to an exit code
//! (0 passed, 1 a gate failed, 2 usage/configuration/fatal error).
use anyhow::{bail, Context, Result};
use clap::Parser;
use secscan::cli::{
    Cli, Command, DbCommand, HistoryArgs, IssueFilterArgs, IssuesCommand, RenderArgs, ReportCommand, RunArgs, ScoreArgs,
};
use secscan::config::{Config, Env, Flags, ProcessEnv};
use secscan::deps::advisory::{db::AdvisoryDb, load};
use secscan::model::{Engine, IssueType, Report, Severity, Status};
use secscan::store::{IssueFilter, ScanMeta, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Run(args) => run(args, cli.quiet, cli.verbose),
        Command::Db(cmd) => db(cmd, cli.quiet),
        Command::Report(cmd) => report_cmd(cmd),
        Command::Issues(cmd) => issues_cmd(cmd),
        Command::Score(args) => score_cmd(args),
    }
}

fn run(args: RunArgs, quiet: bool, verbose: bool) -> Result<u8> {
    let flags = Flags {
        config: args.config,
        ignore_repo_config: args.ignore_repo_config,
        engines: args.engines,
        exclude: args.exclude,
        formats: args.format,
        out_dir: args.out_dir,
        fail_on: args.fail_on,
        min_score: args.min_score,
        strict: args.strict,
        allow_no_advisories: args.allow_no_advisories,
        no_dev: args.no_dev,
        offline: args.offline,
        advisory_db: args.advisory_db,
        baseline: args.baseline,
        db: args.db,
        no_history: args.no_history,
        new_only: args.new_only,
        jobs: args.jobs,
        quiet,
        verbose,
    };
    let cfg = Config::load(&args.path, &flags, &ProcessEnv)?;
    if cfg.ignored_repo_config {
        eprintln!(
            "secscan: the repository's .secscan.toml is ignored (--ignore-repo-config / SECSCAN_IGNORE_REPO_CONFIG)"
        );
    }
    for r in &cfg.relaxed {
        eprintln!(
            "WARNING: the repository's .secscan.toml sets {} = {}: it {}. A pull request can change this file; \
             run with --ignore-repo-config where that must not happen.",
            r.key,
            secscan::report::text::terminal(&r.value),
            r.message
        );
    }
    if !cfg.enabled {
        eprintln!(
            "secscan: the scan is switched off by {}; nothing scanned",
            cfg.disabled_by.as_deref().unwrap_or("the configuration")
        );
        return Ok(0);
    }
    for (tool, on) in &cfg.tools {
        if *on {
            eprintln!("warning: {tool}: external tool adapters are not part of this version; not run");
        }
    }
    if let Some(j) = cfg.jobs {
        // a second call (tests) keeps the first pool: harmless
        let _ = rayon::ThreadPoolBuilder::new().num_threads(j.max(1)).build_global();
    }
    let mut store = match &cfg.history_db {
        Some(path) => match Store::open(path) {
            Ok(s) => Some(s),
            Err(e) if cfg.strict => return Err(e).context("history database"),
            Err(e) => {
                eprintln!("warning: history database: {e}; this report is not stored");
                None
            }
        },
        None => None,
    };
    let meta = ScanMeta::detect(&cfg.root, &|k: &str| ProcessEnv.get(k));
    let bar = secscan::progress::spinner(&format!("scanning {}", cfg.root.display()), cfg.quiet);
    let report = secscan::scan_with_history(&cfg, store.as_mut(), &meta);
    bar.finish_and_clear();
    let report = report?;

    let wrote = write_reports(&report, &cfg.formats, cfg.out_dir.as_deref(), cfg.quiet)?;
    if cfg.quiet {
        for e in &report.errors {
            eprintln!("warning: {}: {}", e.file_path, e.message);
        }
        for g in report.gates.iter().filter(|g| !g.passed) {
            eprintln!("gate {} failed: {}", g.gate, g.message);
        }
    }
    for p in &wrote {
        if !cfg.quiet {
            eprintln!("wrote {}", p.display());
        }
    }
    if cfg.strict && !report.errors.is_empty() {
        eprintln!(
            "error: strict mode: {} file(s) or source(s) could not be scanned completely (see the warnings)",
            report.errors.len()
        );
        return Ok(2);
    }
    if !report.incomplete.is_empty() {
        for reason in &report.incomplete {
            eprintln!("error: {reason}");
        }
        eprintln!("error: the scan could not check what it should have; this is not a pass (exit 2)");
        return Ok(2);
    }
    Ok(if report.gate_failed() { 1 } else { 0 })
}

fn advisory_db_path(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| ProcessEnv.get("SECSCAN_ADVISORY_DB").map(PathBuf::from))
        .unwrap_or_else(secscan::config::default_advisory_db)
}

fn import_path(db: &mut AdvisoryDb, src: &Path, quiet: bool) -> Result<()> {
    let out = load::load_path(src)?;
    for p in out.problems.iter().take(20) {
        eprintln!("warning: {p}");
    }
    if out.problems.len() > 20 {
        eprintln!("warning: … and {} more unreadable records", out.problems.len() - 20);
    }
    let stats = db.import(&out.records)?;
    if !quiet {
        println!(
            "imported {} records from {}: {} new, {} updated, {} unchanged, {} unreadable",
            out.records.len(),
            src.display(),
            stats.inserted,
            stats.updated,
            stats.unchanged,
            out.problems.len()
        );
    }
    Ok(())
}

fn db(cmd: DbCommand, quiet: bool) -> Result<u8> {
    match cmd {
        DbCommand::Import { src, advisory_db } => {
            let path = advisory_db_path(advisory_db);
            let mut db = AdvisoryDb::open(&path, true)?;
            import_path(&mut db, &src, quiet)?;
            Ok(0)
        }
        DbCommand::Update { advisory_db, ecosystems } => {
            let path = advisory_db_path(advisory_db);
            let base = ProcessEnv
                .get("OSV_DOWNLOAD_URL")
                .unwrap_or_else(|| secscan::config::DEFAULT_OSV_DOWNLOAD_URL.to_string());
            if matches!(ProcessEnv.get("OSV_API_ENABLED").as_deref(), Some("false" | "0" | "no" | "off")) {
                bail!("OSV_API_ENABLED is false: not downloading");
            }
            let mut db = AdvisoryDb::open(&path, true)?;
            let tmp = tempdir_in(path.parent().unwrap_or(Path::new(".")))?;
            for eco in ecosystems {
                let eco = secscan::model::Ecosystem::from_osv(&eco)
                    .with_context(|| format!("unknown ecosystem {eco} (PyPI or npm)"))?;
                let url = format!("{}/{}/all.zip", base.trim_end_matches('/'), eco.as_str());
                let file = tmp.join(format!("{}.zip", eco.as_str()));
                download(&url, &file)?;
                import_path(&mut db, &file, quiet)?;
            }
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(0)
        }
        DbCommand::Prune { older_than, history } => {
            let d = parse_duration(&older_than)?;
            let mut store = open_history(&history)?;
            let stats = store.prune(d)?;
            println!(
                "pruned {} report(s), {} issue(s), {} scan(s) older than {older_than}",
                stats.reports, stats.issues, stats.scans
            );
            Ok(0)
        }
        DbCommand::Status { advisory_db } => {
            let path = advisory_db_path(advisory_db);
            let db = AdvisoryDb::open(&path, false)?;
            let s = db.status()?;
            println!("advisory database: {}", s.path);
            println!("records: {} ({} withdrawn)", s.total, s.withdrawn);
            for (eco, n) in &s.per_ecosystem {
                println!("  {eco:<10} {n}");
            }
            println!("newest modified: {}", s.newest_modified.as_deref().unwrap_or("-"));
            println!("cached API responses: {}", s.cached_api_responses);
            Ok(0)
        }
    }
}

fn tempdir_in(parent: &Path) -> Result<PathBuf> {
    let dir = parent.join(format!(".download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

fn download(url: &str, to: &Path) -> Result<()> {
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(600))
        .connect_timeout(std::time::Duration::from_secs(15))
        .build()?;
    let mut resp = client.get(url).send().with_context(|| format!("downloading {url}"))?;
    if !resp.status().is_success() {
        bail!("downloading {url}: HTTP {}", resp.status());
    }
    let mut file = std::fs::File::create(to).with_context(|| format!("creating {}", to.display()))?;
    resp.copy_to(&mut file).with_context(|| format!("downloading {url}"))?;
    Ok(())
}

/// Render `report` in every format: files into `out_dir` (default: the current folder), the rest on stdout.
fn write_reports(report: &Report, formats: &[String], out_dir: Option<&Path>, quiet: bool) -> Result<Vec<PathBuf>> {
    let mut wrote = Vec::new();
    for name in formats {
        let reporter = secscan::report::by_name(name)
            .with_context(|| format!("unknown format {name} (available: {})", secscan::config::formats().join(", ")))?;
        for artifact in reporter.render(report)? {
            match artifact.file_name {
                None => {
                    if !quiet {
                        std::io::stdout().write_all(&artifact.bytes).context("writing to standard output")?;
                    }
                }
                Some(file) => {
                    let dir = out_dir.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
                    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                    let path = dir.join(file);
                    std::fs::write(&path, &artifact.bytes).with_context(|| format!("writing {}", path.display()))?;
                    wrote.push(path);
                }
            }
        }
    }
    Ok(wrote)
}

fn open_history(h: &HistoryArgs) -> Result<Store> {
    if !h.db.exists() {
        bail!("no history database at {} (run `secscan run` first, or pass --db FILE)", h.db.display());
    }
    Store::open(&h.db).with_context(|| format!("history database {}", h.db.display()))
}

fn render_stored(store: &Store, mut report: Report, out: &RenderArgs) -> Result<u8> {
    if let Ok(points) = store.score_trend(Some(&report.root), None, Some(100)) {
        report.trend = points.into_iter().map(Into::into).collect();
    }
    let formats = out.format.clone().unwrap_or_else(|| vec!["table".to_string()]);
    for p in write_reports(&report, &formats, out.out_dir.as_deref(), false)? {
        eprintln!("wrote {}", p.display());
    }
    Ok(0)
}

fn report_cmd(cmd: ReportCommand) -> Result<u8> {
    match cmd {
        ReportCommand::List { history, limit, offset } => {
            let store = open_history(&history)?;
            let rows = store.list_reports(None, Some(limit), offset)?;
            let mut t = comfy_table::Table::new();
            t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED).set_header(vec![
                "id", "created", "project", "branch", "commit", "score", "crit", "high", "med", "low", "info",
            ]);
            for r in rows {
                t.add_row(vec![
                    r.id.to_string(),
                    r.summary.created_at.clone(),
                    r.project_name.clone().unwrap_or_default(),
                    r.branch.clone().unwrap_or_default(),
                    r.commit_sha.clone().map(|c| c.chars().take(10).collect()).unwrap_or_default(),
                    r.summary.security_score.to_string(),
                    r.summary.critical_issues.to_string(),
                    r.summary.high_issues.to_string(),
                    r.summary.medium_issues.to_string(),
                    r.summary.low_issues.to_string(),
                    r.summary.info_issues.to_string(),
                ]);
            }
            println!("{t}");
            Ok(0)
        }
        ReportCommand::Show { id, output } => {
            let store = open_history(&output.history)?;
            let report = store.get_report(id)?;
            render_stored(&store, report, &output)
        }
        ReportCommand::Latest { output } => {
            let store = open_history(&output.history)?;
            let Some(row) = store.list_reports(None, Some(1), 0)?.into_iter().next() else {
                bail!("the history database holds no report yet");
            };
            let report = store.get_report(row.id)?;
            render_stored(&store, report, &output)
        }
    }
}

fn parse_list<T: std::str::FromStr<Err = String>>(values: &[String], what: &str) -> Result<Vec<T>> {
    values.iter().map(|v| v.parse::<T>().map_err(|e| anyhow::anyhow!("--{what}: {e}"))).collect()
}

fn issue_filter(f: &IssueFilterArgs) -> Result<IssueFilter> {
    let engines = f
        .engine
        .iter()
        .map(|e| {
            Engine::ALL
                .iter()
                .copied()
                .find(|x| x.cli_name() == e.trim().to_ascii_lowercase())
                .ok_or_else(|| anyhow::anyhow!("--engine: unknown engine '{e}' (deps, code, secrets, practices)"))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(IssueFilter {
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

fn issues_cmd(cmd: IssuesCommand) -> Result<u8> {
    match cmd {
        IssuesCommand::List { filter, json, limit, offset } => {
            let store = open_history(&filter.history)?;
            let mut f = issue_filter(&filter)?;
            let total = store.count_issues(&f)?;
            f.limit = Some(limit);
            f.offset = offset;
            let issues = store.list_issues(&f)?;
            if json {
                for i in &issues {
                    println!("{}", serde_json::to_string(i)?);
                }
                return Ok(0);
            }
            let mut t = comfy_table::Table::new();
            t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(140)
                .set_header(vec!["id", "report", "severity", "status", "type", "issue", "location", "first seen"]);
            for i in &issues {
                let loc = match (&i.finding.file_path, i.finding.line_number) {
                    (Some(p), Some(l)) => format!("{p}:{l}"),
                    (Some(p), None) => p.clone(),
                    _ => String::new(),
                };
                t.add_row(vec![
                    i.id.to_string(),
                    i.report_id.to_string(),
                    i.finding.severity.to_string(),
                    i.finding.status.to_string(),
                    i.finding.issue_type.to_string(),
                    i.finding.title.clone(),
                    loc,
                    i.first_seen_at.clone().unwrap_or_default(),
                ]);
            }
            println!("{t}");
            println!("{} of {total} issues (offset {offset})", issues.len());
            Ok(0)
        }
        IssuesCommand::SetStatus { args, reason, expires, filter } => {
            let Some((status_text, ids)) = args.split_last() else {
                bail!("set-status needs a status");
            };
            let status: Status = status_text.parse().map_err(|e: String| anyhow::anyhow!(e))?;
            let ids = ids
                .iter()
                .map(|i| i.parse::<i64>().with_context(|| format!("'{i}' is not an issue id")))
                .collect::<Result<Vec<_>>>()?;
            let mut store = open_history(&filter.history)?;
            let n = if ids.is_empty() {
                let f = issue_filter(&filter)?;
                if f == IssueFilter::default() {
                    bail!("set-status without ids needs at least one filter (--severity, --type, --status, --engine, --since, --until, --report)");
                }
                store.set_status_where(&f, status, reason, expires)?
            } else {
                store.set_status(&ids, status, reason, expires)?
            };
            println!("{n} issue(s) set to {}", status.as_str().to_ascii_lowercase().replace('_', "-"));
            Ok(0)
        }
    }
}

fn score_cmd(args: ScoreArgs) -> Result<u8> {
    let store = open_history(&args.history)?;
    let Some(latest) = store.list_reports(None, Some(1), 0)?.into_iter().next() else {
        bail!("the history database holds no report yet");
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
    if args.trend {
        let root = latest.project_root.clone();
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_header(vec!["report", "created", "branch", "score", "crit", "high", "med", "low", "info"]);
        for p in store.score_trend(root.as_deref(), None, None)? {
            t.add_row(vec![
                p.report_id.to_string(),
                p.created_at,
                p.branch.unwrap_or_default(),
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
    }
    Ok(0)
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

/// `365d`, `12w`, `1y`, `48h` → a duration.
fn parse_duration(text: &str) -> Result<time::Duration> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().with_context(|| format!("--older-than: '{text}' is not like 365d, 12w, 1y or 48h"))?;
    Ok(match unit {
        "h" => time::Duration::hours(n),
        "d" | "" => time::Duration::days(n),
        "w" => time::Duration::weeks(n),
        "y" => time::Duration::days(365 * n),
        _ => bail!("--older-than: unknown unit '{unit}' (h, d, w, y)"),
    })
}
