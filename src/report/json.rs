//! `secscan-report.json`: secscan's own versioned report (documented in README.md, "JSON report").
use super::{Artifact, ReportError, Reporter};
use crate::model::report::Timing;
use crate::model::{Comparison, FileError, Finding, GateResult, Package, Report, ReportSummary, Suppressed};
use serde::Serialize;

/// Bumped on any incompatible change of the shape (and on a change of the score formula).
pub const SCHEMA_VERSION: &str = "1.0";

pub struct Json;

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
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    tool: Tool<'a>,
    root: &'a str,
    report: &'a ReportSummary,
    passed: bool,
    gates: &'a [GateResult],
    comparison: Option<&'a Comparison>,
    issues: &'a [Finding],
    suppressed: &'a [Suppressed],
    inventory: &'a [Package],
    errors: &'a [FileError],
    timings: &'a [Timing],
    stats: Stats,
}

/// The JSON document of a report.
pub fn to_value(report: &Report) -> serde_json::Value {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "secscan", version: &report.tool_version },
        root: &report.root,
        report: &report.summary,
        passed: !report.gate_failed(),
        gates: &report.gates,
        comparison: report.comparison.as_ref(),
        issues: &report.issues,
        suppressed: &report.suppressed,
        inventory: &report.inventory,
        errors: &report.errors,
        timings: &report.timings,
        stats: Stats {
            files_scanned: report.files_scanned,
            packages: report.inventory.len(),
            issues: report.issues.len(),
        },
    };
    serde_json::to_value(doc).unwrap_or(serde_json::Value::Null)
}

impl Reporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError> {
        let mut out = serde_json::to_vec_pretty(&to_value(report))
            .map_err(|e| ReportError::Render { format: "json", message: e.to_string() })?;
        out.push(b'\n');
        Ok(vec![Artifact { file_name: Some("secscan-report.json"), bytes: out }])
    }
}
