//! Snyk (`snyk test --json`), run with SNYK_TOKEN.
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Engine, Finding, IssueType};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "snyk",
    parse,
    run: Some(&ToolSpec {
        key: "snyk",
        program: "snyk",
        args: &["test", "--json", "--json-file-output={out}"],
        ok_codes: &[0, 1],
        network: true,
        refused: None,
        token: Some("SNYK_TOKEN"),
        runs_repo_code: Some(
            "snyk runs the project's build tools (gradle and maven wrappers, setup.py) to list its dependencies",
        ),
    }),
};

/// `snyk test --json` (one project, or an array of projects with --all-projects).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let projects = match doc {
        Value::Array(a) => a.clone(),
        Value::Object(_) => vec![doc.clone()],
        _ => return Err("not snyk's JSON".into()),
    };
    let mut out = Parsed::default();
    for p in &projects {
        let manager = text(p, "packageManager");
        let target = text(p, "displayTargetFile");
        let vulns = p.get("vulnerabilities").and_then(Value::as_array).ok_or("no vulnerabilities")?;
        for v in vulns {
            let ids = |kind: &str| -> Vec<String> {
                v.pointer(&format!("/identifiers/{kind}"))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                    .unwrap_or_default()
            };
            let python = matches!(manager.as_str(), "pip" | "poetry" | "pipenv");
            let mut f = Finding::new(
                Engine::Deps,
                &format!("snyk:{}", text(v, "id")),
                if python { IssueType::PythonDependency } else { IssueType::NodeDependency },
                severity_word(&text(v, "severity")),
                format!("[snyk] {}: {}", text(v, "packageName"), text(v, "title")),
            );
            f.description = format!("{} (reported by snyk)", text(v, "title"));
            f.package_name = Some(text(v, "packageName"));
            f.package_version = Some(text(v, "version")).filter(|s| !s.is_empty());
            let mut aliases = ids("CVE");
            aliases.extend(ids("GHSA"));
            f.vulnerability_id = aliases.first().cloned().or_else(|| Some(text(v, "id")));
            f.aliases = aliases;
            f.cwe = ids("CWE");
            f.fixed_versions = v
                .get("fixedIn")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.dependency_path = v
                .get("from")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.ecosystem = Some(if python { crate::model::Ecosystem::PyPI } else { crate::model::Ecosystem::Npm });
            f.file_path = Some(target.clone()).filter(|s| !s.is_empty());
            f.owasp = vec!["A06:2021".into()];
            out.findings.push(f);
        }
    }
    Ok(out)
}
