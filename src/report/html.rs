//! `secscan-report.html`: one self-contained page (no CDN, no external font, script or image; works offline).
//!
//! The page is `templates/report.html`, rendered with minijinja with HTML autoescaping on, so every string that
//! comes from the scanned repository or an advisory is escaped where the template prints it. The charts are
//! inline SVG whose geometry is computed here (numbers only; their labels go through the template's escaping).
//! The issue table is built in the browser by `templates/report.js` from a `<script type="application/json">`
//! block: that JSON is escaped for a script element (see [`json_for_script`]) and the script only ever uses
//! `textContent`/`createElement`, never `innerHTML`; it links a reference only when it is an http(s) URL. A
//! Content-Security-Policy meta tag forbids every load (`default-src 'none'`) and allows exactly our inline script,
//! by its SHA-256 computed at render time. The inventory's JSON export is a `Blob` the page downloads itself.
use super::{Artifact, ReportError, Reporter};
use crate::model::{Engine, Finding, IssueType, Package, Report, Severity, Status, TrendPoint};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub struct Html;

const TEMPLATE: &str = include_str!("../../templates/report.html");
const SCRIPT: &str = include_str!("../../templates/report.js");

/// The OWASP Top 10 (2021) categories.
pub const OWASP_TOP10_2021: &[(&str, &str)] = &[
    ("A01", "Broken Access Control"),
    ("A02", "Cryptographic Failures"),
    ("A03", "Injection"),
    ("A04", "Insecure Design"),
    ("A05", "Security Misconfiguration"),
    ("A06", "Vulnerable and Outdated Components"),
    ("A07", "Identification and Authentication Failures"),
    ("A08", "Software and Data Integrity Failures"),
    ("A09", "Security Logging and Monitoring Failures"),
    ("A10", "Server-Side Request Forgery"),
];

/// Which check of this version covers which OWASP Top 10 2021 category: the static half of the coverage table.
/// A check counts as run when its engine ran (the report has a timing for the engine, or a finding from it).
/// The other half comes from the findings themselves: a finding's `owasp` tags add its rule to the categories
/// it names (so code rules, which carry OWASP tags in their YAML, show up without an edit here). Dependency
/// advisories are one check however many advisory ids they produce.
const COVERAGE: &[Check] = &[
    Check { owasp: "A06", engine: Engine::Deps, name: "dependency advisories (OSV)" },
    Check { owasp: "A08", engine: Engine::Deps, name: "deps-no-lockfile" },
];

struct Check {
    owasp: &'static str,
    engine: Engine,
    name: &'static str,
}

/// Name of the check a finding belongs to in the coverage table.
fn check_name(f: &Finding) -> &str {
    if f.engine == Engine::Deps && f.issue_type.is_dependency() {
        "dependency advisories (OSV)"
    } else {
        &f.rule_id
    }
}

#[derive(Serialize)]
struct SevCount {
    name: &'static str,
    class: &'static str,
    count: usize,
}

/// One slice of the severity donut: a stroked circle with a dash of `len` starting at `offset` along it.
#[derive(Serialize)]
struct Slice {
    name: &'static str,
    class: &'static str,
    count: usize,
    len: String,
    gap: String,
    offset: String,
    percent: String,
}

/// One bar of the type chart. The chart has no viewBox: `width` is a percentage of the chart's width, so it
/// follows its card while its text keeps its size.
#[derive(Serialize)]
struct Bar {
    name: &'static str,
    label: &'static str,
    count: usize,
    label_y: u32,
    bar_y: u32,
    count_y: u32,
    width: String,
}

#[derive(Serialize)]
struct TrendPointView {
    x: String,
    y: String,
    score: u32,
    created_at: String,
    report_id: i64,
}

/// A label under the trend's x axis.
#[derive(Serialize)]
struct AxisLabel {
    x: String,
    text: String,
    anchor: &'static str,
}

#[derive(Serialize)]
struct Trend {
    points: Vec<TrendPointView>,
    polyline: String,
    labels: Vec<AxisLabel>,
    /// What the labels leave out ("reports of 2026-11-27, times in UTC"), if anything.
    caption: Option<String>,
}

#[derive(Serialize)]
struct NewIssue<'a> {
    fingerprint: &'a str,
    issue: Option<&'a Finding>,
}

#[derive(Serialize)]
struct Fixed<'a> {
    rule_id: &'a str,
    title: &'a str,
    severity: Severity,
    file_path: Option<&'a str>,
    first_seen_at: Option<&'a str>,
    resolved_at: Option<&'a str>,
    /// resolved_at − first_seen_at, in words; `None` when either is unknown.
    time_to_remediation: Option<String>,
}

#[derive(Serialize)]
struct ComparisonView<'a> {
    against: &'a str,
    gates_on_new_only: bool,
    new: Vec<NewIssue<'a>>,
    still_open: usize,
    /// Of the still open issues, those triaged (accepted risk, false positive): open, but not counted.
    still_open_triaged: usize,
    fixed: Vec<Fixed<'a>>,
}

#[derive(Serialize)]
struct RemediationView {
    open_issues: u32,
    resolved_issues: u32,
    mttr: Option<String>,
}

#[derive(Serialize)]
struct OwaspRow {
    id: &'static str,
    name: &'static str,
    checks: Vec<String>,
    issues: usize,
}

/// The dependency findings of one installed package (ecosystem, name, version, manifest) and the upgrade that
/// fixes all of them, when one version does.
#[derive(Serialize)]
struct PackageGroup<'a> {
    ecosystem: &'a str,
    package: &'a str,
    version: &'a str,
    manifest: &'a str,
    /// Declared by the project itself (no finding has a dependency path longer than the package).
    direct: bool,
    /// Only used in development (every finding says so).
    dev: bool,
    /// The longest dependency path of the findings, for "via …".
    path: &'a [String],
    severity: Severity,
    findings: Vec<&'a Finding>,
    /// The one version that fixes every advisory of the package.
    upgrade: Option<&'a str>,
    /// Why there is no such version, in words.
    no_upgrade: Option<String>,
}

#[derive(Serialize)]
struct Context<'a> {
    report: &'a Report,
    score_class: &'static str,
    passed: bool,
    counts: Vec<SevCount>,
    counted_total: usize,
    /// Issues marked accepted-risk or false-positive: listed, not counted.
    triaged_total: usize,
    donut: Vec<Slice>,
    bars: Vec<Bar>,
    type_chart_height: u32,
    trend: Option<Trend>,
    top: Vec<&'a Finding>,
    packages: Vec<PackageGroup<'a>>,
    comparison: Option<ComparisonView<'a>>,
    remediation: Option<RemediationView>,
    owasp: Vec<OwaspRow>,
    severities: Vec<&'static str>,
    /// Issue types and their labels, for the type filter.
    types: Vec<(&'static str, &'static str)>,
    statuses: Vec<&'static str>,
    inventory: BTreeMap<&'static str, usize>,
    /// What was and was not checked against advisories, in words.
    checked: Option<String>,
    /// The scanned folder's name.
    project: String,
    /// Base64 of the SHA-256 of `script` (only base64 characters: inserted as is).
    script_sha256: Value,
    script: Value,
    data_json: Value,
}

/// Severities from most to least severe.
const SEVERITIES: [Severity; 5] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "sev-critical",
        Severity::High => "sev-high",
        Severity::Medium => "sev-medium",
        Severity::Low => "sev-low",
        Severity::Info => "sev-info",
    }
}

fn type_label(t: IssueType) -> &'static str {
    t.label()
}

/// Radius and circumference of the donut's circle (see the template's viewBox).
const DONUT_R: f64 = 60.0;
/// Longest bar of the type chart, in percent of its width (the rest holds the count).
const BAR_MAX: f64 = 85.0;
/// Height of one type in the type chart: a label above a bar.
const BAR_ROW: u32 = 40;
/// Trend chart size and padding, in SVG units.
const TREND_W: f64 = 560.0;
const TREND_H: f64 = 200.0;
const TREND_PAD: f64 = 30.0;
/// Most labels under the trend's x axis.
const TREND_LABELS: usize = 6;

fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn donut(counts: &[SevCount]) -> Vec<Slice> {
    let total: usize = counts.iter().map(|c| c.count).sum();
    let circumference = 2.0 * std::f64::consts::PI * DONUT_R;
    let mut done = 0.0;
    let mut out = Vec::new();
    for c in counts.iter().filter(|c| c.count > 0) {
        let len = circumference * c.count as f64 / total as f64;
        out.push(Slice {
            name: c.name,
            class: c.class,
            count: c.count,
            len: num(len),
            gap: num(circumference - len),
            offset: num(-done),
            percent: format!("{:.0}", 100.0 * c.count as f64 / total as f64),
        });
        done += len;
    }
    out
}

fn bars(counted: &[&Finding]) -> Vec<Bar> {
    let per_type: Vec<(IssueType, usize)> = IssueType::ALL
        .iter()
        .map(|t| (*t, counted.iter().filter(|f| f.issue_type == *t).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let max = per_type.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    per_type
        .into_iter()
        .enumerate()
        .map(|(i, (t, n))| {
            let top = i as u32 * BAR_ROW;
            Bar {
                name: t.as_str(),
                label: type_label(t),
                count: n,
                label_y: top + 13,
                bar_y: top + 19,
                count_y: top + 31,
                width: num(BAR_MAX * n as f64 / max as f64),
            }
        })
        .collect()
}

fn trend(report: &Report) -> Option<Trend> {
    let n = report.trend.len();
    if n < 2 {
        return None;
    }
    let step = (TREND_W - 2.0 * TREND_PAD) / (n - 1) as f64;
    let points: Vec<TrendPointView> = report
        .trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let score = p.security_score.min(100);
            TrendPointView {
                x: num(TREND_PAD + step * i as f64),
                y: num(TREND_PAD + (100 - score) as f64 / 100.0 * (TREND_H - 2.0 * TREND_PAD)),
                score,
                created_at: p.created_at.clone(),
                report_id: p.report_id,
            }
        })
        .collect();
    let polyline = points.iter().map(|p| format!("{},{}", p.x, p.y)).collect::<Vec<_>>().join(" ");
    // At most six labels, spread evenly, the first and the last included.
    let mut shown: Vec<usize> = (0..TREND_LABELS.min(n)).map(|k| k * (n - 1) / (TREND_LABELS.min(n) - 1)).collect();
    shown.dedup();
    let (texts, caption) = axis_texts(&shown.iter().map(|&i| &report.trend[i]).collect::<Vec<_>>());
    let labels = shown
        .iter()
        .zip(texts)
        .map(|(&i, text)| AxisLabel {
            x: points[i].x.clone(),
            text,
            anchor: if i == 0 {
                "start"
            } else if i == n - 1 {
                "end"
            } else {
                "middle"
            },
        })
        .collect();
    Some(Trend { points, polyline, labels, caption })
}

/// Labels for the trend's x axis that tell the reports apart: their dates when those differ; the time of day
/// when reports share a day (with the day in the caption when it is one day); the report numbers when even
/// the minutes are the same.
fn axis_texts(points: &[&TrendPoint]) -> (Vec<String>, Option<String>) {
    // Parts of an RFC 3339 time (`2026-11-27T10:00:00Z`): the date, the month and day, the hour and minute.
    let part = |p: &TrendPoint, from: usize, to: usize| p.created_at.get(from..to).unwrap_or("").to_string();
    let (date, day, clock) = (|p| part(p, 0, 10), |p| part(p, 5, 10), |p| part(p, 11, 16));
    // Usable as labels: none missing, no two alike.
    let distinct = |texts: &[String]| {
        let mut sorted = texts.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted.len() == texts.len() && texts.iter().all(|t| !t.is_empty())
    };
    let dates: Vec<String> = points.iter().map(|p| date(p)).collect();
    if distinct(&dates) {
        return (dates, None);
    }
    let one_day = dates.iter().all(|d| *d == dates[0]);
    let times: Vec<String> = points
        .iter()
        .map(|p| match (day(p), clock(p)) {
            (_, c) if one_day => c,
            (d, c) if d.is_empty() || c.is_empty() => String::new(),
            (d, c) => format!("{d} {c}"),
        })
        .collect();
    if distinct(&times) {
        let caption = if one_day { format!("reports of {}, times in UTC", dates[0]) } else { "times in UTC".into() };
        return (times, Some(caption));
    }
    (points.iter().map(|p| format!("report {}", p.report_id)).collect(), Some("by report number".into()))
}

/// Dependency findings grouped by installed package (ecosystem, name, version, manifest), most severe first.
fn package_groups(issues: &[Finding]) -> Vec<PackageGroup<'_>> {
    let mut groups: BTreeMap<(&str, &str, &str, &str), Vec<&Finding>> = BTreeMap::new();
    for f in issues.iter().filter(|f| f.issue_type.is_dependency()) {
        let Some(package) = f.package_name.as_deref() else { continue };
        let key = (
            f.ecosystem.map_or("", |e| e.as_str()),
            package,
            f.package_version.as_deref().unwrap_or(""),
            f.file_path.as_deref().unwrap_or(""),
        );
        groups.entry(key).or_default().push(f);
    }
    let mut out: Vec<PackageGroup<'_>> = groups
        .into_iter()
        .map(|((ecosystem, package, version, manifest), mut findings)| {
            findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            let (upgrade, no_upgrade) = match group_upgrade(&findings) {
                Ok(v) => (Some(v), None),
                Err(why) => (None, Some(why)),
            };
            PackageGroup {
                ecosystem,
                package,
                version,
                manifest,
                direct: findings.iter().all(|f| f.dependency_path.len() <= 1),
                dev: findings.iter().all(|f| f.dev),
                path: findings.iter().map(|f| f.dependency_path.as_slice()).max_by_key(|p| p.len()).unwrap_or(&[]),
                severity: findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info),
                findings,
                upgrade,
                no_upgrade,
            }
        })
        .collect();
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| b.findings.len().cmp(&a.findings.len())));
    out
}

/// The one upgrade that fixes every advisory of a package, or why there is none. Each finding names first the
/// smallest version that fixes every advisory of its package when one exists, so the advisories agree on it.
fn group_upgrade<'a>(findings: &[&'a Finding]) -> Result<&'a str, String> {
    let mut fixes: Vec<&str> = findings.iter().filter_map(|f| f.fixed_versions.first().map(String::as_str)).collect();
    let unfixed = findings.len() - fixes.len();
    fixes.sort_unstable();
    fixes.dedup();
    match (fixes.as_slice(), unfixed) {
        ([one], 0) => Ok(one),
        ([], _) => Err("No fixed version published".into()),
        (_, 0) => Err(format!("No single version fixes all: the advisories name {}", fixes.join(", "))),
        (_, n) => {
            Err(format!("No single version fixes all: {n} of {} advisories have no fixed version", findings.len()))
        }
    }
}

/// A duration in words: "3 d 4 h", "5 h 12 min", "7 min", "under a minute".
fn duration_words(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        "under a minute".into()
    }
}

fn time_to_remediation(first_seen: Option<&str>, resolved: Option<&str>) -> Option<String> {
    let a = OffsetDateTime::parse(first_seen?, &Rfc3339).ok()?;
    let b = OffsetDateTime::parse(resolved?, &Rfc3339).ok()?;
    Some(duration_words((b - a).whole_seconds()))
}

fn owasp_rows(report: &Report, counted: &[&Finding]) -> Vec<OwaspRow> {
    let engine_ran = |e: Engine| {
        report.timings.iter().any(|t| t.stage == e.cli_name()) || report.issues.iter().any(|f| f.engine == e)
    };
    OWASP_TOP10_2021
        .iter()
        .map(|(id, name)| {
            let tagged = |f: &Finding| f.owasp.iter().any(|o| o.split(':').next() == Some(*id));
            let mut checks: Vec<String> = COVERAGE
                .iter()
                .filter(|c| c.owasp == *id && engine_ran(c.engine))
                .map(|c| c.name.to_string())
                .collect();
            for f in report.issues.iter().filter(|f| tagged(f)) {
                let name = check_name(f);
                if !checks.iter().any(|c| c == name) {
                    checks.push(name.to_string());
                }
            }
            OwaspRow { id, name, checks, issues: counted.iter().filter(|f| tagged(f)).count() }
        })
        .collect()
}

/// Serialise `value` as JSON that is safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 become
/// `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`, so no string can close the element (`</script>`) or open a
/// comment (`<!--`). They can only occur inside JSON strings, where the escapes mean the same characters.
pub fn json_for_script<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let raw = serde_json::to_string(value)?;
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The CSP source of an inline script: `'sha256-…'` over its exact text.
pub fn csp_hash(script: &str) -> String {
    format!("'sha256-{}'", sha256_base64(script))
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// What the page's script reads: the issues of the table, the inventory, and what the inventory's export names.
#[derive(Serialize)]
struct Data<'a> {
    issues: &'a [Finding],
    inventory: &'a [Package],
    /// Issue type → label.
    types: BTreeMap<&'static str, &'static str>,
    project: String,
    tool_version: &'a str,
    created_at: &'a str,
}

fn context(report: &Report) -> Result<Context<'_>, serde_json::Error> {
    let counted: Vec<&Finding> = report.issues.iter().filter(|f| f.status.counts()).collect();
    let counts: Vec<SevCount> = SEVERITIES
        .iter()
        .map(|s| SevCount {
            name: s.as_str(),
            class: sev_class(*s),
            count: counted.iter().filter(|f| f.severity == *s).count(),
        })
        .collect();
    let mut top: Vec<&Finding> = counted.iter().copied().filter(|f| f.severity >= Severity::High).collect();
    top.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    top.truncate(10);

    let by_fingerprint: HashMap<&str, &Finding> = report.issues.iter().map(|f| (f.fingerprint.as_str(), f)).collect();
    let comparison = report.comparison.as_ref().map(|c| ComparisonView {
        against: &c.against,
        gates_on_new_only: c.gates_on_new_only,
        new: c
            .new
            .iter()
            .map(|fp| NewIssue { fingerprint: fp, issue: by_fingerprint.get(fp.as_str()).copied() })
            .collect(),
        still_open: c.still_open.len(),
        still_open_triaged: c
            .still_open
            .iter()
            .filter(|fp| by_fingerprint.get(fp.as_str()).is_some_and(|f| !f.status.counts()))
            .count(),
        fixed: c
            .fixed
            .iter()
            .map(|f| Fixed {
                rule_id: &f.rule_id,
                title: &f.title,
                severity: f.severity,
                file_path: f.file_path.as_deref(),
                first_seen_at: f.first_seen_at.as_deref(),
                resolved_at: f.resolved_at.as_deref(),
                time_to_remediation: time_to_remediation(f.first_seen_at.as_deref(), f.resolved_at.as_deref()),
            })
            .collect(),
    });
    let remediation = report.remediation.as_ref().map(|r| RemediationView {
        open_issues: r.open_issues,
        resolved_issues: r.resolved_issues,
        mttr: r.mttr_hours.filter(|h| h.is_finite()).map(|h| duration_words((h * 3600.0).round() as i64)),
    });
    let mut inventory = BTreeMap::new();
    for p in &report.inventory {
        *inventory.entry(p.ecosystem.as_str()).or_insert(0) += 1;
    }
    let types: Vec<(&'static str, &'static str)> = IssueType::ALL.iter().map(|t| (t.as_str(), t.label())).collect();
    let score = report.summary.security_score;
    Ok(Context {
        report,
        score_class: if score >= 90 {
            "good"
        } else if score >= 70 {
            "fair"
        } else {
            "poor"
        },
        passed: report.passed(),
        checked: report.checks.as_ref().map(super::table::checked_line),
        project: report.project_name(),
        donut: donut(&counts),
        counted_total: counted.len(),
        triaged_total: report.issues.len() - counted.len(),
        counts,
        type_chart_height: bars(&counted).len().max(1) as u32 * BAR_ROW,
        bars: bars(&counted),
        trend: trend(report),
        top,
        packages: package_groups(&report.issues),
        comparison,
        remediation,
        owasp: owasp_rows(report, &counted),
        severities: SEVERITIES.iter().map(|s| s.as_str()).collect(),
        types: types.clone(),
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        inventory,
        script_sha256: Value::from_safe_string(sha256_base64(SCRIPT)),
        // Our own static script, and JSON escaped for a script element: both inserted as they are.
        script: Value::from_safe_string(SCRIPT.to_string()),
        data_json: Value::from_safe_string(json_for_script(&Data {
            issues: &report.issues,
            inventory: &report.inventory,
            types: types.into_iter().collect(),
            project: report.project_name(),
            tool_version: &report.tool_version,
            created_at: &report.summary.created_at,
        })?),
    })
}

/// Render the page.
pub fn render_html(report: &Report) -> Result<String, ReportError> {
    let err = |message: String| ReportError::Render { format: "html", message };
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_template("report.html", TEMPLATE).map_err(|e| err(e.to_string()))?;
    let ctx = context(report).map_err(|e| err(e.to_string()))?;
    let template = env.get_template("report.html").map_err(|e| err(e.to_string()))?;
    template.render(&ctx).map_err(|e| err(format!("{e:#}")))
}

impl Reporter for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        Ok(vec![Artifact { file_name: Some("secscan-report.html"), bytes: render_html(report)?.into_bytes() }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hash_of_known_text() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(csp_hash("alert(1)"), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    }

    #[test]
    fn script_json_cannot_close_the_element() {
        let s = json_for_script(&"</script><!-- & \u{2028}\u{2029}").unwrap();
        assert_eq!(s, r#""\u003c/script\u003e\u003c!-- \u0026 \u2028\u2029""#);
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029}");
    }

    #[test]
    fn trend_labels_tell_reports_apart() {
        let point = |report_id, at: &str| TrendPoint { report_id, created_at: at.into(), ..Default::default() };
        let texts = |points: &[TrendPoint]| axis_texts(&points.iter().collect::<Vec<_>>());
        let days = [point(1, "2026-11-13T10:00:00Z"), point(2, "2026-11-20T10:00:00Z")];
        assert_eq!(texts(&days), (vec!["2026-11-13".into(), "2026-11-20".into()], None));
        let one_day = [point(1, "2026-11-27T09:05:00Z"), point(2, "2026-11-27T17:40:00Z")];
        assert_eq!(
            texts(&one_day),
            (vec!["09:05".into(), "17:40".into()], Some("reports of 2026-11-27, times in UTC".into()))
        );
        let mixed =
            [point(1, "2026-11-26T09:05:00Z"), point(2, "2026-11-27T08:00:00Z"), point(3, "2026-11-27T17:40:00Z")];
        assert_eq!(texts(&mixed).0, ["11-26 09:05", "11-27 08:00", "11-27 17:40"]);
        let same_minute = [point(7, "2026-11-27T09:05:01Z"), point(8, "2026-11-27T09:05:30Z")];
        assert_eq!(texts(&same_minute).0, ["report 7", "report 8"]);
    }

    #[test]
    fn one_upgrade_for_a_package_or_why_not() {
        let fixed = |versions: &[&str]| {
            let mut f = Finding::new(Engine::Deps, "CVE-1", IssueType::NodeDependency, Severity::High, String::new());
            f.fixed_versions = versions.iter().map(|v| v.to_string()).collect();
            f
        };
        let (a, b, c, none) = (fixed(&["1.2.6", "1.3.0"]), fixed(&["1.2.6"]), fixed(&["2.0.0"]), fixed(&[]));
        assert_eq!(group_upgrade(&[&a, &b]), Ok("1.2.6"));
        assert_eq!(
            group_upgrade(&[&a, &c]),
            Err("No single version fixes all: the advisories name 1.2.6, 2.0.0".into())
        );
        assert_eq!(
            group_upgrade(&[&a, &none]),
            Err("No single version fixes all: 1 of 2 advisories have no fixed version".into())
        );
        assert_eq!(group_upgrade(&[&none]), Err("No fixed version published".into()));
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(time_to_remediation(Some("2026-01-01T00:00:00Z"), Some("2026-01-04T05:00:00Z")).unwrap(), "3 d 5 h");
        assert_eq!(duration_words(3 * 3600 + 7 * 60), "3 h 7 min");
        assert_eq!(duration_words(30), "under a minute");
        assert_eq!(time_to_remediation(Some("yesterday"), Some("2026-01-04T05:00:00Z")), None);
    }
}
