//! The terminal report: what a person reads after `secscan run`.
//!
//! One summary line (files, packages and how many were checked against advisories, issues), the counts by
//! severity and the score, then the issues: dependency findings grouped by installed package ("lodash
//! 4.17.20 — 3 advisories, upgrade to 4.17.21 fixes all"), one line per advisory, then the code, secret and
//! configuration findings, then the warnings. It follows the terminal's width: ids, paths and enum names
//! are never broken, advisory text is kept to one line (cut with `…`). Colour only when asked for (see
//! [`RenderOptions`]). Every string from the scanned repository or advisory data goes through
//! [`terminal`], so it cannot drive the terminal or forge CI log lines. The gates and the result are
//! printed by the command, on standard error, whatever the formats.
use super::text::terminal;
use super::{Artifact, RenderOptions, ReportError, Reporter};
use crate::model::{DependencyChecks, Finding, Report, Severity, Status};
use anstyle::{AnsiColor, Effects, Style};
use std::collections::BTreeMap;
use std::fmt::Write;

pub(crate) struct Table;

impl Reporter for Table {
    fn name(&self) -> &'static str {
        "table"
    }

    fn is_terminal(&self) -> bool {
        true
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        self.render_with(report, &RenderOptions::default())
    }

    fn render_with(&self, report: &Report, opts: &RenderOptions) -> Result<Vec<Artifact>, ReportError> {
        Ok(vec![Artifact { file_name: None, bytes: text(report, opts).into_bytes() }])
    }
}

/// A style, applied only when colour is on.
pub(crate) struct Paint {
    on: bool,
}

impl Paint {
    pub(crate) fn new(on: bool) -> Paint {
        Paint { on }
    }

    pub(crate) fn style(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub(crate) fn severity(&self, s: Severity, text: &str) -> String {
        self.style(severity_style(s), text)
    }

    pub(crate) fn dim(&self, text: &str) -> String {
        self.style(Style::new().effects(Effects::DIMMED), text)
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        self.style(Style::new().effects(Effects::BOLD), text)
    }
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical => Style::new().fg_color(Some(AnsiColor::Red.into())).effects(Effects::BOLD),
        Severity::High => Style::new().fg_color(Some(AnsiColor::Red.into())),
        Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Low => Style::new().fg_color(Some(AnsiColor::Blue.into())),
        Severity::Info => Style::new().effects(Effects::DIMMED),
    }
}

/// `text` cut to at most `max` characters (with `…`), at a character boundary.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// One line of `width` columns at most: `head` is never cut (ids, paths, enum names); `tail` (prose) is
/// cut to what is left, and dropped when nothing useful is left.
fn line(head: &str, tail: &str, width: usize) -> String {
    let used = head.chars().count();
    let room = width.saturating_sub(used + 2);
    if tail.is_empty() || room < 8 {
        return head.to_string();
    }
    format!("{head}  {}", fit(tail, room))
}

/// The words for what was and was not checked against advisories.
pub(crate) fn checked_line(c: &DependencyChecks) -> String {
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

/// A dependency finding's group: one installed package in one manifest or lockfile.
type PackageKey = (String, String, String, String);

fn package_key(f: &Finding) -> Option<PackageKey> {
    Some((
        f.ecosystem?.as_str().to_string(),
        f.package_name.clone()?,
        f.package_version.clone().unwrap_or_default(),
        f.file_path.clone().unwrap_or_default(),
    ))
}

/// The remediation of a package group: the smallest version that fixes every listed advisory, if the
/// advisories agree on one.
fn group_fix(findings: &[&Finding]) -> Option<String> {
    let mut fixes: Vec<&str> = findings.iter().filter_map(|f| f.fixed_versions.first().map(String::as_str)).collect();
    fixes.sort_unstable();
    fixes.dedup();
    // every finding names the smallest version fixing *all* advisories of the package first when one exists
    (fixes.len() == 1 && findings.iter().all(|f| !f.fixed_versions.is_empty())).then(|| fixes[0].to_string())
}

fn location(f: &Finding) -> String {
    match (&f.file_path, f.line_number) {
        (Some(p), Some(l)) => format!("{}:{l}", terminal(p)),
        (Some(p), None) => terminal(p).into_owned(),
        _ => String::new(),
    }
}

fn sev_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH    ",
        Severity::Medium => "MEDIUM  ",
        Severity::Low => "LOW     ",
        Severity::Info => "INFO    ",
    }
}

/// The whole terminal report.
pub(crate) fn text(r: &Report, opts: &RenderOptions) -> String {
    let paint = Paint::new(opts.color);
    let width = opts.width.clamp(40, 400);
    let mut out = String::new();
    let mut head = format!(
        "secscan {} · {} · {} files · {} packages · {} issue{}",
        r.tool_version,
        terminal(&r.project_name()),
        r.files_scanned,
        r.inventory.len(),
        r.summary.total_issues,
        if r.summary.total_issues == 1 { "" } else { "s" }
    );
    if r.summary.total_issues == 0 && r.issues.is_empty() {
        head.push_str(" found");
    }
    let _ = writeln!(out, "{}", paint.bold(&head));
    if let Some(c) = &r.checks {
        let _ = writeln!(out, "{}", checked_line(c));
    }
    let counts: Vec<String> = [
        (Severity::Critical, r.summary.critical_issues, "critical"),
        (Severity::High, r.summary.high_issues, "high"),
        (Severity::Medium, r.summary.medium_issues, "medium"),
        (Severity::Low, r.summary.low_issues, "low"),
        (Severity::Info, r.summary.info_issues, "info"),
    ]
    .iter()
    .map(|(s, n, label)| {
        let t = format!("{n} {label}");
        if *n > 0 {
            paint.severity(*s, &t)
        } else {
            paint.dim(&t)
        }
    })
    .collect();
    let _ = writeln!(out, "{} · score {}/100", counts.join(" · "), r.summary.security_score);

    let (shown, triaged): (Vec<&Finding>, Vec<&Finding>) = r.issues.iter().partition(|f| f.status.counts());
    let listed: Vec<&Finding> = if opts.show_triaged { r.issues.iter().collect() } else { shown };

    // dependency findings, grouped by installed package (most severe group first: issues are sorted)
    let mut groups: Vec<(PackageKey, Vec<&Finding>)> = Vec::new();
    let mut index: BTreeMap<PackageKey, usize> = BTreeMap::new();
    let mut others: Vec<&Finding> = Vec::new();
    for f in &listed {
        match package_key(f).filter(|_| f.vulnerability_id.is_some()) {
            Some(key) => match index.get(&key) {
                Some(&i) => groups[i].1.push(f),
                None => {
                    index.insert(key.clone(), groups.len());
                    groups.push((key, vec![f]));
                }
            },
            None => others.push(f),
        }
    }
    if !groups.is_empty() {
        let _ = writeln!(out, "\n{}", paint.bold("Vulnerable dependencies"));
    }
    for ((eco, name, version, _), findings) in &groups {
        let worst = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info);
        let first = findings[0];
        let mut title = format!("{} {} ({eco})", terminal(name), terminal(version));
        if first.dev {
            title.push_str(" dev");
        }
        let head = format!("{} {}  {}", paint.severity(worst, sev_label(worst)), paint.bold(&title), location(first));
        let _ = writeln!(out, "{head}");
        if first.dependency_path.len() > 1 {
            let via: Vec<String> = first.dependency_path.iter().map(|p| terminal(p).into_owned()).collect();
            let _ = writeln!(out, "{}", line("         via", &via.join(" > "), width).replacen("via  ", "via ", 1));
        }
        let n = findings.len();
        let advice = match group_fix(findings) {
            Some(v) if n > 1 => format!("{n} advisories · upgrade to {} fixes all", terminal(&v)),
            Some(v) => format!("upgrade to {} fixes it", terminal(&v)),
            None if findings.iter().any(|f| !f.fixed_versions.is_empty()) => {
                format!("{n} advisories · no single version fixes all: see each advisory")
            }
            None => format!("{n} advisor{} · no fixed version known", if n == 1 { "y" } else { "ies" }),
        };
        let _ = writeln!(out, "         {}", paint.dim(&advice));
        for f in findings {
            let id = f.vulnerability_id.as_deref().unwrap_or(&f.rule_id);
            let summary = f.title.split_once(": ").map_or(f.title.as_str(), |(_, t)| t);
            let mut head = format!(
                "         {} {} {}",
                paint.dim(&f.id),
                terminal(id),
                paint.severity(f.severity, f.severity.as_str())
            );
            if !f.status.counts() || f.status == Status::InProgress {
                head.push_str(&format!(" [{}]", status_label(f)));
            }
            // the visible width of `head` without colour codes
            let plain = format!("         {} {} {}", f.id, terminal(id), f.severity.as_str());
            let used = plain.chars().count()
                + if !f.status.counts() || f.status == Status::InProgress { status_label(f).len() + 3 } else { 0 };
            let room = width.saturating_sub(used + 2);
            if room >= 8 {
                let _ = writeln!(out, "{head}  {}", fit(&terminal(summary), room));
            } else {
                let _ = writeln!(out, "{head}");
            }
        }
    }

    if !others.is_empty() {
        let _ = writeln!(out, "\n{}", paint.bold("Findings"));
    }
    for f in &others {
        let head_plain = format!("{} {}  {}", sev_label(f.severity), location(f), terminal(&f.rule_id));
        let head =
            format!("{} {}  {}", paint.severity(f.severity, sev_label(f.severity)), location(f), terminal(&f.rule_id));
        let room = width.saturating_sub(head_plain.chars().count() + 2);
        if room >= 8 {
            let _ = writeln!(out, "{head}  {}", fit(&terminal(&f.title), room));
        } else {
            let _ = writeln!(out, "{head}");
        }
        let mut detail = format!("         {}", paint.dim(&format!("id {}", f.id)));
        if !f.status.counts() || f.status == Status::InProgress {
            detail.push_str(&format!(" [{}]", status_label(f)));
        }
        let _ = writeln!(out, "{detail}");
    }

    if !triaged.is_empty() && !opts.show_triaged {
        let accepted = triaged.iter().filter(|f| f.status == Status::AcceptedRisk).count();
        let fp = triaged.len() - accepted;
        let _ = writeln!(
            out,
            "\n{}",
            paint.dim(&format!(
                "{} triaged issue{} not counted ({accepted} accepted risk, {fp} false positive): --show-triaged lists them",
                triaged.len(),
                if triaged.len() == 1 { "" } else { "s" }
            ))
        );
    }
    if !r.suppressed.is_empty() {
        let _ =
            writeln!(out, "{}", paint.dim(&format!("{} finding(s) suppressed by inline comments", r.suppressed.len())));
    }
    for s in &r.relaxed_settings {
        let _ = writeln!(
            out,
            "WARNING: the repository's .secscan.toml sets {} = {}: it {}",
            terminal(&s.key),
            terminal(&s.value),
            s.message
        );
    }
    if !r.excluded.is_empty() {
        let shown: Vec<String> = r.excluded.iter().take(5).map(|e| terminal(e).into_owned()).collect();
        let _ = writeln!(
            out,
            "excluded by .secscanignore or --exclude: {} file(s) ({}{})",
            r.excluded.len(),
            shown.join(", "),
            if r.excluded.len() > 5 { ", …" } else { "" }
        );
    }
    if !r.errors.is_empty() {
        let _ = writeln!(out);
    }
    for e in &r.errors {
        let loc = match e.line_number {
            Some(l) => format!("{}:{l}", terminal(&e.file_path)),
            None => terminal(&e.file_path).into_owned(),
        };
        let _ = writeln!(
            out,
            "{} {loc}: {}",
            paint.style(severity_style(Severity::Medium), "warning:"),
            terminal(&e.message)
        );
    }
    for reason in &r.incomplete {
        let _ = writeln!(out, "{} {}", paint.severity(Severity::Critical, "NOT CHECKED:"), terminal(reason));
    }
    out
}

/// `accepted-risk: reason (by alice, until 2026-12-31)`.
fn status_label(f: &Finding) -> String {
    let mut s = f.status.as_str().to_ascii_lowercase().replace('_', "-");
    if let Some(reason) = &f.status_reason {
        s.push_str(&format!(": {}", fit(&terminal(reason), 60)));
    }
    let mut who = Vec::new();
    if let Some(by) = &f.status_set_by {
        who.push(format!("by {}", terminal(by)));
    }
    if let Some(until) = &f.status_expires_at {
        who.push(format!("until {}", terminal(until)));
    }
    if !who.is_empty() {
        s.push_str(&format!(" ({})", who.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_heads_whole_and_cut_prose() {
        assert_eq!(
            line("GHSA-aaaa-bbbb-cccc", "a very long advisory summary indeed", 40),
            "GHSA-aaaa-bbbb-cccc  a very long adviso…"
        );
        assert_eq!(
            line("a/very/long/path/that/fills/the/line.txt:12", "summary", 30),
            "a/very/long/path/that/fills/the/line.txt:12"
        );
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
    }

    #[test]
    fn checked_line_says_what_was_not_checked() {
        let c = DependencyChecks { checked: 6, unpinned: 174, non_registry: 2, advisories_available: true };
        assert_eq!(
            checked_line(&c),
            "6 of 182 packages checked against advisories; not checked: 174 declared by a range only, 2 from a URL, VCS or path"
        );
    }
}
