//! Reports of other tools, taken into secscan's report: `run --import FILE:FORMAT` (repeatable).
//!
//! One module per tool (`adapters/bandit.rs`…), registered in [`ADAPTERS`]: each says how the tool is
//! run when its switch is on (`run::ToolSpec`) and how its report maps the tool's JSON (or SARIF) to findings with
//! the spec's issue type, OWASP category, CWE, severity, confidence, file, line, a redacted snippet and a
//! rule id prefixed with the tool's name (`bandit:B602`). An imported finding that secscan also found — the
//! same file, line and CWE, or the same package, version and advisory — is one issue: the tool's id is
//! added to the secscan finding's aliases and its description says who else reported it.
//!
//! Imported files are untrusted input: bounded in size, paths confined to the scanned root (a finding that
//! names a file outside it is dropped with a warning), secret values redacted before anything stores them.
mod common;
pub(crate) mod run;

mod bandit;
mod detect_secrets;
mod eslint;
mod gitleaks;
mod npm_audit;
#[cfg(test)]
mod parser_tests;
mod pip_audit;
mod pnpm_audit;
mod safety;
mod sarif;
mod semgrep;
mod snyk;
mod sqlfluff;
mod trufflehog;
mod yarn_audit;

use crate::model::{Engine, FileError, Finding, IssueType};
use std::path::Path;

/// The largest report file read.
const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;

/// A parser: the report's JSON → findings (paths as the tool wrote them) and the secret values it holds.
type Parser = fn(&serde_json::Value) -> Result<Parsed, String>;

/// What a parser made of a report.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) findings: Vec<Finding>,
    /// Secret values the report holds (gitleaks' `Secret`): redacted everywhere.
    pub(crate) secrets: Vec<String>,
    /// What the tool says it could not check (pip-audit's skipped packages): warnings, never a silent pass.
    pub(crate) warnings: Vec<String>,
    /// Findings the tool itself reports as suppressed (SARIF `suppressions`), with its justification: listed
    /// as suppressed, out of the score and the gates, like an inline suppression.
    pub(crate) suppressed: Vec<(Finding, String)>,
}

/// One external tool: the report format `--import` names (also the tool shown as the findings' source),
/// the parser of its report, and how it is run when its switch is on (None: import only).
pub(crate) struct Adapter {
    pub(crate) format: &'static str,
    pub(crate) parse: Parser,
    pub(crate) run: Option<&'static run::ToolSpec>,
}

/// The adapters. Adding a tool: its module, and one line here.
pub(crate) static ADAPTERS: &[&Adapter] = &[
    &sarif::ADAPTER,
    &bandit::ADAPTER,
    &semgrep::ADAPTER,
    &eslint::ADAPTER,
    &gitleaks::ADAPTER,
    &detect_secrets::ADAPTER,
    &npm_audit::ADAPTER,
    &yarn_audit::ADAPTER,
    &pnpm_audit::ADAPTER,
    &pip_audit::ADAPTER,
    &trufflehog::ADAPTER,
    &snyk::ADAPTER,
    &safety::ADAPTER,
    &sqlfluff::ADAPTER,
];

/// The adapter of a report format.
fn by_format(format: &str) -> Option<&'static Adapter> {
    ADAPTERS.iter().copied().find(|a| a.format == format)
}

/// The adapter run by a `[tools]` key (`npm_audit`, `detect_secrets`).
fn by_key(key: &str) -> Option<(&'static Adapter, &'static run::ToolSpec)> {
    ADAPTERS.iter().find_map(|a| a.run.filter(|s| s.key == key).map(|s| (*a, s)))
}

/// The format names, for `--help` and errors.
pub fn format_names() -> Vec<&'static str> {
    ADAPTERS.iter().map(|a| a.format).collect()
}

/// `FILE:FORMAT` as given on the command line.
pub fn parse_spec(spec: &str) -> Result<(std::path::PathBuf, String), String> {
    let (file, format) = spec
        .rsplit_once(':')
        .ok_or_else(|| format!("{spec}: expected FILE:FORMAT (formats: {})", format_names().join(", ")))?;
    if by_format(format).is_none() {
        return Err(format!("{spec}: unknown format {format} (formats: {})", format_names().join(", ")));
    }
    Ok((std::path::PathBuf::from(file), format.to_string()))
}

/// Read and map one report file. Problems with the file are errors naming it (a scan that was asked to
/// take a report and could not is not complete); problems with single results are warnings.
pub(crate) fn import(root: &Path, file: &Path, format: &str, errors: &mut Vec<FileError>) -> Result<Parsed, String> {
    let bytes = crate::engine::read_bytes(file, MAX_REPORT_BYTES).map_err(|m| format!("{}: {m}", file.display()))?;
    ingest(root, &file.display().to_string(), &bytes, format, errors)
}

/// Map a report's bytes (from a file or from a tool secscan ran).
pub(crate) fn ingest(
    root: &Path,
    source: &str,
    bytes: &[u8],
    format: &str,
    errors: &mut Vec<FileError>,
) -> Result<Parsed, String> {
    let parser = by_format(format).map(|a| a.parse).ok_or_else(|| format!("unknown format {format}"))?;
    // an empty file is no report (a tool that crashed before writing), not a clean one; truffleHog's
    // JSON lines are the one format where no output means nothing found
    if bytes.trim_ascii().is_empty() && format != "trufflehog" {
        return Err(format!("{source}: empty, not a {format} report"));
    }
    let doc: serde_json::Value = serde_json::from_slice(bytes)
        .or_else(|_| {
            // gitleaks writes `null` for no findings, some tools JSON lines: one document per line
            let text = String::from_utf8_lossy(bytes);
            let docs: Result<Vec<serde_json::Value>, _> =
                text.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect();
            docs.map(serde_json::Value::Array)
        })
        .map_err(|e| format!("{source}: not JSON: {e}"))?;
    let mut parsed = parser(&doc).map_err(|m| format!("{source}: not a {format} report: {m}"))?;
    for w in parsed.warnings.drain(..) {
        errors.push(FileError::new(format, source.to_string(), crate::report::text::truncate(&w, 500)));
    }
    // paths: relative to the scanned root, never outside it
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut admit = |mut f: Finding| -> Option<Finding> {
        if let Some(p) = f.file_path.take() {
            match confine(&canonical_root, root, &p) {
                Some(rel) => f.file_path = Some(rel),
                None => {
                    errors.push(FileError::new(
                        format,
                        source.to_string(),
                        format!(
                            "a result names a file outside the scanned folder ({}); left out",
                            crate::report::text::truncate(&p, 200)
                        ),
                    ));
                    return None;
                }
            }
        }
        // every text of the report is bounded (truncate also strips terminal controls)
        let bound = |s: &mut String, max: usize| *s = crate::report::text::truncate(s, max);
        bound(&mut f.title, 300);
        bound(&mut f.description, 4000);
        bound(&mut f.rule_id, 200);
        for s in f.snippet.iter_mut().chain(f.package_name.iter_mut()).chain(f.package_version.iter_mut()) {
            bound(s, 500);
        }
        for s in f.aliases.iter_mut().chain(f.cwe.iter_mut()).chain(f.vulnerability_id.iter_mut()) {
            bound(s, 200);
        }
        // a hard-coded credential that a code tool (bandit, semgrep) reports keeps its line out of every
        // artifact: the value would be in it, and only secret tools' values are known to the redactor
        if f.cwe.iter().any(|c| matches!(c.as_str(), "CWE-259" | "CWE-321" | "CWE-798")) {
            f.snippet = None;
            // and its message may quote the value (bandit: "Possible hardcoded password: 'hunter2'")
            f.title = without_quoted(&f.title);
            f.description = without_quoted(&f.description);
        }
        Some(f)
    };
    parsed.findings = std::mem::take(&mut parsed.findings).into_iter().filter_map(&mut admit).collect();
    parsed.suppressed = std::mem::take(&mut parsed.suppressed)
        .into_iter()
        .filter_map(|(f, why)| admit(f).map(|f| (f, crate::report::text::truncate(&why, 600))))
        .collect();
    Ok(parsed)
}

/// `text` with every quoted part ('…', "…", `…`) replaced by a redaction mark: a credential finding's
/// message may quote the credential.
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\'' | '"' | '`') {
            let rest: String = chars.clone().collect();
            if let Some(end) = rest.find(c).filter(|&e| e > 0) {
                out.push(c);
                out.push_str("[redacted]");
                out.push(c);
                // skip the quoted part and its closing quote
                for _ in 0..rest[..end].chars().count() + 1 {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Run the enabled tools (§6.1 `*_ENABLED`, `[tools]`) and map their reports; every problem is a warning
/// naming the tool. Returns the findings and the secret values the reports held.
pub(crate) fn run_enabled(cfg: &crate::config::Config, errors: &mut Vec<FileError>) -> Parsed {
    let mut out = Parsed::default();
    for (key, on) in &cfg.tools {
        if !on {
            continue;
        }
        if cfg.offline && by_key(key).is_some_and(|(_, spec)| spec.network) {
            errors.push(FileError::new(
                &key.replace('_', "-"),
                "tool",
                "needs the network; skipped under --offline".to_string(),
            ));
            continue;
        }
        let switch = key.as_str();
        // NPM_AUDIT_ENABLED runs the audit of the package manager whose lockfile the root holds
        let key = if key == "npm_audit" {
            match ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"]
                .iter()
                .find(|l| cfg.root.join(l).is_file())
            {
                Some(&"yarn.lock") => "yarn_audit",
                Some(&"pnpm-lock.yaml") => "pnpm_audit",
                Some(_) => "npm_audit",
                None => {
                    errors.push(FileError::new(
                        "npm-audit",
                        "tool",
                        "no npm, yarn or pnpm lockfile at the root; not run".to_string(),
                    ));
                    continue;
                }
            }
        } else {
            key.as_str()
        };
        let Some((adapter, spec)) = by_key(key) else { continue };
        let name = spec.key.replace('_', "-");
        if let (Some(why), true) = (spec.runs_repo_code, cfg.tools_from_repo.contains(switch)) {
            // the repository would have the pipeline run its own code: not run, and said loudly
            errors.push(FileError::new(
                &name,
                "tool",
                format!(
                    "not run: switched on by the scanned repository's own {} and {why}; switch it on with \
                     {}_ENABLED or a --config file for a repository you trust",
                    crate::config::REPO_CONFIG,
                    switch.to_ascii_uppercase()
                ),
            ));
            continue;
        }
        // a per-tool timeout, by the switch's key (npm_audit covers the yarn and pnpm audits)
        let seconds = cfg.tool_timeouts.get(switch).or_else(|| cfg.tool_timeouts.get(key)).copied();
        let timeout = std::time::Duration::from_secs(seconds.unwrap_or(cfg.tool_timeout_secs));
        let result = run::run(spec, &cfg.root, timeout, &cfg.sql_dialect)
            .and_then(|bytes| ingest(&cfg.root, &format!("{name} output"), &bytes, adapter.format, errors));
        match result {
            Ok(parsed) => {
                out.secrets.extend(parsed.secrets);
                out.findings.extend(parsed.findings);
                out.suppressed.extend(parsed.suppressed);
            }
            Err(message) => errors.push(FileError::new(&name, "tool", message)),
        }
    }
    out
}

/// A tool's path as a path relative to the root, if it is inside it.
fn confine(canonical_root: &Path, root: &Path, p: &str) -> Option<String> {
    let p = p.strip_prefix("file://").unwrap_or(p);
    let path = Path::new(p);
    let rel = if path.is_absolute() {
        path.strip_prefix(canonical_root).or_else(|_| path.strip_prefix(root)).ok()?.to_path_buf()
    } else {
        path.to_path_buf()
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            std::path::Component::CurDir => {}
            // `..` and anything else could leave the root
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Merge imported findings into secscan's: the same place and weakness (file, line and a shared CWE) or
/// the same dependency issue (package, version and a shared advisory id) is one issue.
pub(crate) fn merge(findings: &mut Vec<Finding>, imported: Vec<Finding>) {
    // indexes by place and by package, so that a large report merges in one pass
    type Place = (String, Option<u32>);
    type Package = (String, Option<String>);
    let place = |f: &Finding| -> Option<Place> { Some((f.file_path.clone()?, f.line_number)) };
    let package = |f: &Finding| -> Option<Package> {
        Some((f.package_name.as_deref()?.to_ascii_lowercase(), f.package_version.clone()))
    };
    let dependency = |f: &Finding| {
        f.engine == Engine::Deps || matches!(f.issue_type, IssueType::PythonDependency | IssueType::NodeDependency)
    };
    let mut by_place: rustc_hash::FxHashMap<Place, Vec<usize>> = Default::default();
    let mut by_package: rustc_hash::FxHashMap<Package, Vec<usize>> = Default::default();
    let index = |i: usize,
                 f: &Finding,
                 by_place: &mut rustc_hash::FxHashMap<Place, Vec<usize>>,
                 by_package: &mut rustc_hash::FxHashMap<Package, Vec<usize>>| {
        if let Some(k) = package(f) {
            by_package.entry(k).or_default().push(i);
        }
        if !dependency(f) {
            if let Some(k) = place(f) {
                by_place.entry(k).or_default().push(i);
            }
        }
    };
    for (i, f) in findings.iter().enumerate() {
        index(i, f, &mut by_place, &mut by_package);
    }
    for f in imported {
        let same = if dependency(&f) {
            let ids: Vec<&String> = f.vulnerability_id.iter().chain(&f.aliases).collect();
            package(&f).and_then(|k| by_package.get(&k)).and_then(|list| {
                list.iter().copied().find(|&i| {
                    findings[i].vulnerability_id.iter().chain(&findings[i].aliases).any(|x| ids.contains(&x))
                })
            })
        } else {
            place(&f).and_then(|k| by_place.get(&k)).and_then(|list| {
                list.iter().copied().find(|&i| {
                    let o = &findings[i];
                    o.cwe.iter().any(|c| f.cwe.contains(c)) || o.issue_type == f.issue_type
                })
            })
        };
        match same {
            Some(i) => {
                let o = &mut findings[i];
                // the more severe word wins: a merge never lets a gate pass that the tool's result fails
                if f.severity > o.severity {
                    o.severity = f.severity;
                }
                if !o.aliases.contains(&f.rule_id) {
                    o.aliases.push(f.rule_id.clone());
                    o.aliases.sort();
                }
                let tool = f.rule_id.split(':').next().unwrap_or("another tool");
                if !o.description.contains(&format!("Also reported by {tool}")) {
                    o.description.push_str(&format!(" Also reported by {tool} ({}).", f.rule_id));
                }
            }
            None => {
                index(findings.len(), &f, &mut by_place, &mut by_package);
                findings.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One registration: every adapter's switch is a §6.1 variable (or the tool's own key) and every
    /// such variable runs an adapter; every format is documented in the README and named by --import.
    #[test]
    fn every_adapter_is_registered_switched_and_documented() {
        let keys: Vec<&str> = ADAPTERS.iter().filter_map(|a| a.run.map(|s| s.key)).collect();
        for var in crate::config::TOOL_VARIABLES {
            let key = var.trim_end_matches("_ENABLED").to_ascii_lowercase();
            assert!(keys.contains(&key.as_str()), "{var} runs no adapter");
        }
        for key in &keys {
            // yarn's and pnpm's audits run under NPM_AUDIT_ENABLED, by the lockfile
            let var = format!("{}_ENABLED", key.to_ascii_uppercase());
            assert!(
                crate::config::TOOL_VARIABLES.contains(&var.as_str()) || matches!(*key, "yarn_audit" | "pnpm_audit"),
                "{key} has no switch"
            );
        }
        let readme = include_str!("../../README.md");
        for a in ADAPTERS {
            assert!(readme.contains(&format!("`{}`", a.format)), "{} is not in the README", a.format);
            assert!(by_format(a.format).is_some_and(|b| std::ptr::eq(b, *a)), "{} registered twice", a.format);
        }
    }

    #[test]
    fn merging_is_by_place_and_weakness_or_by_package_and_advisory() {
        use crate::model::{Ecosystem, Severity};
        let code = |engine, rule: &str, line, cwe: &str| {
            let mut f = Finding::new(engine, rule, IssueType::OwaspInjection, Severity::High, rule.into());
            f.file_path = Some("app.py".into());
            f.line_number = Some(line);
            f.cwe = vec![cwe.into()];
            f
        };
        let dep = |rule: &str, id: &str, alias: &str| {
            let mut f = Finding::new(Engine::Deps, rule, IssueType::PythonDependency, Severity::High, rule.into());
            f.package_name = Some("Django".into());
            f.package_version = Some("3.2.0".into());
            f.ecosystem = Some(Ecosystem::PyPI);
            f.vulnerability_id = Some(id.into());
            f.aliases = vec![alias.into()];
            f
        };
        let mut findings =
            vec![code(Engine::Code, "py-sql-injection", 7, "CWE-89"), dep("GHSA-x", "GHSA-x", "CVE-2021-1")];
        merge(
            &mut findings,
            vec![
                code(Engine::Code, "bandit:B608", 7, "CWE-89"),
                code(Engine::Code, "semgrep:sqli", 9, "CWE-89"),
                code(Engine::Code, "bandit:B608", 9, "CWE-89"),
                dep("pip-audit:PYSEC-1", "PYSEC-1", "CVE-2021-1"),
            ],
        );
        let ids: Vec<(&str, Vec<String>)> = findings.iter().map(|f| (f.rule_id.as_str(), f.aliases.clone())).collect();
        assert_eq!(ids.len(), 3, "{ids:?}");
        assert_eq!(ids[0].1, vec!["bandit:B608"]);
        assert!(ids[1].1.contains(&"pip-audit:PYSEC-1".to_string()));
        assert_eq!((ids[2].0, ids[2].1.clone()), ("semgrep:sqli", vec!["bandit:B608".to_string()]), "two tools agree");

        // a tool that rates the same issue higher raises it: a merge never lets a gate pass
        let mut lower = code(Engine::Code, "py-sql-injection", 7, "CWE-89");
        lower.severity = Severity::Medium;
        let mut findings = vec![lower];
        let mut critical = code(Engine::Code, "bandit:B608", 7, "CWE-89");
        critical.severity = Severity::Critical;
        merge(&mut findings, vec![critical]);
        assert_eq!((findings.len(), findings[0].severity), (1, Severity::Critical));
    }

    /// An empty report is not a clean one; a credential's line from a code tool is not kept.
    #[test]
    fn empty_reports_and_credential_lines() {
        let root = Path::new("/repo");
        let mut errors = Vec::new();
        let err = ingest(root, "bandit.json", b"  \n", "bandit", &mut errors).expect_err("empty");
        assert!(err.contains("empty"), "{err}");
        assert!(ingest(root, "th.json", b"", "trufflehog", &mut errors).is_ok_and(|p| p.findings.is_empty()));
        let report = br#"{"results": [{"filename": "app.py", "line_number": 3, "test_id": "B105",
            "test_name": "hardcoded_password_string", "issue_text": "Possible hardcoded password: 'hunter2'",
            "issue_severity": "LOW", "issue_confidence": "MEDIUM", "issue_cwe": {"id": 259},
            "code": "3 PASSWORD = 'hunter2'\n"}]}"#;
        let parsed = ingest(root, "bandit.json", report, "bandit", &mut errors).expect("bandit");
        assert_eq!(parsed.findings.len(), 1);
        assert_eq!(parsed.findings[0].snippet, None, "{:?}", parsed.findings[0]);
        // nor is the value its message quotes
        let f = &parsed.findings[0];
        assert!(!f.title.contains("hunter2") && !f.description.contains("hunter2"), "{f:?}");
        assert!(f.title.contains("'[redacted]'"), "{}", f.title);
        assert_eq!(without_quoted(r#"key "a'b" and 'c' and it's"#), r#"key "[redacted]" and '[redacted]' and it's"#);
    }

    #[test]
    fn specs_and_paths() {
        assert!(parse_spec("out/bandit.json:bandit").is_ok());
        assert!(parse_spec("out/bandit.json").is_err());
        assert!(parse_spec("x.json:nope").expect_err("unknown").contains("formats"));
        let root = Path::new("/repo");
        assert_eq!(confine(root, root, "/repo/app/a.py").as_deref(), Some("app/a.py"));
        assert_eq!(confine(root, root, "./app/a.py").as_deref(), Some("app/a.py"));
        assert_eq!(confine(root, root, "/etc/passwd"), None);
        assert_eq!(confine(root, root, "app/../../etc/passwd"), None);
    }
}
