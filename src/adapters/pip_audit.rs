//! pip-audit (`pip-audit -f json`); packages it skipped are warnings.
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Engine, Finding, IssueType, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "pip-audit",
    parse,
    run: Some(&ToolSpec {
        key: "pip_audit",
        program: "pip-audit",
        args: &["-r", "requirements.txt", "--no-deps", "--disable-pip", "-f", "json", "-o", "{out}"],
        ok_codes: &[0, 1],
        network: true,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `pip-audit -f json`.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let deps = doc.get("dependencies").or(Some(doc)).and_then(Value::as_array).ok_or("no dependencies")?;
    let mut out = Parsed::default();
    for d in deps {
        let name = text(d, "name");
        let version = text(d, "version");
        // a package pip-audit could not check is said, not passed over
        if let Some(why) = d.get("skip_reason").and_then(Value::as_str) {
            out.warnings.push(format!("pip-audit did not check {name}: {why}"));
            continue;
        }
        for v in d.get("vulns").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let id = text(v, "id");
            let mut f = Finding::new(
                Engine::Deps,
                &format!("pip-audit:{id}"),
                IssueType::PythonDependency,
                // pip-audit gives no severity: reported as medium, and said so
                Severity::Medium,
                format!("[pip-audit] {name} {version}: {id}"),
            );
            f.description = format!(
                "{} (reported by pip-audit, which gives no severity: medium assumed)",
                crate::report::text::truncate(&text(v, "description"), 1000)
            );
            f.package_name = Some(name.clone());
            f.package_version = Some(version.clone());
            f.vulnerability_id = Some(id.clone());
            f.aliases = v
                .get("aliases")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.fixed_versions = v
                .get("fix_versions")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.ecosystem = Some(crate::model::Ecosystem::PyPI);
            f.owasp = vec!["A06:2021".into()];
            out.findings.push(f);
        }
    }
    Ok(out)
}
