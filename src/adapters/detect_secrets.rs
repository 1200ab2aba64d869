//! detect-secrets (`detect-secrets scan`).
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Confidence, Engine, Finding, IssueType, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "detect-secrets",
    parse,
    run: Some(&ToolSpec {
        key: "detect_secrets",
        program: "detect-secrets",
        args: &["scan", "--all-files", "."],
        ok_codes: &[0],
        network: false,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `detect-secrets scan` (a baseline): hashed values only.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let results = doc.get("results").and_then(Value::as_object).ok_or("no results")?;
    let mut out = Parsed::default();
    for (file, list) in results {
        for r in list.as_array().map(Vec::as_slice).unwrap_or_default() {
            let kind = text(r, "type");
            let mut f = Finding::new(
                Engine::Secrets,
                &format!("detect-secrets:{}", kind.to_ascii_lowercase().replace(' ', "-")),
                IssueType::BestPracticeSecrets,
                Severity::Medium,
                format!("[detect-secrets] {kind}"),
            );
            f.confidence = if r.get("is_verified").and_then(Value::as_bool) == Some(true) {
                Confidence::High
            } else {
                Confidence::Low
            };
            f.description = format!("{kind} (reported by detect-secrets; the value is known only by its hash)");
            f.file_path = Some(file.clone());
            f.line_number = line_of(r.get("line_number"));
            f.cwe = vec!["CWE-798".into()];
            f.owasp = vec!["A07:2021".into()];
            out.findings.push(f);
        }
    }
    Ok(out)
}
