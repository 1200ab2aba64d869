//! `secscan.sarif`: SARIF 2.1.0 (built with serde-sarif) for GitHub code scanning and any other
//! SARIF consumer, following GitHub's rules (shared/schemas/README.md, section 2):
//!
//! - one run; `tool.driver` named `secscan` with its version and information URI;
//! - one rule per distinct `rule_id` (a dependency finding's rule id is its advisory id), with short and
//!   full description, help text and markdown that include the remediation, and properties
//!   `security-severity`, `tags` (`security`, the finding's category, `owasp-a0N:2021`,
//!   `external/cwe/cwe-N`) and `precision` (from the confidence);
//! - `security-severity` is the CVSS base score when the finding has one that agrees with its severity,
//!   else a representative score: critical 9.5, high 8.0, medium 5.5, low 2.0 (GitHub maps > 9.0 to
//!   critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low). INFO has no place on that scale (0.0 means
//!   "no security severity"), so INFO-only rules carry neither `security-severity` nor the `security`
//!   tag, set `problem.severity: recommendation`, and their results are `note`s;
//! - one result per finding with `ruleId`, `ruleIndex`, `level`, the message, a location relative to the
//!   repository root (`uriBaseId: %SRCROOT%`, percent-encoded; line 1 when the finding has no line; a
//!   dependency finding without a file is put on its manifest from the inventory, and a finding with
//!   neither has no location), `partialFingerprints` (`primaryLocationLineHash` in the `<16 hex>:<n>`
//!   form derived from the finding's stable fingerprint, and the fingerprint itself under `secscan/v1`),
//!   the package details and the short id in `properties`; an issue marked accepted-risk or
//!   false-positive has an `external` suppression whose justification holds the reason, who set it and
//!   until when; a finding an inline comment suppressed is a result too, with an `inSource` suppression;
//! - with a comparison (the previous report, or `--baseline`), every result has a `baselineState`: `new`,
//!   `unchanged`, and one `absent` result per issue of the previous report that the scan no longer finds;
//! - `automationDetails.id` `secscan/<root folder name>/`, and `invocations[0]` with
//!   `executionSuccessful` and one `toolExecutionNotifications` entry per per-file warning.
use super::text::{cwe_number, truncate, web_links, INFORMATION_URI};
use super::{Artifact, ReportError, Reporter};
use crate::model::{Confidence, Finding, IssueType, Report, Severity, Status, Suppressed};
use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, CodeFlow, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, RunAutomationDetails, Sarif as SarifLog, Suppression, ThreadFlow, ThreadFlowLocation, Tool,
    ToolComponent,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The `$schema` GitHub's docs give (Microsoft's GH1011 rejects pre-release schema URIs).
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id of every location.
pub const SRCROOT: &str = "%SRCROOT%";

/// Sources named in `errors[].file_path` that are not files of the repository.
const SOURCES: &[&str] = &["advisories"];

/// GitHub's limits: descriptions 1024 characters, rule names 255, tags 20 (10 shown).
const MAX_DESCRIPTION: usize = 1024;
const MAX_NAME: usize = 255;
const MAX_TAGS: usize = 10;
const MAX_HELP: usize = 8_000;
const MAX_MESSAGE: usize = 2_000;
const MAX_SNIPPET: usize = 200;

pub struct Sarif;

impl Reporter for Sarif {
    fn name(&self) -> &'static str {
        "sarif"
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        let bytes = super::text::to_safe_json(&to_log(report))
            .map_err(|e| ReportError::Render { format: "sarif", message: e.to_string() })?;
        Ok(vec![Artifact { file_name: Some("secscan.sarif"), bytes }])
    }

    fn streamed(&self) -> Option<&'static str> {
        Some("secscan.sarif")
    }

    fn write_to(&self, report: &Report, w: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        super::text::write_safe_json(&to_log(report), w)
    }
}

/// The SARIF log as JSON.
pub fn to_value(report: &Report) -> Value {
    serde_json::to_value(to_log(report)).unwrap_or(Value::Null)
}

/// The SARIF log of a report.
pub fn to_log(report: &Report) -> SarifLog {
    // rules in order of first appearance (issues come most severe first)
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    // the issues, then the findings an inline comment suppressed (listed with an inSource suppression)
    let all: Vec<(&Finding, Option<&Suppressed>)> =
        report.issues.iter().map(|f| (f, None)).chain(report.suppressed.iter().map(|s| (&s.issue, Some(s)))).collect();
    for (f, _) in &all {
        let id = rule_id(f);
        match index.get(&id) {
            Some(&i) => groups[i].1.push(f),
            None => {
                index.insert(id.clone(), groups.len());
                groups.push((id, vec![f]));
            }
        }
    }
    let rules: Vec<ReportingDescriptor> = groups.iter().map(|(id, findings)| rule(id, findings)).collect();

    let mut line_hashes: HashMap<String, u32> = HashMap::new();
    let new: Option<HashSet<&str>> = report.comparison.as_ref().map(|c| c.new.iter().map(String::as_str).collect());
    let mut results: Vec<SarifResult> = all
        .iter()
        .map(|(f, suppressed)| {
            let id = rule_id(f);
            let rule_index = index.get(&id).copied().unwrap_or(0);
            let mut r = result(report, f, id, rule_index, &mut line_hashes, *suppressed);
            if let Some(new) = &new {
                let state = if new.contains(f.fingerprint.as_str()) { "new" } else { "unchanged" };
                r.baseline_state = Some(json!(state));
            }
            r
        })
        .collect();
    // issues of the previous report that this scan no longer finds: `absent`
    if let Some(c) = &report.comparison {
        for fixed in &c.fixed {
            let Some(&rule_index) = index.get(fixed.rule_id.trim()) else { continue };
            // GitHub needs a location for every result: a fixed issue without a file is left to the JSON
            // report's comparison
            let Some(uri) = fixed.file_path.as_deref().and_then(relative_uri) else { continue };
            let mut r = SarifResult::builder()
                .message(text_message(&truncate(&format!("Fixed since {}: {}", c.against, fixed.title), MAX_MESSAGE)))
                .build();
            r.rule_id = Some(fixed.rule_id.clone());
            r.rule_index = Some(i64::try_from(rule_index).unwrap_or(i64::MAX));
            r.level = Some(level(fixed.severity));
            r.baseline_state = Some(json!("absent"));
            r.locations = Some(vec![Location {
                physical_location: Some(PhysicalLocation {
                    artifact_location: Some(ArtifactLocation {
                        uri: Some(uri),
                        uri_base_id: Some(SRCROOT.into()),
                        ..Default::default()
                    }),
                    region: Some(Region { start_line: Some(1), ..Default::default() }),
                    ..Default::default()
                }),
                ..Default::default()
            }]);
            let mut fingerprints = BTreeMap::new();
            let gone = Finding {
                fingerprint: fixed.fingerprint.clone(),
                ..Finding::new(
                    crate::model::Engine::Deps,
                    &fixed.rule_id,
                    IssueType::OwaspInjection,
                    fixed.severity,
                    fixed.title.clone(),
                )
            };
            fingerprints.insert("primaryLocationLineHash".to_string(), line_hash(&gone, &mut line_hashes));
            fingerprints.insert("secscan/v1".to_string(), fixed.fingerprint.clone());
            r.partial_fingerprints = Some(fingerprints);
            results.push(r);
        }
    }

    let mut driver = ToolComponent::builder().name("secscan").build();
    driver.version = Some(report.tool_version.clone());
    driver.semantic_version = is_semver(&report.tool_version).then(|| report.tool_version.clone());
    driver.information_uri = Some(INFORMATION_URI.into());
    driver.rules = Some(rules);

    let mut base_ids = BTreeMap::new();
    base_ids.insert(
        SRCROOT.to_string(),
        ArtifactLocation {
            description: Some(text_message("The root of the scanned repository.")),
            ..Default::default()
        },
    );

    // the other tools whose reports were taken in (`bandit:B602` as a rule id or an alias)
    let mut others: Vec<String> = report
        .issues
        .iter()
        .flat_map(|f| std::iter::once(&f.rule_id).chain(&f.aliases))
        .filter_map(|id| id.split_once(':').map(|(tool, _)| tool))
        .filter(|t| !t.is_empty() && t.len() <= 40 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .collect();
    others.sort();
    others.dedup();
    let mut tool = Tool::builder().driver(driver).build();
    if !others.is_empty() {
        tool.extensions = Some(others.into_iter().map(|name| ToolComponent::builder().name(name).build()).collect());
    }
    let mut run = Run::builder().tool(tool).build();
    run.automation_details =
        Some(RunAutomationDetails { id: Some(format!("secscan/{}/", root_name(&report.root))), ..Default::default() });
    run.original_uri_base_ids = Some(base_ids);
    run.invocations = Some(vec![invocation(report)]);
    run.results = Some(results);
    run.properties = Some(bag(
        None,
        [
            ("securityScore", json!(report.summary.security_score)),
            ("passed", json!(report.passed())),
            ("gates", json!(report.gates)),
            ("filesScanned", json!(report.files_scanned)),
            ("packages", json!(report.inventory.len())),
        ],
    ));

    let mut log = SarifLog::builder().version(json!("2.1.0")).runs(vec![run]).build();
    log.schema = Some(SCHEMA_URI.into());
    log
}

fn rule_id(f: &Finding) -> String {
    let id = f.rule_id.trim();
    if id.is_empty() {
        "secscan-unknown-rule".into()
    } else {
        id.to_string()
    }
}

fn rule(id: &str, findings: &[&Finding]) -> ReportingDescriptor {
    // findings is never empty: each group starts with the finding that created it
    let first = findings[0];
    let severity = findings.iter().map(|f| f.severity).max().unwrap_or(first.severity);
    let short = rule_title(first);
    let full = if first.description.trim().is_empty() { short.clone() } else { first.description.trim().to_string() };

    // tags: security, the category, OWASP, CWE (each once, at most MAX_TAGS)
    let mut tags: Vec<String> = Vec::new();
    let mut add = |t: String| {
        if !tags.contains(&t) && tags.len() < MAX_TAGS {
            tags.push(t);
        }
    };
    if severity > Severity::Info {
        add("security".into());
    }
    add(category(first.issue_type));
    for f in findings {
        for o in &f.owasp {
            let o = o.trim().to_ascii_lowercase();
            if !o.is_empty() && o.chars().all(|c| c.is_ascii_alphanumeric() || c == ':') {
                add(format!("owasp-{o}"));
            }
        }
    }
    for f in findings {
        for c in &f.cwe {
            if let Some(n) = cwe_number(c) {
                add(format!("external/cwe/cwe-{n}"));
            }
        }
    }

    let mut extra: Vec<(&str, Value)> = vec![("precision", json!(precision(first.confidence)))];
    if severity > Severity::Info {
        let score = findings.iter().map(|f| security_severity(f)).fold(0.0_f64, f64::max);
        extra.push(("security-severity", json!(format!("{score:.1}"))));
    } else {
        extra.push(("problem.severity", json!("recommendation")));
    }

    let mut help = plain(truncate(&help_text(first, &full), MAX_HELP));
    help.markdown = Some(truncate(&help_markdown(first, &short, &full), MAX_HELP));
    let mut rule = ReportingDescriptor::builder().id(id).build();
    rule.name = Some(truncate(id, MAX_NAME));
    rule.short_description = Some(plain(truncate(&short, MAX_DESCRIPTION)));
    rule.full_description = Some(plain(truncate(&full, MAX_DESCRIPTION)));
    rule.help = Some(help);
    rule.help_uri = help_uri(first);
    rule.default_configuration =
        Some(ReportingConfiguration { level: Some(json!(level_name(severity))), ..Default::default() });
    rule.properties = Some(bag(Some(tags), extra));
    rule
}

/// A rule's title: for a dependency finding the advisory summary without the "name version: " prefix
/// that names one package.
fn rule_title(f: &Finding) -> String {
    let title = f.title.trim();
    let title = match (&f.package_name, &f.package_version) {
        (Some(n), Some(v)) => title.strip_prefix(&format!("{n} {v}: ")).unwrap_or(title),
        _ => title,
    };
    if title.is_empty() {
        rule_id(f)
    } else {
        title.to_string()
    }
}

/// The issue type as a tag: the spec's value in lower case with dashes (`owasp-injection`).
fn category(t: IssueType) -> String {
    t.as_str().to_ascii_lowercase().replace('_', "-")
}

fn precision(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

/// The number GitHub ranks a security alert by, in (0, 10].
fn security_severity(f: &Finding) -> f64 {
    if let Some(score) = f.cvss_score {
        if score.is_finite() && score > 0.0 && score <= 10.0 && Severity::from_cvss_score(score) == f.severity {
            return (score * 10.0).round() / 10.0;
        }
    }
    match f.severity {
        Severity::Critical => 9.5,
        Severity::High => 8.0,
        Severity::Medium => 5.5,
        Severity::Low => 2.0,
        // INFO rules carry no security-severity; a mixed rule takes the others' maximum
        Severity::Info => 0.0,
    }
}

fn level_name(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

fn help_text(f: &Finding, full: &str) -> String {
    let mut t = full.to_string();
    if !f.remediation.trim().is_empty() {
        t.push_str("\n\nFix: ");
        t.push_str(f.remediation.trim());
    }
    let refs = web_links(&f.references);
    if !refs.is_empty() {
        t.push_str("\n\nReferences:");
        for r in refs {
            t.push_str("\n- ");
            t.push_str(r);
        }
    }
    t
}

fn help_markdown(f: &Finding, short: &str, full: &str) -> String {
    let mut t = format!("**{}**\n\n{}", md_inline(short), full);
    if !f.remediation.trim().is_empty() {
        t.push_str("\n\n**Fix:** ");
        t.push_str(f.remediation.trim());
    }
    let mut facts = Vec::new();
    if let Some(id) = &f.vulnerability_id {
        let mut ids = vec![id.as_str()];
        ids.extend(f.aliases.iter().map(String::as_str));
        facts.push(format!("Advisory: {}", md_inline(&ids.join(", "))));
    }
    if !f.cwe.is_empty() {
        facts.push(format!("CWE: {}", md_inline(&f.cwe.join(", "))));
    }
    if !f.owasp.is_empty() {
        facts.push(format!("OWASP Top 10: {}", md_inline(&f.owasp.join(", "))));
    }
    if !facts.is_empty() {
        t.push_str("\n\n");
        t.push_str(&facts.join("  \n"));
    }
    let refs = web_links(&f.references);
    if !refs.is_empty() {
        t.push_str("\n\n**References**\n");
        for r in refs {
            t.push_str(&format!("\n- <{r}>"));
        }
    }
    t
}

/// Markdown-inert text for one line: backticks, brackets, stars and angle brackets escaped.
fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn help_uri(f: &Finding) -> Option<String> {
    if f.issue_type.is_dependency() {
        let id = f.vulnerability_id.as_deref().unwrap_or(&f.rule_id).trim();
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Some(format!("https://osv.dev/vulnerability/{id}"));
        }
    }
    web_links(&f.references).first().filter(|u| u.starts_with("https://")).map(|u| u.to_string())
}

fn result(
    report: &Report,
    f: &Finding,
    rule_id: String,
    rule_index: usize,
    line_hashes: &mut HashMap<String, u32>,
    inline: Option<&Suppressed>,
) -> SarifResult {
    let mut message = f.title.trim().trim_end_matches('.').to_string();
    if message.is_empty() {
        message = rule_id.clone();
    }
    if !f.remediation.trim().is_empty() {
        message.push_str(". ");
        message.push_str(f.remediation.trim());
    }

    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("primaryLocationLineHash".to_string(), line_hash(f, line_hashes));
    if !f.fingerprint.is_empty() {
        fingerprints.insert("secscan/v1".to_string(), f.fingerprint.clone());
    }

    let mut suppressions = Vec::new();
    if let Some(inline) = inline {
        let mut s = Suppression::builder().kind(json!("inSource")).build();
        s.status = Some(json!("accepted"));
        let ids = if inline.ids.is_empty() { "every rule".to_string() } else { inline.ids.join(", ") };
        s.justification = Some(truncate(
            &format!(
                "Suppressed in the source ({ids}){}",
                if inline.reason.trim().is_empty() { String::new() } else { format!(": {}", inline.reason.trim()) }
            ),
            MAX_MESSAGE,
        ));
        suppressions.push(s);
    }
    if !f.status.counts() {
        let mut s = Suppression::builder().kind(json!("external")).build();
        s.status = Some(json!("accepted"));
        let mut why = match f.status {
            Status::FalsePositive => "Marked false-positive in secscan's issue history".to_string(),
            _ => "Marked accepted-risk in secscan's issue history".to_string(),
        };
        if let Some(reason) = f.status_reason.as_deref().filter(|r| !r.trim().is_empty()) {
            why.push_str(&format!(": {}", reason.trim()));
        }
        if let Some(by) = &f.status_set_by {
            why.push_str(&format!(" (by {by})"));
        }
        if let Some(until) = &f.status_expires_at {
            why.push_str(&format!(", until {until}"));
        }
        s.justification = Some(truncate(&why, MAX_MESSAGE));
        suppressions.push(s);
    }
    let suppressions = (!suppressions.is_empty()).then_some(suppressions);

    let mut r = SarifResult::builder().message(text_message(&truncate(&message, MAX_MESSAGE))).build();
    r.rule_id = Some(rule_id);
    r.rule_index = Some(i64::try_from(rule_index).unwrap_or(i64::MAX));
    r.level = Some(level(f.severity));
    r.locations = finding_location(report, f).map(|l| vec![l]);
    r.code_flows = code_flow(f).map(|c| vec![c]);
    r.partial_fingerprints = Some(fingerprints);
    r.suppressions = suppressions;
    r.properties = Some(result_properties(f));
    r
}

fn finding_location(report: &Report, f: &Finding) -> Option<Location> {
    let (file, line) = match f.file_path.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => (p.to_string(), f.line_number),
        None => {
            // a dependency finding without a file: the manifest that declares the package
            let name = f.package_name.as_deref()?;
            let p = report.inventory.iter().find(|p| {
                p.name == name && (f.package_version.is_none() || p.version.as_deref() == f.package_version.as_deref())
            })?;
            (p.file_path.clone(), p.line_number)
        }
    };
    let uri = relative_uri(&file)?;
    let snippet = f
        .snippet
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| ArtifactContent { text: Some(truncate(s.trim(), MAX_SNIPPET)), ..Default::default() });
    Some(Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(ArtifactLocation {
                uri: Some(uri),
                uri_base_id: Some(SRCROOT.into()),
                ..Default::default()
            }),
            region: Some(Region {
                start_line: Some(i64::from(line.unwrap_or(1).max(1))),
                start_column: f.column.map(|c| i64::from(c.max(1))),
                // an end before the start (or a column without its line) is no region at all
                end_line: f.end_line.filter(|e| Some(*e) >= line).map(i64::from),
                end_column: f
                    .end_column
                    .filter(|_| f.end_line.is_some() && f.column.is_some())
                    .map(|c| i64::from(c.max(1))),
                snippet,
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// A taint finding's trace as a SARIF code flow: each step a location with what happens there.
fn code_flow(f: &Finding) -> Option<CodeFlow> {
    let uri = relative_uri(f.file_path.as_deref()?)?;
    if f.trace.is_empty() {
        return None;
    }
    let locations: Vec<ThreadFlowLocation> = f
        .trace
        .iter()
        .map(|step| ThreadFlowLocation {
            location: Some(Location {
                physical_location: Some(PhysicalLocation {
                    artifact_location: Some(ArtifactLocation {
                        uri: Some(uri.clone()),
                        uri_base_id: Some(SRCROOT.into()),
                        ..Default::default()
                    }),
                    region: Some(Region {
                        start_line: Some(i64::from(step.line.max(1))),
                        start_column: Some(i64::from(step.column.max(1))),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                message: Some(text_message(&truncate(&step.note, MAX_MESSAGE))),
                ..Default::default()
            }),
            kinds: Some(vec![match step.kind.as_str() {
                "source" => "source".to_string(),
                "sink" => "sink".to_string(),
                _ => "assignment".to_string(),
            }]),
            ..Default::default()
        })
        .collect();
    Some(CodeFlow::builder().thread_flows(vec![ThreadFlow::builder().locations(locations).build()]).build())
}

fn result_properties(f: &Finding) -> PropertyBag {
    let mut p: Vec<(&str, Value)> = vec![
        ("id", json!(f.id)),
        ("severity", json!(f.severity.as_str())),
        ("issueType", json!(f.issue_type.as_str())),
        ("engine", json!(f.engine.cli_name())),
        ("confidence", json!(f.confidence.as_str())),
        ("status", json!(f.status.as_str())),
    ];
    if let Some(v) = &f.vulnerability_id {
        p.push(("vulnerabilityId", json!(v)));
    }
    if let Some(r) = &f.status_reason {
        p.push(("statusReason", json!(r)));
    }
    if let Some(by) = &f.status_set_by {
        p.push(("statusSetBy", json!(by)));
    }
    if let Some(until) = &f.status_expires_at {
        p.push(("statusExpiresAt", json!(until)));
    }
    if !f.aliases.is_empty() {
        p.push(("aliases", json!(f.aliases)));
    }
    if let Some(e) = f.ecosystem {
        p.push(("ecosystem", json!(e.as_str())));
    }
    if let Some(n) = &f.package_name {
        p.push(("package", json!(n)));
        p.push(("version", json!(f.package_version)));
        p.push(("fixedVersions", json!(f.fixed_versions)));
        p.push(("dependencyPath", json!(f.dependency_path)));
        p.push(("dev", json!(f.dev)));
    }
    if let Some(s) = f.cvss_score.filter(|s| s.is_finite()) {
        p.push(("cvssScore", json!(s)));
    }
    if let Some(v) = &f.cvss_vector {
        p.push(("cvssVector", json!(v)));
    }
    if !f.cwe.is_empty() {
        p.push(("cwe", json!(f.cwe)));
    }
    if !f.owasp.is_empty() {
        p.push(("owasp", json!(f.owasp)));
    }
    bag(None, p)
}

/// `<16 hex>:<n>`: the first 64 bits of SHA-256 over the finding's stable fingerprint, and the
/// occurrence number of that hash in the run (upload-sarif's form, so GitHub tracks the alert across
/// runs and line moves).
fn line_hash(f: &Finding, seen: &mut HashMap<String, u32>) -> String {
    let seed = if f.fingerprint.trim().is_empty() {
        format!(
            "{}\0{}\0{}\0{}",
            f.rule_id,
            f.file_path.as_deref().unwrap_or(""),
            f.package_name.as_deref().unwrap_or(""),
            f.snippet.as_deref().unwrap_or(&f.title)
        )
    } else {
        f.fingerprint.clone()
    };
    let digest = Sha256::digest(format!("secscan-sarif\0{seed}").as_bytes());
    let hex = hex::encode(&digest[..8]);
    let n = seen.entry(hex.clone()).or_insert(0);
    *n += 1;
    format!("{hex}:{n}")
}

/// A repository-relative path as a SARIF URI reference: `/` separators, no leading `./` or `/`,
/// and everything outside RFC 3986's unreserved and sub-delimiter characters percent-encoded (so a
/// name with `:` cannot look like a scheme, and spaces, `#`, `?` and non-ASCII survive).
pub fn relative_uri(path: &str) -> Option<String> {
    let mut p = path.replace('\\', "/");
    loop {
        if let Some(rest) = p.strip_prefix("./") {
            p = rest.to_string();
        } else if let Some(rest) = p.strip_prefix('/') {
            p = rest.to_string();
        } else {
            break;
        }
    }
    if p.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

fn invocation(report: &Report) -> Invocation {
    let notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|e| {
            let at = match e.line_number {
                Some(l) => format!("{}:{l}", e.file_path),
                None => e.file_path.clone(),
            };
            let locations = if SOURCES.contains(&e.file_path.as_str()) {
                None
            } else {
                relative_uri(&e.file_path).map(|uri| {
                    vec![Location {
                        physical_location: Some(PhysicalLocation {
                            artifact_location: Some(ArtifactLocation {
                                uri: Some(uri),
                                uri_base_id: Some(SRCROOT.into()),
                                ..Default::default()
                            }),
                            region: e
                                .line_number
                                .map(|l| Region { start_line: Some(i64::from(l.max(1))), ..Default::default() }),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }]
                })
            };
            let mut n = Notification::builder()
                .message(text_message(&truncate(&format!("{at}: {}", e.message), MAX_MESSAGE)))
                .build();
            n.level = Some(json!("warning"));
            n.locations = locations;
            n.properties = Some(bag(None, [("engine", json!(e.engine))]));
            n
        })
        .collect();
    let total = report.timings.iter().find(|t| t.stage == "total").map(|t| t.millis).unwrap_or(0);
    let end =
        time::OffsetDateTime::parse(report.summary.created_at.trim(), &time::format_description::well_known::Rfc3339)
            .ok()
            .map(|t| t.to_offset(time::UtcOffset::UTC));
    let start = end.and_then(|e| e.checked_sub(time::Duration::milliseconds(i64::try_from(total).unwrap_or(0))));
    let fmt = |t: time::OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).ok();
    let mut inv = Invocation::builder().execution_successful(true).build();
    inv.start_time_utc = start.and_then(fmt);
    inv.end_time_utc = end.and_then(fmt);
    inv.tool_execution_notifications = (!notifications.is_empty()).then_some(notifications);
    inv
}

/// The last component of the scanned root, reduced to characters safe in a category id.
fn root_name(root: &str) -> String {
    let path = Path::new(root);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(path).ok().and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_default();
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .take(100)
        .collect();
    if clean.trim_matches(['-', '.']).is_empty() {
        "repository".into()
    } else {
        clean
    }
}

/// A full `MAJOR.MINOR.PATCH` SemVer version (what SARIF's `semanticVersion` takes).
fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    core.split('.').count() == 3 && !v.starts_with(['v', '=']) && nodejs_semver::Version::parse(v).is_ok()
}

fn text_message(text: &str) -> Message {
    Message { text: Some(text.to_string()), ..Default::default() }
}

fn plain(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn bag<'a>(tags: Option<Vec<String>>, extra: impl IntoIterator<Item = (&'a str, Value)>) -> PropertyBag {
    PropertyBag { tags, additional_properties: extra.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(relative_uri("app/db.py").as_deref(), Some("app/db.py"));
        assert_eq!(relative_uri("./a\\b.py").as_deref(), Some("a/b.py"));
        assert_eq!(relative_uri("/abs/x.py").as_deref(), Some("abs/x.py"));
        assert_eq!(relative_uri("my app/vüe #1.js").as_deref(), Some("my%20app/v%C3%BCe%20%231.js"));
        assert_eq!(relative_uri("c:evil.py").as_deref(), Some("c%3Aevil.py"));
        assert_eq!(relative_uri("100%.py").as_deref(), Some("100%25.py"));
        assert_eq!(relative_uri("./"), None);
        assert_eq!(relative_uri(""), None);
    }

    #[test]
    fn security_severity_prefers_a_consistent_cvss_score() {
        let mut f =
            Finding::new(crate::model::Engine::Deps, "X", IssueType::PythonDependency, Severity::High, "t".into());
        assert_eq!(security_severity(&f), 8.0);
        f.cvss_score = Some(7.54);
        assert_eq!(security_severity(&f), 7.5);
        // a severity override that disagrees with the score wins
        f.cvss_score = Some(9.8);
        assert_eq!(security_severity(&f), 8.0);
        f.cvss_score = Some(f64::NAN);
        assert_eq!(security_severity(&f), 8.0);
    }

    #[test]
    fn root_names_are_safe_category_parts() {
        assert_eq!(root_name("/home/ci/acme-shop"), "acme-shop");
        assert_eq!(root_name("/srv/my repo/"), "my-repo");
        assert_eq!(root_name("/"), "repository");
    }

    #[test]
    fn semver_detection() {
        assert!(is_semver("0.1.0"));
        assert!(is_semver("1.2.3-rc.1"));
        assert!(!is_semver("1.2"));
        assert!(!is_semver("dev"));
    }
}
