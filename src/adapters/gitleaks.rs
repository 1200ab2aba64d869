//! gitleaks (`gitleaks detect --report-format json`); secret values redacted.
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Engine, Finding, IssueType, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "gitleaks",
    parse,
    run: Some(&ToolSpec {
        key: "gitleaks",
        program: "gitleaks",
        args: &[
            "detect",
            "--no-git",
            "--source",
            ".",
            "--report-format",
            "json",
            "--report-path",
            "{out}",
            "--exit-code",
            "0",
        ],
        ok_codes: &[0],
        network: false,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `gitleaks detect --report-format json`: the value is redacted at once and handed to the scrubber.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let list = match doc {
        Value::Null => return Ok(Parsed::default()),
        Value::Array(a) => a,
        _ => return Err("not an array of leaks".into()),
    };
    let mut out = Parsed::default();
    for r in list {
        let secret = text(r, "Secret");
        let rule = text(r, "RuleID");
        let mut f = Finding::new(
            Engine::Secrets,
            &format!("gitleaks:{rule}"),
            IssueType::BestPracticeSecrets,
            Severity::High,
            format!("[gitleaks] {}", text(r, "Description")),
        );
        f.description = format!("{} (reported by gitleaks, rule {rule})", text(r, "Description"));
        f.file_path = Some(text(r, "File")).filter(|s| !s.is_empty());
        f.line_number = line_of(r.get("StartLine"));
        f.cwe = vec!["CWE-798".into()];
        f.owasp = vec!["A07:2021".into()];
        let matched = text(r, "Match");
        f.snippet = Some(if secret.is_empty() {
            crate::secrets::redact(&matched)
        } else {
            matched.replace(&secret, &crate::secrets::redact(&secret))
        });
        let commit = text(r, "Commit");
        if !commit.is_empty() {
            f.description.push_str(&format!(" Commit {commit} by {} on {}.", text(r, "Author"), text(r, "Date")));
        }
        if !secret.is_empty() {
            out.secrets.push(secret);
        }
        out.findings.push(f);
    }
    Ok(out)
}
