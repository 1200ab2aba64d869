//! The terminal summary: counts by severity, the gates, then the findings (comfy-table).
use super::{Artifact, ReportError, Reporter};
use crate::model::{Report, Severity};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table as Grid};
use std::fmt::Write;

pub struct Table;

/// Width used when standard output is not a terminal.
const DEFAULT_WIDTH: u16 = 140;

impl Reporter for Table {
    fn name(&self) -> &'static str {
        "table"
    }

    fn render(&self, r: &Report) -> Result<Vec<Artifact>, ReportError> {
        let mut out = String::new();
        let mut counts = Grid::new();
        counts.load_preset(UTF8_FULL_CONDENSED).set_header(vec!["critical", "high", "medium", "low", "info", "score"]);
        counts.add_row(vec![
            r.summary.critical_issues.to_string(),
            r.summary.high_issues.to_string(),
            r.summary.medium_issues.to_string(),
            r.summary.low_issues.to_string(),
            r.summary.info_issues.to_string(),
            format!("{}/100", r.summary.security_score),
        ]);
        let _ = writeln!(
            out,
            "secscan {}: {} files, {} packages, {} issues",
            r.tool_version,
            r.files_scanned,
            r.inventory.len(),
            r.summary.total_issues
        );
        if let Some(c) = &r.checks {
            let _ = writeln!(out, "{}", checked_line(c));
        }
        for s in &r.relaxed_settings {
            let _ =
                writeln!(out, "WARNING: the repository's .secscan.toml sets {} = {}: it {}", s.key, s.value, s.message);
        }
        if !r.excluded.is_empty() {
            let shown: Vec<&str> = r.excluded.iter().take(5).map(String::as_str).collect();
            let _ = writeln!(
                out,
                "excluded by .secscanignore or --exclude: {} file(s) ({}{})",
                r.excluded.len(),
                shown.join(", "),
                if r.excluded.len() > 5 { ", …" } else { "" }
            );
        }
        let _ = writeln!(out, "{counts}");
        if !r.issues.is_empty() {
            let mut t = Grid::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(DEFAULT_WIDTH)
                .set_header(vec!["severity", "id", "package", "location", "fix", "issue"]);
            for f in &r.issues {
                let package = match (&f.package_name, &f.package_version) {
                    (Some(n), Some(v)) => format!("{n} {v}{}", if f.dev { " (dev)" } else { "" }),
                    (Some(n), None) => n.clone(),
                    _ => String::new(),
                };
                let location = match (&f.file_path, f.line_number) {
                    (Some(p), Some(l)) => format!("{p}:{l}"),
                    (Some(p), None) => p.clone(),
                    _ => String::new(),
                };
                let mut issue = f.title.clone();
                if f.dependency_path.len() > 1 {
                    let _ = write!(issue, "\nvia {}", f.dependency_path.join(" > "));
                }
                t.add_row(vec![
                    sev_label(f.severity).to_string(),
                    f.vulnerability_id.clone().unwrap_or_else(|| f.rule_id.clone()),
                    package,
                    location,
                    f.fixed_versions.first().cloned().unwrap_or_else(|| {
                        if f.package_name.is_some() {
                            "none".into()
                        } else {
                            String::new()
                        }
                    }),
                    issue,
                ]);
            }
            let _ = writeln!(out, "{t}");
        }
        for e in &r.errors {
            let loc = match e.line_number {
                Some(l) => format!("{}:{l}", e.file_path),
                None => e.file_path.clone(),
            };
            let _ = writeln!(out, "warning: {loc}: {}", e.message);
        }
        for g in &r.gates {
            let _ = writeln!(out, "gate {:<8} {}  {}", g.gate, if g.passed { "passed" } else { "FAILED" }, g.message);
        }
        for reason in &r.incomplete {
            let _ = writeln!(out, "NOT CHECKED: {reason}");
        }
        let result = if !r.incomplete.is_empty() {
            "result: INCOMPLETE (not a pass)"
        } else if r.gate_failed() {
            "result: FAILED"
        } else {
            "result: passed"
        };
        let _ = writeln!(out, "{result}");
        Ok(vec![Artifact { file_name: None, bytes: out.into_bytes() }])
    }
}

fn sev_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFO",
    }
}

/// What was and was not checked against advisories, in words.
pub fn checked_line(c: &crate::model::DependencyChecks) -> String {
    let total = c.checked + c.unpinned + c.non_registry;
    let mut line = if c.advisories_available {
        format!("{} of {total} packages checked against advisories", c.checked)
    } else {
        format!("0 of {total} packages checked against advisories (no advisory data)")
    };
    let mut not = Vec::new();
    if c.unpinned > 0 {
        not.push(format!("{} declared by a range only", c.unpinned));
    }
    if c.non_registry > 0 {
        not.push(format!("{} from a URL, VCS or path", c.non_registry));
    }
    if !not.is_empty() {
        line.push_str(&format!("; not checked: {}", not.join(", ")));
    }
    line
}
