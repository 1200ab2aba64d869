//! secscan: discover → extract → analyse (engines in parallel) → merge → score and gate → report.
//!
//! [`scan`] is the whole pipeline, readable top to bottom.
#![warn(unreachable_pub)]
pub mod adapters;
pub mod cli;
pub mod code;
pub mod commands;
pub mod config;
pub mod deps;
pub(crate) mod discover;
pub mod engine;
pub mod error;
pub mod model;
pub mod postprocess;
pub mod practices;
pub(crate) mod progress;
pub mod report;
pub mod rules;
pub mod secrets;
pub(crate) mod store;
pub(crate) mod syntax;

use config::Config;
use engine::{Analyzer, FileOutput, SourceFile};
use error::Result;
use model::report::Timing;
use model::{FileError, Finding, Report, ReportSummary, Severity};
use postprocess::suppress::{LineSuppression, Suppressions};
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// What stage 2 makes of one file: each claiming engine's output with the time it took, and the file's
/// suppression comments.
type PerFile = (Vec<(usize, FileOutput, Duration)>, Option<(String, Vec<LineSuppression>)>);

/// The version of this build.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

fn millis(d: Duration) -> u64 {
    d.as_millis().min(u64::MAX as u128) as u64
}

/// Scan `cfg.root` and return the report (gates evaluated, nothing written, no history).
pub fn scan(cfg: &Config) -> Result<Report> {
    scan_with_history(cfg, None, &store::ScanMeta::default())
}

/// Scan `cfg.root`; with a history store, carry over the statuses people set, compare with the previous
/// report of the same project and branch, and save the report (problems with the history are warnings).
pub fn scan_with_history(cfg: &Config, history: Option<&mut store::Store>, meta: &store::ScanMeta) -> Result<Report> {
    // The scan's own worker threads (--jobs), with stacks deep enough for the syntax trees the parsers
    // accept (nesting is bounded at parse time; walking a tree that deep recurses that deep).
    let threads = cfg.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("secscan-{i}"))
        .build()
        .map_err(|e| error::Error::usage(format!("cannot start {threads} worker threads: {e}")))?;
    pool.install(|| scan_in_pool(cfg, history, meta, threads))
}

/// Stage 2 for one file: read it once (bounded) and hand it to every engine that claimed it — as text,
/// as lossily decoded text to the engines that take it, or by name only (kinds not read) — and note its
/// suppression comments.
fn analyze_file(
    cfg: &Config,
    engines: &[Box<dyn Analyzer>],
    f: &discover::DiscoveredFile,
    read_separately: &std::collections::HashSet<std::path::PathBuf>,
) -> PerFile {
    // kinds that only claim a file (binaries for the secrets engine) are not read
    let reads = |k: &&discover::KindRef| engines.get(k.engine).is_some_and(|e| e.reads(k.kind));
    // judged by name only (an engine that claims key stores or images sees an empty text)
    let mut outputs: Vec<(usize, FileOutput, Duration)> = f
        .kinds
        .iter()
        .filter(|k| !reads(k))
        .filter_map(|k| {
            let e = engines.get(k.engine)?;
            let file = SourceFile { root: &cfg.root, path: &f.path, rel: &f.rel, text: "", read_separately };
            Some((k.engine, e.analyze(&file, k.kind), Duration::ZERO))
        })
        .collect();
    let read: Vec<&discover::KindRef> = f.kinds.iter().filter(reads).collect();
    if read.is_empty() {
        return (outputs, None);
    }
    let failed = |outputs: &mut Vec<(usize, FileOutput, Duration)>, k: &discover::KindRef, message: &str| {
        if let Some(e) = engines.get(k.engine) {
            let error = FileError::new(e.engine().cli_name(), f.rel.clone(), message.to_string());
            outputs.push((k.engine, FileOutput::failed(&f.rel, k.kind, error), Duration::ZERO));
        }
    };
    let bytes = match engine::read_bytes(&f.path, cfg.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(message) => {
            for k in read {
                failed(&mut outputs, k, &message);
            }
            return (outputs, None);
        }
    };
    // valid UTF-8 for everyone; otherwise lossy text for the engines that take it (binary
    // content is skipped by them) and a warning for the others
    let binary = engine::looks_binary(&bytes);
    let (text, lossy, utf8_error) = match std::str::from_utf8(&bytes) {
        Ok(_) => (engine::text_of(bytes).ok(), None, None),
        Err(e) => {
            let message = format!("not valid UTF-8 (invalid byte at offset {}); skipped", e.valid_up_to());
            let lossy = (!binary).then(|| String::from_utf8_lossy(&bytes).into_owned());
            (None, lossy, Some(message))
        }
    };
    let mut lines = None;
    for k in read {
        let Some(e) = engines.get(k.engine) else { continue };
        // an engine that reads any text skips binary content (NUL bytes near the start), UTF-8 or not
        let chosen = match (&text, &lossy) {
            _ if binary && e.accepts_non_utf8() => None,
            (Some(t), _) => Some(t),
            (None, Some(l)) if e.accepts_non_utf8() => Some(l),
            _ => None,
        };
        match chosen {
            Some(t) => {
                let file = SourceFile { root: &cfg.root, path: &f.path, rel: &f.rel, text: t, read_separately };
                let started = Instant::now();
                let out = e.analyze(&file, k.kind);
                outputs.push((k.engine, out, started.elapsed()));
                if lines.is_none() {
                    lines = Some(postprocess::suppress::scan(t));
                }
            }
            None if binary && e.accepts_non_utf8() => {
                let mut out = FileOutput::new(&f.rel, k.kind);
                out.skipped = Some("binary content".into());
                outputs.push((k.engine, out, Duration::ZERO));
            }
            None => failed(&mut outputs, k, utf8_error.as_deref().unwrap_or("not valid UTF-8; skipped")),
        }
    }
    let lines = lines.unwrap_or_default();
    (outputs, (!lines.is_empty()).then(|| (f.rel.clone(), lines)))
}

/// Stack of each worker thread (reserved address space; only what is used is memory).
pub(crate) const WORKER_STACK: usize = 64 * 1024 * 1024;

fn scan_in_pool(
    cfg: &Config,
    mut history: Option<&mut store::Store>,
    meta: &store::ScanMeta,
    threads: usize,
) -> Result<Report> {
    let started = Instant::now();
    let mut timings = Vec::new();

    // ── Stage 1: discover. One walk of the tree; each file is classified once through the one table of
    //    file kinds every enabled engine registers into.
    let t = Instant::now();
    // engines are built in parallel (the secrets engine compiles its patterns while the code engine
    // compiles its rules), in their registered order
    let engines: Vec<Box<dyn Analyzer>> = engine::ENGINES
        .par_iter()
        .filter(|(id, _)| cfg.engines.contains(id))
        .map(|(_, factory)| factory(cfg))
        .collect::<Result<_>>()?;
    let kinds: Vec<Vec<engine::FileKind>> = engines.iter().map(|e| e.file_kinds()).collect();
    let table = discover::KindTable::new(&kinds)?;
    let found = discover::discover(&cfg.root, &cfg.exclude, &table, threads)?;
    timings.push(Timing { stage: "discover".into(), millis: millis(t.elapsed()) });
    let mut errors = found.errors;
    let mut notes: Vec<String> = found
        .tracked_ignored
        .iter()
        .map(|rel| format!("{rel}: tracked by git but matched by a .gitignore; scanned"))
        .collect();

    // ── Stage 2: read and analyse. Each claimed file is read once (bounded) and handed to every engine
    //    that claimed it, files in parallel; its suppression comments are noted while it is in hand.
    let t = Instant::now();
    let read_separately: std::collections::HashSet<std::path::PathBuf> =
        found.files.iter().map(|f| f.path.clone()).collect();
    let per_file: Vec<PerFile> =
        found.files.par_iter().map(|f| analyze_file(cfg, &engines, f, &read_separately)).collect();
    let mut by_engine: Vec<Vec<FileOutput>> = engines.iter().map(|_| Vec::new()).collect();
    let mut busy: Vec<Duration> = engines.iter().map(|_| Duration::ZERO).collect();
    let mut suppressions = Suppressions::default();
    for (outputs, lines) in per_file {
        for (i, out, took) in outputs {
            if let Some(list) = by_engine.get_mut(i) {
                list.push(out);
            }
            if let Some(b) = busy.get_mut(i) {
                *b += took;
            }
        }
        if let Some((rel, lines)) = lines {
            suppressions.insert(rel, lines);
        }
    }
    timings.push(Timing { stage: "read".into(), millis: millis(t.elapsed()) });
    // each engine's per-file work, summed over the worker threads (CPU time, inside "read")
    for (e, b) in engines.iter().zip(&busy) {
        timings.push(Timing { stage: format!("{}.files", e.engine().cli_name()), millis: millis(*b) });
    }

    // ── Stage 3: engines. Each engine combines its files' outputs (cross-file work), in parallel.
    let outputs: Vec<(engine::EngineOutput, u64)> = engines
        .par_iter()
        .zip(by_engine)
        .map(|(e, files)| {
            let t = Instant::now();
            let out = e.finish(&cfg.root, files);
            (out, millis(t.elapsed()))
        })
        .collect();
    let mut findings = Vec::new();
    let mut inventory = Vec::new();
    let mut scanned = Vec::new();
    let mut checks = None;
    let mut incomplete = Vec::new();
    let mut secret_values: Vec<String> = Vec::new();
    for (e, (out, ms)) in engines.iter().zip(outputs) {
        secret_values.extend(out.redact);
        timings.push(Timing { stage: e.engine().cli_name().into(), millis: ms });
        timings.extend(out.timings);
        findings.extend(out.findings);
        inventory.extend(out.inventory);
        errors.extend(out.errors);
        scanned.extend(out.scanned);
        checks = checks.or(out.checks);
        if let Some(reason) = out.incomplete {
            if cfg.allow_no_advisories {
                // the user accepted an unchecked run: still said loudly, as a warning of the report
                errors.push(FileError::new(
                    e.engine().cli_name(),
                    "advisories",
                    format!("accepted by --allow-no-advisories / deps.allow_no_advisories: {reason}"),
                ));
            } else {
                incomplete.push(reason);
            }
        }
        notes.extend(out.notes);
    }

    // ── Stage 4: merge. One fingerprint function for every engine; dedupe by fingerprint, most severe
    //    first; set aside what inline comments suppress (on the lines the engines read).
    // Reports of other tools: mapped, confined to the root, merged with what the engines found (one issue
    // per place and weakness, or per package and advisory, listing every source). A report that cannot be
    // read makes the scan incomplete: it was asked for.
    // what the other tools themselves suppressed: listed as suppressed, with their justification
    let mut tool_suppressed: Vec<(Finding, String)> = Vec::new();
    for (file, format) in &cfg.imports {
        let t = Instant::now();
        match adapters::import(&cfg.root, file, format, &mut errors) {
            Ok(parsed) => {
                secret_values.extend(parsed.secrets);
                adapters::merge(&mut findings, parsed.findings);
                tool_suppressed.extend(parsed.suppressed);
            }
            Err(message) => {
                errors.push(FileError::new(format.as_str(), file.display().to_string(), message.clone()));
                incomplete.push(format!("--import {}:{format} could not be read: {message}", file.display()));
            }
        }
        timings.push(Timing { stage: format!("import.{format}"), millis: millis(t.elapsed()) });
    }

    // Enabled external tools (§6.1): run, mapped and merged the same way.
    if cfg.tools.values().any(|on| *on) {
        let t = Instant::now();
        let ran = adapters::run_enabled(cfg, &mut errors);
        secret_values.extend(ran.secrets);
        adapters::merge(&mut findings, ran.findings);
        tool_suppressed.extend(ran.suppressed);
        timings.push(Timing { stage: "tools".into(), millis: millis(t.elapsed()) });
    }

    // A hard-coded credential the secrets engine reported is not reported again by a code rule on the same
    // line; no output shows a secret value, whichever engine's finding or message holds it.
    postprocess::secrets::drop_code_duplicates(&mut findings);
    let scrubber = postprocess::secrets::Scrubber::new(&secret_values);
    scrubber.findings(&mut findings);
    scrubber.errors(&mut errors);
    postprocess::fingerprint::assign(&mut findings);
    let (issues, suppressed) = postprocess::suppress::apply(postprocess::merge(findings), &suppressions);
    let mut suppressed: Vec<model::Suppressed> =
        suppressed.into_iter().map(|(issue, s)| model::Suppressed { issue, ids: s.ids, reason: s.reason }).collect();
    if !tool_suppressed.is_empty() {
        let (mut quiet, reasons): (Vec<Finding>, Vec<String>) = tool_suppressed.into_iter().unzip();
        scrubber.findings(&mut quiet);
        postprocess::fingerprint::assign(&mut quiet);
        for (issue, reason) in quiet.into_iter().zip(reasons) {
            let ids = vec![issue.rule_id.clone()];
            let mut reason = reason;
            scrubber.text(&mut reason);
            suppressed.push(model::Suppressed { issue, ids, reason });
        }
    }

    // ── Stage 5: history. Statuses a person set (accepted risk, false positive, in progress) carry over
    //    by fingerprint; the latest stored report of the same project and branch is the previous one.
    let mut issues = issues;
    let root_text = cfg.root.display().to_string();
    let mut previous: Option<(String, Vec<model::Finding>)> = None;
    if let Some(store) = history.as_deref_mut() {
        match store.prior_statuses(&root_text, &issues) {
            Ok(prior) => {
                store::apply_prior_statuses(&mut issues, &prior);
            }
            Err(e) => errors.push(model::FileError::new("history", store.path(), e.to_string())),
        }
        match store.latest_report_issues(&root_text, meta.branch.as_deref()) {
            Ok(Some((row, prev))) => {
                previous = Some((format!("report {} of {}", row.id, row.summary.created_at), prev))
            }
            Ok(None) => {}
            Err(e) => errors.push(model::FileError::new("history", store.path(), e.to_string())),
        }
    }

    // ── Stage 6: compare (a --baseline file wins over the history), score and gates.
    let created_at = now_rfc3339();
    let comparison = match &cfg.baseline {
        Some(path) => {
            let prev = postprocess::compare::load_baseline(path)
                .map_err(|m| error::Error::config("--baseline", format!("{}: {m}", path.display())))?;
            let mut c =
                postprocess::compare::compare(&prev, &issues, format!("baseline {}", path.display()), &created_at);
            c.gates_on_new_only = true;
            Some(c)
        }
        None => previous.map(|(against, prev)| {
            let mut c = postprocess::compare::compare(&prev, &issues, against, &created_at);
            c.gates_on_new_only = cfg.new_only;
            c
        }),
    };
    let new_only: Option<std::collections::HashSet<String>> = match &comparison {
        Some(c) if c.gates_on_new_only => Some(c.new.iter().cloned().collect()),
        // --new-only with no earlier report: everything is new
        None if cfg.new_only => Some(issues.iter().map(|f| f.fingerprint.clone()).collect()),
        _ => None,
    };
    let security_score = postprocess::score::score(&issues);
    let gates = postprocess::gate::evaluate(&issues, security_score, cfg.fail_on, cfg.min_score, new_only.as_ref());
    timings.push(Timing { stage: "total".into(), millis: millis(started.elapsed()) });

    let mut report = Report {
        summary: ReportSummary {
            security_score,
            total_issues: 0,
            critical_issues: 0,
            high_issues: 0,
            medium_issues: 0,
            low_issues: 0,
            info_issues: 0,
            created_at,
        },
        root: cfg.root.display().to_string(),
        tool_version: VERSION.to_string(),
        issues,
        suppressed,
        inventory,
        errors,
        gates,
        comparison,
        timings,
        files_scanned: found.files_seen,
        scanned,
        checks,
        incomplete,
        notes,
        excluded: found.excluded,
        relaxed_settings: cfg.relaxed.clone(),
        ..Report::default()
    };
    report.summary.critical_issues = report.count(Severity::Critical);
    report.summary.high_issues = report.count(Severity::High);
    report.summary.medium_issues = report.count(Severity::Medium);
    report.summary.low_issues = report.count(Severity::Low);
    report.summary.info_issues = report.count(Severity::Info);
    report.summary.total_issues = report.summary.critical_issues
        + report.summary.high_issues
        + report.summary.medium_issues
        + report.summary.low_issues
        + report.summary.info_issues;

    // Artifacts name the project and paths relative to it, never the scanning machine's paths.
    let home = dirs::home_dir();
    for e in report.errors.iter_mut() {
        e.file_path = postprocess::machine_paths_hidden(&e.file_path, &cfg.root, home.as_deref());
        e.message = postprocess::machine_paths_hidden(&e.message, &cfg.root, home.as_deref());
    }
    for reason in report.incomplete.iter_mut() {
        *reason = postprocess::machine_paths_hidden(reason, &cfg.root, home.as_deref());
    }

    // ── Stage 7: store. The report and its issues go into the history; the lifecycle gives each issue its
    //    first-seen time; the trend and remediation figures come back for the reports.
    if let Some(store) = history {
        match store.save(&report, meta) {
            Ok(saved) => {
                report.report_id = Some(saved.report_id);
                for f in report.issues.iter_mut() {
                    if let Some(state) = saved.statuses.get(&f.fingerprint) {
                        f.first_seen_at = Some(state.first_seen_at.clone());
                    }
                }
                if let Ok(points) = store.score_trend(Some(&root_text), meta.branch.as_deref(), Some(100)) {
                    report.trend = points.into_iter().map(Into::into).collect();
                }
                if let Ok(r) = store.remediation(Some(&root_text), None) {
                    report.remediation = Some(model::RemediationStats {
                        open_issues: r.open.min(u32::MAX as u64) as u32,
                        resolved_issues: r.resolved.min(u32::MAX as u64) as u32,
                        mttr_hours: r.mttr_seconds.map(|s| s / 3600.0),
                    });
                }
            }
            Err(e) => {
                let message = postprocess::machine_paths_hidden(&e.to_string(), &cfg.root, dirs::home_dir().as_deref());
                report.errors.push(model::FileError::new("history", "history", message))
            }
        }
    }
    Ok(report)
}
