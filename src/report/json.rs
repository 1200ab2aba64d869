//! `secscan-report.json`: secscan's own versioned report (documented in README.md, "JSON report").
use super::{Artifact, ReportError, Reporter};
use crate::model::report::Timing;
use crate::model::{
    Comparison, FileError, Finding, GateResult, Package, RelaxedSetting, Report, ReportSummary, ScannedFile, Suppressed,
};
use serde::Serialize;

/// Bumped on any incompatible change of the shape (and on a change of the score formula).
pub(crate) const SCHEMA_VERSION: &str = "1.0";

pub(crate) struct Json;

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Stats {
    files_scanned: u64,
    packages: usize,
    issues: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    packages_checked: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    packages_unpinned: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    packages_non_registry: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    advisories_available: Option<bool>,
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    tool: Tool<'a>,
    /// The project's name (the scanned folder's name), not a path of the machine that scanned.
    root: String,
    report: &'a ReportSummary,
    passed: bool,
    gates: &'a [GateResult],
    comparison: Option<&'a Comparison>,
    issues: Items<'a, Finding>,
    suppressed: &'a [Suppressed],
    inventory: Items<'a, Package>,
    scanned: &'a [ScannedFile],
    errors: &'a [FileError],
    incomplete: &'a [String],
    excluded: &'a [String],
    relaxed_settings: &'a [RelaxedSetting],
    timings: &'a [Timing],
    stats: Stats,
}

/// A long array of the document: serialized in place, or left as a marker that
/// [`Json::write_to`] replaces with the array rendered in parallel.
enum Items<'a, T> {
    All(&'a [T]),
    Marker(&'static str),
}

impl<T: Serialize> Serialize for Items<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Items::All(items) => items.serialize(s),
            Items::Marker(m) => s.serialize_str(m),
        }
    }
}

/// The markers: JSON strings no report value can produce at that place (a key at depth 1 starts a
/// line, and no string holds a raw line break).
const ISSUES_MARKER: &str = "\n  \"issues\": \"\\u0000issues\\u0000\"";
const INVENTORY_MARKER: &str = "\n  \"inventory\": \"\\u0000inventory\\u0000\"";

/// The JSON document of a report.
fn document(report: &Report) -> Document<'_> {
    Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "secscan", version: &report.tool_version },
        root: report.project_name(),
        report: &report.summary,
        passed: report.passed(),
        gates: &report.gates,
        comparison: report.comparison.as_ref(),
        issues: Items::All(&report.issues),
        suppressed: &report.suppressed,
        inventory: Items::All(&report.inventory),
        scanned: &report.scanned,
        errors: &report.errors,
        incomplete: &report.incomplete,
        excluded: &report.excluded,
        relaxed_settings: &report.relaxed_settings,
        timings: &report.timings,
        stats: Stats {
            files_scanned: report.files_scanned,
            packages: report.inventory.len(),
            issues: report.issues.len(),
            packages_checked: report.checks.map(|c| c.checked),
            packages_unpinned: report.checks.map(|c| c.unpinned),
            packages_non_registry: report.checks.map(|c| c.non_registry),
            advisories_available: report.checks.map(|c| c.advisories_available),
        },
    }
}

impl Reporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        let out = super::text::to_safe_json_records(&document(report))
            .map_err(|e| ReportError::Render { format: "json", message: e.to_string() })?;
        Ok(vec![Artifact { file_name: Some("secscan-report.json"), bytes: out }])
    }

    fn streamed(&self) -> Option<&'static str> {
        Some("secscan-report.json")
    }

    /// The same bytes as [`Reporter::render`], with the issues and the inventory (nearly all of a large
    /// report) serialized in parallel.
    fn write_to(&self, report: &Report, w: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        let mut doc = document(report);
        // the arrays the document holds (whatever document() chose), written apart
        let issues = std::mem::replace(&mut doc.issues, Items::Marker("\u{0}issues\u{0}"));
        let inventory = std::mem::replace(&mut doc.inventory, Items::Marker("\u{0}inventory\u{0}"));
        let (Items::All(issues), Items::All(inventory)) = (issues, inventory) else {
            return Err(std::io::Error::other("JSON report: the document's arrays are not in place"));
        };
        let head = super::text::to_safe_json_records(&doc)?;
        let mut rest: &[u8] = &head;
        for (marker, key) in [(ISSUES_MARKER, "issues"), (INVENTORY_MARKER, "inventory")] {
            let at = memchr::memmem::find(rest, marker.as_bytes())
                .ok_or_else(|| std::io::Error::other(format!("JSON report: the {key} marker is missing")))?;
            w.write_all(&rest[..at])?;
            write!(w, "\n  \"{key}\": ")?;
            if key == "issues" {
                super::text::write_safe_json_records_at_depth_1(issues, w)?;
            } else {
                super::text::write_records_at_depth_1(inventory, w, package_record)?;
            }
            rest = &rest[at + marker.len()..];
        }
        w.write_all(rest)
    }
}

/// A package of the inventory as one line of JSON, written directly (110 000 of them in a large
/// monorepo): the same bytes as serializing [`Package`] on one line (tested).
fn package_record(p: &Package, out: &mut Vec<u8>) -> std::io::Result<()> {
    use super::text::push_safe_json_str as string;
    let flag = |b: bool| if b { "true" } else { "false" };
    out.extend_from_slice(b"{\"ecosystem\":");
    string(out, p.ecosystem.as_str())?;
    out.extend_from_slice(b",\"name\":");
    string(out, &p.name)?;
    out.extend_from_slice(b",\"version\":");
    match &p.version {
        Some(v) => string(out, v)?,
        None => out.extend_from_slice(b"null"),
    }
    if let Some(r) = &p.requirement {
        out.extend_from_slice(b",\"requirement\":");
        string(out, r)?;
    }
    out.extend_from_slice(b",\"file_path\":");
    string(out, &p.file_path)?;
    out.extend_from_slice(b",\"line_number\":");
    match p.line_number {
        Some(n) => out.extend_from_slice(n.to_string().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    for (key, value) in [("direct", p.direct), ("dev", p.dev), ("optional", p.optional), ("peer", p.peer)] {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        out.extend_from_slice(flag(value).as_bytes());
    }
    out.extend_from_slice(b",\"dependency_path\":[");
    for (i, name) in p.dependency_path.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, name)?;
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ecosystem, Engine, IssueType, Severity};

    fn report(issues: usize, packages: usize) -> Report {
        let mut r = Report::default();
        for i in 0..issues {
            let mut f = Finding::new(
                Engine::Deps,
                &format!("CVE-{i}"),
                IssueType::NodeDependency,
                Severity::High,
                format!("pkg {i}: \u{1b}[31mred\u{202e} and \"quoted\" text\nwith a line break"),
            );
            f.references = vec![format!("https://advisories.example/{i}")];
            f.cwe = if i % 2 == 0 { vec!["CWE-79".into()] } else { Vec::new() };
            r.issues.push(f);
        }
        // every field of a package in every shape, and names that need escaping (the inventory is written
        // by a direct writer that must give serde's bytes)
        let odd = ["q\"uote", "back\\slash", "t\tab", "del\u{7f}", "bidi\u{202e}x", "ünï", "c1\u{9b}", "nl\n"];
        for i in 0..packages {
            let eco = if i % 3 == 0 { Ecosystem::PyPI } else { Ecosystem::Npm };
            let name = if i % 5 == 0 { format!("{}{i}", odd[i % odd.len()]) } else { format!("p{i}") };
            let version = (i % 7 != 0).then(|| format!("1.{i}.0"));
            let mut p =
                Package::new(eco, &name, version, "package-lock.json").at_line((i % 4 != 0).then_some(i as u32));
            p.requirement = (i % 6 == 0).then(|| format!("^1.{i} {}", odd[i % odd.len()]));
            p.direct = i % 2 == 0;
            p.dev = i % 3 == 0;
            p.optional = i % 5 == 0;
            p.peer = i % 11 == 0;
            p.dependency_path = match i % 3 {
                0 => Vec::new(),
                1 => vec![name.clone()],
                _ => vec!["root".into(), odd[i % odd.len()].into(), name.clone()],
            };
            r.inventory.push(p);
        }
        r
    }

    /// The parallel writer gives exactly the bytes of serializing the whole document in one piece (and
    /// one record a line), for empty, small and many-chunk arrays.
    #[test]
    fn parallel_writing_gives_the_same_bytes() {
        for (issues, packages) in [(0, 0), (1, 0), (0, 3), (3, 700), (1000, 1), (2049, 5000)] {
            let r = report(issues, packages);
            let whole = Json.render(&r).expect("renders").remove(0).bytes;
            let mut streamed = Vec::new();
            Json.write_to(&r, &mut streamed).expect("writes");
            assert!(whole == streamed, "{issues} issues, {packages} packages differ");
            let value: serde_json::Value = serde_json::from_slice(&whole).expect("valid JSON");
            assert_eq!(value["issues"].as_array().map(Vec::len), Some(issues));
            assert_eq!(value["inventory"].as_array().map(Vec::len), Some(packages));
            // the layout: the document pretty-printed, each record of its arrays on one line
            let text = String::from_utf8_lossy(&whole);
            let lines: std::collections::HashSet<&str> = text.lines().map(|l| l.trim().trim_end_matches(',')).collect();
            for key in ["issues", "inventory"] {
                for item in value[key].as_array().into_iter().flatten() {
                    let compact = crate::report::text::json_safe(serde_json::to_string(item).expect("compact"));
                    assert!(lines.contains(compact.as_str()), "{key} record not on one line: {compact}");
                }
            }
            assert!(text.starts_with("{\n  \"schema_version\": \"1.0\",\n  \"tool\": {\n    \"name\": \"secscan\","));
        }
    }
}
