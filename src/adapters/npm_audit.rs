//! npm audit (`npm audit --json`, npm 6 and 7+).
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Engine, Finding, IssueType};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "npm-audit",
    parse,
    run: Some(&ToolSpec {
        key: "npm_audit",
        program: "npm",
        args: &["audit", "--json", "--package-lock-only", "--ignore-scripts"],
        ok_codes: &[0, 1],
        network: true,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `npm audit --json` (npm 7 and later).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    // npm writes its failures as JSON too (`{"message": "405 Method Not Allowed - POST …"}`): not a clean audit
    if doc.get("vulnerabilities").is_none() {
        if let Some(message) = doc.get("message").or_else(|| doc.pointer("/error/summary")).and_then(Value::as_str) {
            return Err(format!("npm audit failed: {}", crate::report::text::truncate(message, 300)));
        }
    }
    let vulns = doc.get("vulnerabilities").and_then(Value::as_object).ok_or("no vulnerabilities (npm 7+ format)")?;
    let mut out = Parsed::default();
    for (name, v) in vulns {
        for via in v.get("via").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            // a string `via` names another vulnerable package (reported under its own name)
            if !via.is_object() {
                continue;
            }
            let url = text(via, "url");
            let id = url.rsplit('/').next().filter(|s| s.starts_with("GHSA-")).map(str::to_string);
            let title = text(via, "title");
            let mut f = Finding::new(
                Engine::Deps,
                &format!("npm-audit:{}", id.clone().unwrap_or_else(|| text(via, "source"))),
                IssueType::NodeDependency,
                severity_word(&text(via, "severity")),
                format!("[npm audit] {name}: {title}"),
            );
            f.description = format!("{title} (reported by npm audit; vulnerable range {})", text(via, "range"));
            f.package_name = Some(name.clone());
            f.vulnerability_id = id;
            f.ecosystem = Some(crate::model::Ecosystem::Npm);
            f.file_path = Some("package-lock.json".into());
            f.cwe = via
                .get("cwe")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.owasp = vec!["A06:2021".into()];
            if url.starts_with("https://") {
                f.references.push(url);
            }
            out.findings.push(f);
        }
    }
    Ok(out)
}

/// One advisory of npm 6's audit format (pnpm audit, yarn classic's `auditAdvisory` lines): a finding per
/// installed version it names.
pub(crate) fn npm6_advisory(tool: &str, adv: &Value, out: &mut Parsed) {
    let name = text(adv, "module_name");
    let title = text(adv, "title");
    let ghsa = text(adv, "github_advisory_id");
    let url = text(adv, "url");
    let id = if !ghsa.is_empty() {
        ghsa
    } else {
        url.rsplit('/').next().filter(|s| s.starts_with("GHSA-")).map(str::to_string).unwrap_or_default()
    };
    let cves: Vec<String> = adv
        .get("cves")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let cwe: Vec<String> = match adv.get("cwe") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let mut versions: Vec<String> = adv
        .get("findings")
        .and_then(Value::as_array)
        .map(|f| f.iter().map(|x| text(x, "version")).filter(|v| !v.is_empty()).collect())
        .unwrap_or_default();
    versions.sort();
    versions.dedup();
    if versions.is_empty() {
        versions.push(String::new());
    }
    for version in versions {
        let mut f = Finding::new(
            Engine::Deps,
            &format!("{tool}:{}", if id.is_empty() { text(adv, "id") } else { id.clone() }),
            IssueType::NodeDependency,
            severity_word(&text(adv, "severity")),
            format!("[{tool}] {name}: {title}"),
        );
        f.description =
            format!("{title} (reported by {tool}; vulnerable versions {})", text(adv, "vulnerable_versions"));
        f.package_name = Some(name.clone());
        f.package_version = Some(version).filter(|v| !v.is_empty());
        f.vulnerability_id = Some(id.clone()).filter(|i| !i.is_empty()).or_else(|| cves.first().cloned());
        f.aliases = cves.clone();
        f.cwe = cwe.clone();
        f.ecosystem = Some(crate::model::Ecosystem::Npm);
        f.owasp = vec!["A06:2021".into()];
        if url.starts_with("https://") {
            f.references.push(url.clone());
        }
        out.findings.push(f);
    }
}
