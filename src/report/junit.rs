//! `secscan-junit.xml`: the findings as JUnit test results, for the test tabs of Jenkins, GitLab and
//! CircleCI (written with quick-junit).
//!
//! Shape (shared/schemas/README.md, section 4):
//! - one `<testsuites name="secscan">`, and one `<testsuite name="secscan.<engine>">` per engine that
//!   ran (the engines with a timing, a finding or a per-file warning; `deps` when nothing says more);
//! - one testcase per finding: `classname="secscan.<engine>.<file>"`, `name="<rule-id> <file>:<line>"`
//!   (made unique across the report, since GitLab keeps only the first of two equal names) and a
//!   `file` attribute. OPEN findings from LOW up are `<failure message="[SEVERITY] title"
//!   type="<severity>">` whose text holds the location, ids, package, CWE/OWASP and the fix;
//! - INFO findings, and findings marked accepted-risk or false-positive, are `<skipped>` with the same
//!   message and text: they never fail a gate, so a failure would contradict the exit code, but unlike
//!   a passing testcase a skipped one is listed and its text shown by every consumer;
//! - one testcase `scan <file>` per scanned manifest or lockfile (from the inventory) and per file or
//!   source with a warning: passing, or `<error>` carrying the warnings when the file could not be
//!   checked completely. An engine with nothing else gets one passing `no findings` testcase, so no
//!   suite is empty.
use super::text::{plain_utc, truncate};
use super::{Artifact, ReportError, Reporter};
use crate::model::{Engine, FileError, Finding, Report, Severity};
use quick_junit::{NonSuccessKind, Report as JReport, TestCase, TestCaseStatus, TestSuite, XmlString};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::time::Duration;

/// Sources named in `errors[].file_path` that are not files of the repository.
const SOURCES: &[&str] = &["advisories"];
const MAX_TEXT: usize = 4_000;
const MAX_NAME: usize = 300;

pub struct Junit;

impl Reporter for Junit {
    fn name(&self) -> &'static str {
        "junit"
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        let bytes = to_xml(report).map_err(|message| ReportError::Render { format: "junit", message })?.into_bytes();
        Ok(vec![Artifact { file_name: Some("secscan-junit.xml"), bytes }])
    }
}

/// The JUnit XML document of a report.
pub fn to_xml(report: &Report) -> Result<String, String> {
    let timestamp = plain_utc(&report.summary.created_at);
    let mut names = HashSet::new();
    let mut suites: Vec<(String, TestSuite)> = suite_names(report)
        .into_iter()
        .map(|engine| {
            let mut suite = TestSuite::new(format!("secscan.{engine}"));
            suite.set_time(Duration::from_millis(stage_millis(report, &engine)));
            suite.extra.insert(XmlString::new("timestamp"), XmlString::new(&timestamp));
            (engine, suite)
        })
        .collect();

    for f in &report.issues {
        let engine = f.engine.cli_name();
        if let Some((_, suite)) = suites.iter_mut().find(|(e, _)| e == engine) {
            suite.add_test_case(finding_case(f, &mut names));
        }
    }

    // one testcase per scanned target: the files the engines read (for a report stored before they were
    // recorded, the manifests and lockfiles of the inventory), and the files and sources with warnings
    let mut targets: BTreeMap<(String, String), Vec<&FileError>> = BTreeMap::new();
    for s in &report.scanned {
        targets.entry((s.engine.cli_name().to_string(), s.file_path.clone())).or_default();
    }
    if report.scanned.is_empty() {
        for p in &report.inventory {
            targets.entry(("deps".to_string(), p.file_path.clone())).or_default();
        }
    }
    for e in &report.errors {
        targets.entry((clean_name(&e.engine), e.file_path.clone())).or_default().push(e);
    }
    for ((engine, target), errors) in &targets {
        if let Some((_, suite)) = suites.iter_mut().find(|(e, _)| e == engine) {
            suite.add_test_case(target_case(report, engine, target, errors, &mut names));
        }
    }

    let mut out = JReport::new("secscan");
    out.set_time(Duration::from_millis(stage_millis(report, "total")));
    for (engine, mut suite) in suites {
        if suite.test_cases.is_empty() {
            let name = unique(&mut names, format!("{engine}: no findings"));
            let mut case = TestCase::new(name, TestCaseStatus::success());
            case.set_classname(format!("secscan.{engine}"));
            case.set_time(Duration::ZERO);
            suite.add_test_case(case);
        }
        out.add_test_suite(suite);
    }
    // the gates: one testcase each, failing when the gate failed, so CI test tabs say why the job failed
    if !report.gates.is_empty() {
        let mut suite = TestSuite::new("secscan.gates");
        suite.extra.insert(XmlString::new("timestamp"), XmlString::new(&timestamp));
        for g in &report.gates {
            let status = if g.passed {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(truncate(&clean(&format!("[GATE] {}: {}", g.gate, g.message)), MAX_NAME));
                s.set_type("gate");
                s.set_description(format!(
                    "The {} gate failed: {}.\nFix: resolve the issues, triage them (secscan issues set-status), \
                     or change the gate (--fail-on, --min-score, SECURITY_BLOCK_ON_*).",
                    g.gate,
                    clean(&g.message)
                ));
                s
            };
            let mut case = TestCase::new(unique(&mut names, format!("gate {}", g.gate)), status);
            case.set_classname("secscan.gates");
            case.set_time(Duration::ZERO);
            case.set_system_out(clean(&g.message));
            suite.add_test_case(case);
        }
        out.add_test_suite(suite);
    }
    let xml = out.to_string().map_err(|e| e.to_string())?;
    Ok(drop_root_skipped(xml))
}

/// quick-junit writes `skipped` on `<testsuites>`, an attribute the Jenkins/xunit XSD does not allow
/// there (it stays on each `<testsuite>`, where the XSD and every reader expect it).
fn drop_root_skipped(xml: String) -> String {
    let Some(start) = xml.find("<testsuites") else {
        return xml;
    };
    let Some(len) = xml[start..].find('>') else {
        return xml;
    };
    let tag = &xml[start..start + len];
    let Some(at) = tag.find(" skipped=\"") else {
        return xml;
    };
    let value_start = at + " skipped=\"".len();
    let Some(value_len) = tag[value_start..].find('"') else {
        return xml;
    };
    let cut_start = start + at;
    let cut_end = start + value_start + value_len + 1;
    format!("{}{}", &xml[..cut_start], &xml[cut_end..])
}

/// The engines that ran, in pipeline order, then any other source of warnings (e.g. `discover`).
fn suite_names(report: &Report) -> Vec<String> {
    let mut ran: Vec<String> = Engine::ALL
        .iter()
        .map(|e| e.cli_name())
        .filter(|name| {
            report.timings.iter().any(|t| t.stage == *name)
                || report.issues.iter().any(|f| f.engine.cli_name() == *name)
                || report.errors.iter().any(|e| e.engine == *name)
        })
        .map(str::to_string)
        .collect();
    if ran.is_empty() {
        ran.push("deps".into());
    }
    if !report.inventory.is_empty() && !ran.iter().any(|e| e == "deps") {
        ran.insert(0, "deps".into());
    }
    for e in &report.errors {
        let name = clean_name(&e.engine);
        if !name.is_empty() && !ran.contains(&name) {
            ran.push(name);
        }
    }
    ran
}

fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn stage_millis(report: &Report, stage: &str) -> u64 {
    report.timings.iter().find(|t| t.stage == stage).map(|t| t.millis).unwrap_or(0)
}

fn finding_case(f: &Finding, names: &mut HashSet<String>) -> TestCase {
    let engine = f.engine.cli_name();
    let file = f.file_path.as_deref().filter(|p| !p.trim().is_empty());
    let location = match (file, f.line_number) {
        (Some(p), Some(l)) => format!("{p}:{l}"),
        (Some(p), None) => p.to_string(),
        (None, _) => match &f.package_name {
            Some(p) => p.clone(),
            None => "(no file)".into(),
        },
    };
    let name = unique(names, truncate(&clean(&format!("{} {location}", f.rule_id)), MAX_NAME));
    let counted = f.status.counts() && f.severity > Severity::Info;
    let mut message = format!("[{}] {}", f.severity.as_str(), f.title);
    if !f.status.counts() {
        let _ = write!(message, " ({})", f.status.as_str().to_ascii_lowercase().replace('_', " "));
    }
    let mut status =
        if counted { TestCaseStatus::non_success(NonSuccessKind::Failure) } else { TestCaseStatus::skipped() };
    status.set_message(truncate(&clean(&message), MAX_NAME));
    status.set_type(f.severity.as_str().to_ascii_lowercase());
    status.set_description(truncate(&clean(&details(f, &location)), MAX_TEXT));
    let mut case = TestCase::new(name, status);
    case.set_classname(truncate(&clean(&format!("secscan.{engine}.{}", file.unwrap_or("(no file)"))), MAX_NAME));
    case.set_time(Duration::ZERO);
    if let Some(p) = file {
        case.extra.insert(XmlString::new("file"), XmlString::new(clean(p)));
    }
    case
}

/// The failure text: where, which ids, which package, CWE/OWASP, what it is, the fix.
fn details(f: &Finding, location: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{location}");
    let _ = write!(t, "rule: {}", f.rule_id);
    if let Some(id) = f.vulnerability_id.as_deref().filter(|id| *id != f.rule_id) {
        let _ = write!(t, "; advisory: {id}");
    }
    if !f.aliases.is_empty() {
        let _ = write!(t, "; aliases: {}", f.aliases.join(", "));
    }
    let _ = writeln!(t);
    if let Some(p) = &f.package_name {
        let _ = write!(t, "package: {p} {}", f.package_version.as_deref().unwrap_or(""));
        if f.dev {
            t.push_str(" (dev)");
        }
        if f.dependency_path.len() > 1 {
            let _ = write!(t, "; via {}", f.dependency_path.join(" > "));
        }
        if !f.fixed_versions.is_empty() {
            let _ = write!(t, "; fixed in {}", f.fixed_versions.join(", "));
        }
        let _ = writeln!(t);
    }
    let mut taxonomy = Vec::new();
    if !f.cwe.is_empty() {
        taxonomy.push(f.cwe.join(", "));
    }
    if !f.owasp.is_empty() {
        taxonomy.push(format!("OWASP {}", f.owasp.join(", ")));
    }
    if let Some(score) = f.cvss_score {
        taxonomy
            .push(format!("CVSS {score:.1}{}", f.cvss_vector.as_deref().map(|v| format!(" {v}")).unwrap_or_default()));
    }
    if !taxonomy.is_empty() {
        let _ = writeln!(t, "{}", taxonomy.join("; "));
    }
    if let Some(s) = f.snippet.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(t, "code: {}", truncate(s.trim(), 200));
    }
    if !f.description.trim().is_empty() {
        let _ = writeln!(t, "{}", truncate(f.description.trim(), 2_000));
    }
    if !f.remediation.trim().is_empty() {
        let _ = write!(t, "Fix: {}", f.remediation.trim());
    }
    t.trim_end().to_string()
}

fn target_case(
    report: &Report,
    engine: &str,
    target: &str,
    errors: &[&FileError],
    names: &mut HashSet<String>,
) -> TestCase {
    let is_file = !SOURCES.contains(&target);
    let name = unique(names, truncate(&clean(&format!("scan {target}")), MAX_NAME));
    let packages: Vec<_> = report.inventory.iter().filter(|p| engine == "deps" && p.file_path == target).collect();
    let read_as = report.scanned.iter().find(|s| s.file_path == target && s.engine.cli_name() == engine);
    let summary = (!packages.is_empty()).then(|| {
        format!(
            "{} {} found ({} direct, {} dev){}",
            packages.len(),
            if packages.len() == 1 { "package" } else { "packages" },
            packages.iter().filter(|p| p.direct).count(),
            packages.iter().filter(|p| p.dev).count(),
            read_as.map(|s| format!(", read as {}", s.kind)).unwrap_or_default()
        )
    });
    let status = if errors.is_empty() {
        TestCaseStatus::success()
    } else {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
        let first = errors[0];
        s.set_message(truncate(&clean(&format!("not checked completely: {}", first.message)), MAX_NAME));
        s.set_type("warning");
        let mut text = String::new();
        for e in errors {
            let at = match e.line_number {
                Some(l) => format!("{}:{l}", e.file_path),
                None => e.file_path.clone(),
            };
            let _ = writeln!(text, "{at}: {}", e.message);
        }
        if let Some(sum) = &summary {
            let _ = writeln!(text, "{sum}");
        }
        s.set_description(truncate(&clean(text.trim_end()), MAX_TEXT));
        s
    };
    let mut case = TestCase::new(name, status);
    case.set_classname(truncate(&clean(&format!("secscan.{engine}.{target}")), MAX_NAME));
    case.set_time(Duration::ZERO);
    if is_file {
        case.extra.insert(XmlString::new("file"), XmlString::new(clean(target)));
    }
    if errors.is_empty() {
        if let Some(sum) = summary {
            case.set_system_out(sum);
        }
    }
    case
}

/// `name`, or `name #2`, `name #3`… when it was taken.
fn unique(names: &mut HashSet<String>, name: String) -> String {
    if names.insert(name.clone()) {
        return name;
    }
    for n in 2u32.. {
        let candidate = format!("{name} #{n}");
        if names.insert(candidate.clone()) {
            return candidate;
        }
    }
    unreachable!("u32 suffixes exhausted")
}

/// Text that XML 1.0 can carry: quick-junit drops C0 controls; this also drops the non-characters
/// U+FFFE/U+FFFF, which XML forbids.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_get_suffixes() {
        let mut names = HashSet::new();
        assert_eq!(unique(&mut names, "a".into()), "a");
        assert_eq!(unique(&mut names, "a".into()), "a #2");
        assert_eq!(unique(&mut names, "a".into()), "a #3");
    }

    #[test]
    fn root_skipped_attribute_is_dropped() {
        let xml = "<?xml?>\n<testsuites name=\"s\" tests=\"2\" skipped=\"1\" failures=\"0\">\n<testsuite name=\"a\" skipped=\"1\">".to_string();
        assert_eq!(
            drop_root_skipped(xml),
            "<?xml?>\n<testsuites name=\"s\" tests=\"2\" failures=\"0\">\n<testsuite name=\"a\" skipped=\"1\">"
        );
        assert_eq!(drop_root_skipped("<x/>".into()), "<x/>");
    }

    #[test]
    fn xml_forbidden_characters_are_dropped() {
        assert_eq!(clean("a\u{FFFE}b\u{FFFF}"), "ab");
        assert_eq!(XmlString::new("x\u{1b}[31my\u{0}").as_str(), "xy");
    }
}
