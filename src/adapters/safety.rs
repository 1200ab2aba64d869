//! Safety (`safety check --output json`), run with SAFETY_API_KEY.
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Engine, Finding, IssueType, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "safety",
    parse,
    run: Some(&ToolSpec {
        key: "safety",
        program: "safety",
        args: &["check", "--output", "json", "-r", "requirements.txt"],
        ok_codes: &[0, 64, 255],
        network: true,
        refused: None,
        token: Some("SAFETY_API_KEY"),
        runs_repo_code: None,
    }),
};

/// `safety check --output json` (Safety 2 and 3's check command).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let vulns = doc.get("vulnerabilities").and_then(Value::as_array).ok_or("no vulnerabilities")?;
    let mut out = Parsed::default();
    for v in vulns {
        let id = text(v, "vulnerability_id");
        let cve = text(v, "CVE");
        let severity =
            v.pointer("/severity/cvssv3/base_severity").and_then(Value::as_str).map_or(Severity::Medium, severity_word);
        let mut f = Finding::new(
            Engine::Deps,
            &format!("safety:{id}"),
            IssueType::PythonDependency,
            severity,
            format!(
                "[safety] {} {}: {}",
                text(v, "package_name"),
                text(v, "analyzed_version"),
                if cve.is_empty() { &id } else { &cve }
            ),
        );
        f.description = format!("{} (reported by Safety)", crate::report::text::truncate(&text(v, "advisory"), 1000));
        f.package_name = Some(text(v, "package_name"));
        f.package_version = Some(text(v, "analyzed_version")).filter(|s| !s.is_empty());
        f.vulnerability_id = Some(if cve.is_empty() { id.clone() } else { cve.clone() });
        f.aliases = [id, cve].into_iter().filter(|s| !s.is_empty()).collect();
        f.fixed_versions = v
            .get("fixed_versions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        f.ecosystem = Some(crate::model::Ecosystem::PyPI);
        f.owasp = vec!["A06:2021".into()];
        out.findings.push(f);
    }
    Ok(out)
}
