//! `secscan run`: scan, write the reports, say the result, return the exit code.
use super::{Terminal, EXIT_ERROR, EXIT_GATE_FAILED, EXIT_PASSED};
use crate::config::{Config, Env};
use crate::error::{Error, Result};
use crate::model::{Report, Severity};
use crate::report::table::Paint;
use crate::report::text::terminal;
use crate::report::{by_name, Artifact, RenderOptions};
use crate::store::{ScanMeta, Store};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where output goes, beyond the configuration.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `-o FILE` or `-o -`: the one machine-readable format goes there.
    pub output: Option<PathBuf>,
    /// List triaged issues in the terminal report too.
    pub show_triaged: bool,
    /// `--log-sink loki://host:port` or `SECSCAN_LOG_SINK`: where errors, warnings and the summary go.
    pub log_sink: Option<String>,
}

/// Where each rendered artifact goes.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    Stdout,
    Stderr,
    File(PathBuf),
}

/// Decide where every format goes: a single machine format may go to standard output (`-o -` or
/// `--out-dir -`), the others into the out-dir; the terminal report goes to standard output unless that
/// is taken, then to standard error.
fn plan(formats: &[String], out_dir: Option<&Path>, output: Option<&Path>) -> Result<Vec<(String, Destination)>> {
    let dash = Path::new("-");
    let to_stdout = output == Some(dash) || out_dir == Some(dash);
    let machine: Vec<&String> = formats.iter().filter(|f| by_name(f).is_some_and(|r| !r.is_terminal())).collect();
    let single: Option<String> = match (output, out_dir == Some(dash)) {
        (Some(_), _) | (None, true) => match machine.as_slice() {
            [] => Some("json".to_string()),
            [one] => Some(one.to_string()),
            many => {
                return Err(Error::usage(format!(
                "-o and --out-dir - take one machine-readable format, not {} ({}); write several with --out-dir DIR",
                many.len(),
                many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )))
            }
        },
        (None, false) => None,
    };
    if single.as_deref() == Some("gitlab") {
        return Err(Error::usage("the gitlab format writes three files: use --out-dir DIR"));
    }
    let dir = out_dir.filter(|d| *d != dash).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let mut plan = Vec::new();
    for f in formats {
        if Some(f) == single.as_ref() {
            continue;
        }
        let Some(r) = by_name(f) else { continue };
        if r.is_terminal() {
            plan.push((f.clone(), if to_stdout { Destination::Stderr } else { Destination::Stdout }));
        } else {
            plan.push((f.clone(), Destination::File(dir.clone())));
        }
    }
    if let Some(f) = single {
        let dest = match output {
            Some(p) if p != dash => Destination::File(p.to_path_buf()),
            _ => Destination::Stdout,
        };
        plan.push((f, dest));
    }
    Ok(plan)
}

/// Write every format of `formats` for `report`; returns the files written. Shared by `run` and
/// `report show`.
pub fn write_reports(
    report: &Report,
    formats: &[String],
    out_dir: Option<&Path>,
    output: Option<&Path>,
    term: &Terminal,
    show_triaged: bool,
) -> Result<Vec<PathBuf>> {
    let mut wrote = Vec::new();
    for (format, dest) in plan(formats, out_dir, output)? {
        let Some(reporter) = by_name(&format) else { continue };
        let opts = RenderOptions {
            color: match dest {
                Destination::Stdout => term.color_out,
                Destination::Stderr => term.color_err,
                Destination::File(_) => false,
            },
            width: term.width,
            show_triaged,
        };
        if reporter.is_terminal() && term.quiet {
            continue;
        }
        // JSON and SARIF are written as they are serialized, through a buffer
        if let Some(name) = reporter.streamed() {
            match &dest {
                Destination::Stdout => {
                    to_stream(&mut std::io::stdout(), |w| reporter.write_to(report, w))?;
                    continue;
                }
                Destination::File(p) => {
                    if let Some(path) = file_path(p, output, Some(name)) {
                        write_file(&path, |w| reporter.write_to(report, w))?;
                        wrote.push(path);
                    }
                    continue;
                }
                Destination::Stderr => {}
            }
        }
        let artifacts: Vec<Artifact> = reporter.render_with(report, &opts)?;
        for artifact in artifacts {
            let bytes = |w: &mut (dyn Write + Send)| w.write_all(&artifact.bytes);
            match &dest {
                Destination::Stdout => to_stream(&mut std::io::stdout(), bytes)?,
                Destination::Stderr => to_stream(&mut std::io::stderr(), bytes)?,
                Destination::File(p) => {
                    if let Some(path) = file_path(p, output, artifact.file_name) {
                        write_file(&path, bytes)?;
                        wrote.push(path);
                    }
                }
            }
        }
    }
    Ok(wrote)
}

/// Where a report file goes: `-o FILE` names it; a folder takes the format's own file name (a format
/// without one is not written to a folder).
fn file_path(dest: &Path, output: Option<&Path>, name: Option<&str>) -> Option<PathBuf> {
    match (name, output.filter(|o| *o == dest)) {
        (_, Some(file)) => Some(file.to_path_buf()),
        (Some(name), None) => Some(dest.join(name)),
        (None, None) => None,
    }
}

/// Write a report file through a buffer into a temporary file beside it, renamed into place once
/// complete: a write that fails midway never leaves a truncated report for a pipeline to read.
fn write_file(path: &Path, write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>) -> Result<()> {
    if let Some(parent) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, format!("cannot create: {e}")))?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    let result = std::fs::File::create(&partial)
        .and_then(|file| {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
            write(&mut w)?;
            w.flush()
        })
        .and_then(|_| {
            // the report it replaces is moved aside first and deleted after: renaming over an existing
            // file makes ext4 write the new one out before the rename returns (36 ms for a 51 MB report)
            let old = path.with_file_name(format!(".{name}.old"));
            let moved = std::fs::rename(path, &old).is_ok();
            let renamed = std::fs::rename(&partial, path);
            if moved {
                match &renamed {
                    Ok(()) => drop(std::fs::remove_file(&old)),
                    Err(_) => drop(std::fs::rename(&old, path)),
                }
            }
            renamed
        });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::io(path, format!("cannot write: {e}")));
    }
    Ok(())
}

/// Write to standard output or error through a buffer; a closed pipe (`secscan run | head`) is not an
/// error of the scan.
fn to_stream(
    w: &mut (dyn Write + Send),
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 20, w);
    match write(&mut buffered).and_then(|_| buffered.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("standard output", e)),
        Ok(()) => Ok(()),
    }
}

/// The history database's folder `.secscan/` inside the scanned repository gets a `.gitignore` on first
/// use (as ruff does for its cache), so `git status` stays clean.
fn ignore_history_folder(root: &Path, db: &Path) {
    let folder = root.join(".secscan");
    if db.parent() == Some(folder.as_path()) {
        let file = folder.join(".gitignore");
        if !file.exists() {
            let _ = std::fs::create_dir_all(&folder);
            let _ =
                std::fs::write(&file, "# Written by secscan: its history database and caches stay out of git.\n*\n");
        }
    }
}

/// Print the settings that matter before a scan: an ignored repository configuration, weakened settings,
/// a switched-off scan. Returns false when the scan is switched off.
fn announce(cfg: &Config) -> bool {
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
            terminal(&r.value),
            r.message
        );
    }
    if !cfg.enabled {
        eprintln!(
            "secscan: the scan is switched off by {}; nothing scanned",
            terminal(cfg.disabled_by.as_deref().unwrap_or("the configuration"))
        );
        return false;
    }
    if let Some(note) = &cfg.jobs_note {
        eprintln!("secscan: {note}");
    }
    true
}

/// Scan `cfg.root`, write the reports, print the result; the exit code.
pub fn run(cfg: &Config, opts: &RunOptions, term: &Terminal, env: &dyn Env) -> Result<u8> {
    if !announce(cfg) {
        return Ok(EXIT_PASSED);
    }
    let mut store = match &cfg.history_db {
        Some(path) => match Store::open(path) {
            Ok(s) => {
                ignore_history_folder(&cfg.root, path);
                Some(s)
            }
            Err(e) if cfg.strict => return Err(e.into()),
            Err(e) => {
                eprintln!("warning: history database: {}; this report is not stored", terminal(&e.to_string()));
                None
            }
        },
        None => None,
    };
    let meta = ScanMeta::detect(&cfg.root, &|k: &str| env.get(k));
    let bar = crate::progress::spinner(&format!("scanning {}", terminal(&cfg.root.display().to_string())), term.quiet);
    let report = crate::scan_with_history(cfg, store.as_mut(), &meta);
    bar.finish_and_clear();
    let report = report?;

    let writing = std::time::Instant::now();
    let wrote =
        write_reports(&report, &cfg.formats, cfg.out_dir.as_deref(), opts.output.as_deref(), term, opts.show_triaged)?;
    if term.verbose {
        verbose(&report, writing.elapsed());
    }
    let table_shown = !term.quiet && cfg.formats.iter().any(|f| by_name(f).is_some_and(|r| r.is_terminal()));
    if !table_shown {
        // the terminal report was not printed: the warnings still are
        for e in &report.errors {
            let at = e.line_number.map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!("warning: {}{at}: {}", terminal(&e.file_path), terminal(&e.message));
        }
    }
    let code = if !report.incomplete.is_empty() || (cfg.strict && !report.errors.is_empty()) {
        EXIT_ERROR
    } else if report.gate_failed() {
        EXIT_GATE_FAILED
    } else {
        EXIT_PASSED
    };
    print_result(&report, &wrote, cfg, term, code);
    if let Some(sink) = opts.log_sink.as_deref().filter(|s| !s.trim().is_empty()) {
        if let Err(message) = super::loki::push(sink, &report, &meta, i32::from(code)) {
            eprintln!("warning: log sink: {}; the scan's result stands", terminal(&message));
        }
    }
    // the process ends here: freeing a report of a large monorepo (every package, every finding) one
    // allocation at a time only delays the exit
    std::mem::forget(report);
    Ok(code)
}

/// `-v`: per-stage timings (the scan's, then the time the reports took to write), what each source did,
/// files skipped.
fn verbose(report: &Report, writing: std::time::Duration) {
    let stages: Vec<String> = report.timings.iter().map(|t| format!("{} {} ms", t.stage, t.millis)).collect();
    eprintln!("timings: {}, reports written in {} ms", stages.join(", "), writing.as_millis());
    for n in &report.notes {
        eprintln!("source: {}", terminal(n));
    }
    for s in report.scanned.iter().filter(|s| !s.complete) {
        eprintln!("skipped: {} ({}; see the warnings)", terminal(&s.file_path), s.kind);
    }
    for e in &report.excluded {
        eprintln!("excluded: {}", terminal(e));
    }
}

/// The gates, the result and what to do next, on standard error whatever the formats (so a CI log
/// always says why a job failed).
fn print_result(report: &Report, wrote: &[PathBuf], cfg: &Config, term: &Terminal, code: u8) {
    let paint = Paint::new(term.color_err);
    for g in &report.gates {
        if term.quiet && g.passed {
            continue;
        }
        let verdict = if g.passed { paint.dim("passed") } else { paint.severity(Severity::Critical, "FAILED") };
        eprintln!("gate {:<8} {verdict}  {}", g.gate, g.message);
    }
    for reason in &report.incomplete {
        eprintln!("{} {}", paint.severity(Severity::Critical, "NOT CHECKED:"), terminal(reason));
    }
    let result = match code {
        EXIT_PASSED => paint.style(anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into())), "passed"),
        EXIT_GATE_FAILED => paint.severity(Severity::Critical, "FAILED"),
        _ if !report.incomplete.is_empty() => paint.severity(Severity::Critical, "INCOMPLETE (not a pass)"),
        _ => paint.severity(Severity::Critical, "ERROR (strict: some files or sources were not read completely)"),
    };
    eprintln!("result: {result} (exit {code})");
    if term.quiet {
        return;
    }
    // what to do next: the upgrade that fixes the most, where the reports are, how to triage
    let mut fixes: BTreeMap<(String, String), (Severity, usize, String)> = BTreeMap::new();
    for f in report.issues.iter().filter(|f| f.status.counts() && f.issue_type.is_dependency()) {
        if let (Some(name), Some(fix)) = (&f.package_name, f.fixed_versions.first()) {
            let e = fixes.entry((name.clone(), fix.clone())).or_insert((
                f.severity,
                0,
                f.package_version.clone().unwrap_or_default(),
            ));
            e.0 = e.0.max(f.severity);
            e.1 += 1;
        }
    }
    if let Some(((name, fix), (_, n, from))) = fixes.iter().max_by_key(|(_, (sev, n, _))| (*sev, *n)) {
        eprintln!(
            "next: upgrade {} {} to {} (fixes {n} issue{})",
            terminal(name),
            terminal(from),
            terminal(fix),
            if *n == 1 { "" } else { "s" }
        );
    }
    if !wrote.is_empty() {
        let names: Vec<String> = wrote.iter().map(|p| terminal(&p.display().to_string()).into_owned()).collect();
        eprintln!("next: reports written: {}", names.join(", "));
    }
    if let Some(first) = report.issues.iter().find(|f| f.status.counts() && f.severity > Severity::Info) {
        let db = cfg.history_db.as_ref().map(|_| "").unwrap_or(" (needs the history: drop --no-history)");
        eprintln!("next: triage with `secscan issues set-status {} accepted-risk --reason \"…\"`{db}", first.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn report_files_are_replaced_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("secscan-report.json");
        write_file(&path, |w| w.write_all(b"first report, longer")).expect("first write");
        write_file(&path, |w| w.write_all(b"second")).expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        // a write that fails leaves the report before it in place, and nothing beside it
        let failed = write_file(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into())
            .collect();
        names.sort();
        assert_eq!(names, ["secscan-report.json"]);
    }

    #[test]
    fn output_plans() {
        let dash = Path::new("-");
        // default: table on stdout, files into the folder
        let p = plan(&f(&["table", "json", "sarif"]), Some(Path::new("r")), None).expect("plan");
        assert_eq!(p[0], ("table".into(), Destination::Stdout));
        assert_eq!(p[1], ("json".into(), Destination::File(PathBuf::from("r"))));
        // one machine format to stdout: the table moves to stderr; no folder named "-"
        let p = plan(&f(&["table", "json"]), Some(dash), None).expect("plan");
        assert_eq!(p, vec![("table".into(), Destination::Stderr), ("json".into(), Destination::Stdout)]);
        let p = plan(&f(&["sarif"]), None, Some(dash)).expect("plan");
        assert_eq!(p, vec![("sarif".into(), Destination::Stdout)]);
        let p = plan(&f(&["table"]), None, Some(Path::new("x.json"))).expect("plan");
        assert_eq!(p[1], ("json".into(), Destination::File(PathBuf::from("x.json"))));
        assert!(plan(&f(&["json", "sarif"]), None, Some(dash)).is_err());
        assert!(plan(&f(&["gitlab"]), None, Some(dash)).is_err());
    }
}
