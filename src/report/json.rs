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
    issues: &'a [Finding],
    suppressed: &'a [Suppressed],
    inventory: &'a [Package],
    scanned: &'a [ScannedFile],
    errors: &'a [FileError],
    incomplete: &'a [String],
    excluded: &'a [String],
    relaxed_settings: &'a [RelaxedSetting],
    timings: &'a [Timing],
    stats: Stats,
}

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
        issues: &report.issues,
        suppressed: &report.suppressed,
        inventory: &report.inventory,
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
        let out = super::text::to_safe_json(&document(report))
            .map_err(|e| ReportError::Render { format: "json", message: e.to_string() })?;
        Ok(vec![Artifact { file_name: Some("secscan-report.json"), bytes: out }])
    }
}
