//! GitLab security reports: `gl-dependency-scanning-report.json`, `gl-sast-report.json` and
//! `gl-secret-detection-report.json`, in the format of GitLab's security-report-schemas
//! ([`SCHEMA_VERSION`]). All three are always written, with an empty `vulnerabilities` array when
//! there is nothing of their kind, so that a CI template can list all three under `artifacts:reports`.
//!
//! Which findings go where: PYTHON_DEPENDENCY and NODE_DEPENDENCY → dependency scanning;
//! BEST_PRACTICE_SECRETS → secret detection; the OWASP_* and other BEST_PRACTICE_* types → SAST.
use super::text::{cwe_number, format_plain, is_web_url, parse_utc, plain_utc, truncate, INFORMATION_URI};
use super::{Artifact, ReportError, Reporter};
use crate::model::{Ecosystem, Finding, IssueFamily, IssueType, Package, Report, Severity, Status};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

/// The schema version the reports declare. GitLab validates a report against the version it
/// declares; 15.2.1 is the newest version GitLab vendors and the one stored in `shared/schemas`.
/// GitLab issue 517707 shows a self-managed 17.2.9 that accepted only 15.0.0–15.1.4 for
/// dependency scanning: for such an instance set this to "15.1.4" (gitlabhq's vendored 15.1.4
/// schemas describe every field written here in the same way).
pub const SCHEMA_VERSION: &str = "15.2.1";

/// `location.commit.sha` is required in secret detection reports; a scan of a working tree has no
/// commit of its own, so the reports use the conventional all-zero id.
const NO_COMMIT: &str = "0000000000000000000000000000000000000000";

/// Bounds for strings that come from the scanned repository or advisories (schema limits: name 255,
/// solution 7000, description 1 MiB).
const MAX_NAME: usize = 255;
const MAX_DESCRIPTION: usize = 16_000;
const MAX_SOLUTION: usize = 6_000;
const MAX_SNIPPET: usize = 400;
const MAX_LINKS: usize = 10;

pub struct Gitlab;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dependency,
    Sast,
    Secrets,
}

impl Kind {
    fn file_name(self) -> &'static str {
        match self {
            Kind::Dependency => "gl-dependency-scanning-report.json",
            Kind::Sast => "gl-sast-report.json",
            Kind::Secrets => "gl-secret-detection-report.json",
        }
    }

    fn scan_type(self) -> &'static str {
        match self {
            Kind::Dependency => "dependency_scanning",
            Kind::Sast => "sast",
            Kind::Secrets => "secret_detection",
        }
    }

    fn schema_file(self) -> &'static str {
        match self {
            Kind::Dependency => "dependency-scanning-report-format.json",
            Kind::Sast => "sast-report-format.json",
            Kind::Secrets => "secret-detection-report-format.json",
        }
    }

    fn of(issue_type: IssueType) -> Kind {
        match issue_type.family() {
            IssueFamily::Dependency => Kind::Dependency,
            IssueFamily::Secret => Kind::Secrets,
            IssueFamily::Code | IssueFamily::Practice => Kind::Sast,
        }
    }
}

impl Reporter for Gitlab {
    fn name(&self) -> &'static str {
        "gitlab"
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        [Kind::Dependency, Kind::Sast, Kind::Secrets]
            .into_iter()
            .map(|kind| {
                let text = serde_json::to_string_pretty(&document(report, kind))
                    .map_err(|e| ReportError::Render { format: "gitlab", message: e.to_string() })?;
                let mut bytes = super::text::json_safe(text).into_bytes();
                bytes.push(b'\n');
                Ok(Artifact { file_name: Some(kind.file_name()), bytes })
            })
            .collect()
    }
}

/// The dependency-scanning report as JSON.
pub fn dependency_scanning(report: &Report) -> Value {
    document(report, Kind::Dependency)
}

/// The SAST report as JSON.
pub fn sast(report: &Report) -> Value {
    document(report, Kind::Sast)
}

/// The secret-detection report as JSON.
pub fn secret_detection(report: &Report) -> Value {
    document(report, Kind::Secrets)
}

fn document(report: &Report, kind: Kind) -> Value {
    let mut ids = HashSet::new();
    let vulnerabilities: Vec<Value> = report
        .issues
        .iter()
        .filter(|f| Kind::of(f.issue_type) == kind)
        .map(|f| vulnerability(report, f, kind, &mut ids))
        .collect();
    let mut doc = Map::new();
    doc.insert("version".into(), json!(SCHEMA_VERSION));
    doc.insert(
        "schema".into(),
        json!(format!(
            "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SCHEMA_VERSION}/dist/{}",
            kind.schema_file()
        )),
    );
    doc.insert("scan".into(), scan(report, kind));
    doc.insert("vulnerabilities".into(), Value::Array(vulnerabilities));
    if kind == Kind::Dependency {
        doc.insert("dependency_files".into(), dependency_files(report));
    }
    Value::Object(doc)
}

fn scan(report: &Report, kind: Kind) -> Value {
    let version = if report.tool_version.trim().is_empty() { "unknown" } else { report.tool_version.as_str() };
    let tool = json!({
        "id": "secscan",
        "name": "secscan",
        "version": version,
        "vendor": { "name": "secscan" },
        "url": INFORMATION_URI,
    });
    let total = report.timings.iter().find(|t| t.stage == "total").map(|t| t.millis).unwrap_or(0);
    let (start, end) = scan_times(&report.summary.created_at, total);
    let mut scan = Map::new();
    scan.insert("analyzer".into(), tool.clone());
    scan.insert("scanner".into(), tool);
    scan.insert("type".into(), json!(kind.scan_type()));
    scan.insert("start_time".into(), json!(start));
    scan.insert("end_time".into(), json!(end));
    scan.insert("status".into(), json!("success"));
    let messages: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let at = match e.line_number {
                Some(l) => format!("{}:{l}", e.file_path),
                None => e.file_path.clone(),
            };
            json!({
                "level": "warn",
                "value": truncate(&format!("{} ({}): {}", at, e.engine, e.message), 2_000),
            })
        })
        .collect();
    if !messages.is_empty() {
        scan.insert("messages".into(), Value::Array(messages));
    }
    Value::Object(scan)
}

/// `scan.start_time` and `end_time` as GitLab wants them: UTC `YYYY-MM-DDTHH:MM:SS`, no zone and no
/// fraction. The scan ended at `created_at` and took `total_millis`.
fn scan_times(created_at: &str, total_millis: u64) -> (String, String) {
    let Some(end) = parse_utc(created_at) else {
        let t = plain_utc(created_at);
        return (t.clone(), t);
    };
    let start = end.checked_sub(time::Duration::milliseconds(i64::try_from(total_millis).unwrap_or(0))).unwrap_or(end);
    (format_plain(start), format_plain(end))
}

fn vulnerability(report: &Report, f: &Finding, kind: Kind, ids: &mut HashSet<String>) -> Value {
    let mut v = Map::new();
    v.insert("id".into(), json!(unique_id(f, ids)));
    let name = if f.title.trim().is_empty() { f.rule_id.clone() } else { f.title.clone() };
    v.insert("name".into(), json!(truncate(&name, MAX_NAME)));
    let description = if f.description.trim().is_empty() { name.clone() } else { f.description.clone() };
    v.insert("description".into(), json!(truncate(&description, MAX_DESCRIPTION)));
    v.insert("severity".into(), json!(severity(f.severity)));
    if !f.remediation.trim().is_empty() {
        v.insert("solution".into(), json!(truncate(&f.remediation, MAX_SOLUTION)));
    }
    v.insert("identifiers".into(), Value::Array(identifiers(f)));
    if let Some(vector) = f.cvss_vector.as_deref().filter(|v| valid_cvss3(v)) {
        v.insert("cvss_vectors".into(), json!([{ "vendor": "unknown", "vector": vector }]));
    }
    let links: Vec<Value> =
        f.references.iter().filter(|u| is_web_url(u)).take(MAX_LINKS).map(|u| json!({ "url": u })).collect();
    if !links.is_empty() {
        v.insert("links".into(), Value::Array(links));
    }
    if f.status == Status::FalsePositive {
        v.insert(
            "flags".into(),
            json!([{
                "type": "flagged-as-likely-false-positive",
                "origin": "secscan",
                "description": "Marked false-positive in secscan's issue history.",
            }]),
        );
    }
    v.insert("location".into(), location(report, f, kind));
    if kind == Kind::Sast {
        if let Some(snippet) = f.snippet.as_deref().filter(|s| !s.trim().is_empty()) {
            v.insert("raw_source_code_extract".into(), json!(truncate(snippet, MAX_SNIPPET)));
        }
    }
    Value::Object(v)
}

fn location(report: &Report, f: &Finding, kind: Kind) -> Value {
    let mut loc = Map::new();
    match kind {
        Kind::Dependency => {
            let package = f.package_name.clone().unwrap_or_else(|| f.rule_id.clone());
            let file = f
                .file_path
                .clone()
                .filter(|p| !p.trim().is_empty())
                .or_else(|| inventory_entry(report, f).map(|p| p.file_path.clone()))
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| "(unknown manifest)".into());
            let mut dependency = Map::new();
            dependency.insert("package".into(), json!({ "name": package }));
            dependency.insert("version".into(), json!(f.package_version.clone().unwrap_or_default()));
            if let Some(p) = inventory_entry(report, f) {
                dependency.insert("direct".into(), json!(p.direct));
            }
            loc.insert("file".into(), json!(file));
            loc.insert("dependency".into(), Value::Object(dependency));
        }
        Kind::Sast | Kind::Secrets => {
            if let Some(file) = f.file_path.as_deref().filter(|p| !p.trim().is_empty()) {
                loc.insert("file".into(), json!(file));
            }
            if let Some(line) = f.line_number {
                loc.insert("start_line".into(), json!(line));
                loc.insert("end_line".into(), json!(line));
            }
            if kind == Kind::Secrets {
                // the commit that introduced a value found in the git history, when it was scanned
                let commit = f
                    .trace
                    .iter()
                    .find(|s| s.kind == "commit")
                    .and_then(|s| s.note.split_whitespace().next())
                    .filter(|sha| sha.len() >= 7 && sha.bytes().all(|b| b.is_ascii_hexdigit()));
                match commit {
                    Some(sha) => loc.insert("commit".into(), json!({ "sha": sha })),
                    None => loc.insert("commit".into(), json!({ "sha": NO_COMMIT })),
                };
            }
        }
    }
    Value::Object(loc)
}

/// The inventory entry a dependency finding is about (same package and version; same file first).
fn inventory_entry<'a>(report: &'a Report, f: &Finding) -> Option<&'a Package> {
    let name = f.package_name.as_deref()?;
    let candidates =
        report.inventory.iter().filter(|p| p.name == name && p.version.as_deref() == f.package_version.as_deref());
    let mut first = None;
    for p in candidates {
        if Some(p.file_path.as_str()) == f.file_path.as_deref() {
            return Some(p);
        }
        first = first.or(Some(p));
    }
    first
}

/// Identifiers, the primary one first: the advisory (dependencies) or secscan rule id, then the
/// aliases (CVE, GHSA, PYSEC…), the CWE and the OWASP categories. Every `url` is a real link; an id
/// with no known page gets no `url` at all.
fn identifiers(f: &Finding) -> Vec<Value> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |out: &mut Vec<Value>, v: Value| {
        let key = format!("{}|{}", v["type"], v["value"]);
        if seen.insert(key) {
            out.push(v);
        }
    };
    if f.issue_type.is_dependency() {
        let primary = f.vulnerability_id.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| f.rule_id.clone());
        // the canonical id comes from OSV, so osv.dev has a page for it
        if let Some(v) = advisory_identifier(&primary, true) {
            push(&mut out, v);
        }
        for alias in &f.aliases {
            if let Some(v) = advisory_identifier(alias, false) {
                push(&mut out, v);
            }
        }
    } else if let Some(v) = rule_identifier(&f.rule_id) {
        push(&mut out, v);
    }
    for cwe in &f.cwe {
        if let Some(n) = cwe_number(cwe) {
            push(
                &mut out,
                json!({
                    "type": "cwe",
                    "name": format!("CWE-{n}"),
                    "value": n.to_string(),
                    "url": format!("https://cwe.mitre.org/data/definitions/{n}.html"),
                }),
            );
        }
    }
    for owasp in &f.owasp {
        let o = owasp.trim();
        if !o.is_empty() {
            push(&mut out, json!({ "type": "owasp", "name": format!("OWASP {o}"), "value": o }));
        }
    }
    if out.is_empty() {
        // identifiers[] needs at least one entry; the rule id is always there in practice
        out.push(json!({ "type": "secscan_rule_id", "name": "unknown rule", "value": "unknown" }));
    }
    out
}

fn rule_identifier(rule_id: &str) -> Option<Value> {
    let id = rule_id.trim();
    if id.is_empty() {
        return None;
    }
    Some(json!({ "type": "secscan_rule_id", "name": truncate(id, MAX_NAME), "value": id }))
}

/// Prefixes of the advisory databases whose records osv.dev publishes.
const OSV_PREFIXES: &[&str] = &["PYSEC", "MAL", "OSV", "GSD", "UVI", "PSF", "RUSTSEC", "GO"];

/// An advisory id with its type and page: CVE → NVD, GHSA → GitHub advisories, an OSV database id
/// (or any id OSV gave us as canonical) → osv.dev; an id of another database (SNYK-…) gets no `url`.
fn advisory_identifier(id: &str, from_osv: bool) -> Option<Value> {
    let id = id.trim();
    if id.is_empty() {
        return None;
    }
    let upper = id.to_ascii_uppercase();
    let safe = id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    let (ty, url) = if upper.starts_with("CVE-") {
        ("cve", format!("https://nvd.nist.gov/vuln/detail/{id}"))
    } else if upper.starts_with("GHSA-") {
        ("ghsa", format!("https://github.com/advisories/{id}"))
    } else {
        let prefix: String = id
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let on_osv = from_osv || OSV_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(&prefix));
        let ty = if prefix.is_empty() || prefix.len() == id.len() { "osv".to_string() } else { prefix };
        return Some(with_url(
            json!({ "type": ty, "name": truncate(id, MAX_NAME), "value": id }),
            (safe && on_osv).then(|| format!("https://osv.dev/vulnerability/{id}")),
        ));
    };
    Some(with_url(json!({ "type": ty, "name": truncate(id, MAX_NAME), "value": id }), safe.then_some(url)))
}

fn with_url(mut v: Value, url: Option<String>) -> Value {
    if let (Some(url), Some(obj)) = (url, v.as_object_mut()) {
        obj.insert("url".into(), json!(url));
    }
    v
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

/// A UUID-shaped id derived from the finding's fingerprint, so the same issue keeps its id across
/// runs (GitLab recommends UUIDs). Collisions inside one report get a counter mixed in.
fn unique_id(f: &Finding, ids: &mut HashSet<String>) -> String {
    let base = if f.fingerprint.trim().is_empty() {
        format!(
            "{}\0{}\0{}\0{}\0{}",
            f.rule_id,
            f.file_path.as_deref().unwrap_or(""),
            f.line_number.unwrap_or(0),
            f.package_name.as_deref().unwrap_or(""),
            f.title
        )
    } else {
        f.fingerprint.clone()
    };
    for n in 0u32.. {
        let seed = if n == 0 { base.clone() } else { format!("{base}\0{n}") };
        let id = uuid_like(&seed);
        if ids.insert(id.clone()) {
            return id;
        }
    }
    unreachable!("u32 ids exhausted")
}

/// A UUID (RFC 4122 version-5 layout) made of the first 16 bytes of SHA-256 over `seed`: stable for the same
/// seed, so GitLab keeps recognising the same vulnerability across pipelines.
pub(crate) fn uuid_like(seed: &str) -> String {
    let digest = Sha256::digest(format!("secscan-gitlab\0{seed}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(b).into_uuid().hyphenated().to_string()
}

/// Whether `v` is a CVSS v3.0/v3.1 vector (read by the cvss crate) of the length GitLab's schema accepts
/// (the schema has no pattern for v4).
fn valid_cvss3(v: &str) -> bool {
    (32..=128).contains(&v.len())
        && (v.starts_with("CVSS:3.1/") || v.starts_with("CVSS:3.0/"))
        && v.parse::<cvss::v3::Vector>().is_ok()
}

/// The inventory grouped per manifest or lockfile, as GitLab's older dependency list read it; the package
/// manager is the one of the file's format (from the scanned files).
fn dependency_files(report: &Report) -> Value {
    let mut files: BTreeMap<&str, Vec<&Package>> = BTreeMap::new();
    for p in &report.inventory {
        files.entry(p.file_path.as_str()).or_default().push(p);
    }
    Value::Array(
        files
            .into_iter()
            .map(|(path, packages)| {
                let dependencies: Vec<Value> = packages
                    .iter()
                    .map(|p| {
                        json!({
                            "package": { "name": p.name },
                            "version": p.version.clone().or_else(|| p.requirement.clone()).unwrap_or_else(|| "*".into()),
                        })
                    })
                    .collect();
                let manager = report
                    .scanned
                    .iter()
                    .find(|s| s.file_path == path)
                    .and_then(|s| s.package_manager.as_deref())
                    .unwrap_or(if packages.iter().any(|p| p.ecosystem == Ecosystem::Npm) { "npm" } else { "pip" });
                json!({
                    "path": path,
                    "package_manager": manager,
                    "dependencies": dependencies,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_times_have_no_zone() {
        let (start, end) = scan_times("2026-03-04T05:06:07Z", 2_500);
        assert_eq!(end, "2026-03-04T05:06:07");
        assert_eq!(start, "2026-03-04T05:06:04");
        assert_eq!(plain_utc("not a time"), "1970-01-01T00:00:00");
        assert_eq!(plain_utc("2026-03-04T07:06:07+02:00"), "2026-03-04T05:06:07");
    }

    #[test]
    fn cvss_vectors_follow_gitlab_pattern() {
        assert!(valid_cvss3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
        assert!(!valid_cvss3("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
        assert!(!valid_cvss3("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
        assert!(!valid_cvss3("garbage"));
    }

    #[test]
    fn advisory_identifiers_get_types_and_real_urls() {
        let cve = advisory_identifier("CVE-2021-23337", false).unwrap();
        assert_eq!(cve["type"], "cve");
        assert_eq!(cve["url"], "https://nvd.nist.gov/vuln/detail/CVE-2021-23337");
        let ghsa = advisory_identifier("GHSA-35jh-r3h4-6jhm", false).unwrap();
        assert_eq!(ghsa["type"], "ghsa");
        let pysec = advisory_identifier("PYSEC-2021-59", false).unwrap();
        assert_eq!(pysec["type"], "pysec");
        assert_eq!(pysec["url"], "https://osv.dev/vulnerability/PYSEC-2021-59");
        let odd = advisory_identifier("weird id/../x", true).unwrap();
        assert!(odd.get("url").is_none(), "no url for an unsafe id: {odd}");
        let snyk = advisory_identifier("SNYK-JS-MINIMIST-2429795", false).unwrap();
        assert_eq!(snyk["type"], "snyk");
        assert!(snyk.get("url").is_none(), "osv.dev has no SNYK records: {snyk}");
        assert!(advisory_identifier("  ", false).is_none());
    }

    #[test]
    fn uuid_like_is_stable_and_shaped() {
        let a = uuid_like("abc");
        assert_eq!(a, uuid_like("abc"));
        assert_ne!(a, uuid_like("abd"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5");
    }
}
