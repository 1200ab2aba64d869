//! Bandit (`bandit -r . -f json`).
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "bandit",
    parse,
    run: Some(&ToolSpec {
        key: "bandit",
        program: "bandit",
        args: &["-r", ".", "-f", "json", "-q", "-o", "{out}"],
        ok_codes: &[0, 1],
        network: false,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `bandit -f json`.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let results = doc.get("results").and_then(Value::as_array).ok_or("no results")?;
    let mut out = Parsed::default();
    for r in results {
        let cwe = r.pointer("/issue_cwe/id").and_then(Value::as_u64).and_then(|c| u32::try_from(c).ok());
        let mut f = code_finding(
            "bandit",
            &text(r, "test_id"),
            &text(r, "issue_text"),
            severity_word(&text(r, "issue_severity")),
            confidence_word(&text(r, "issue_confidence")),
            cwe,
            &text(r, "filename"),
            line_of(r.get("line_number")),
        );
        // `code` is "12 line\n13 line": the reported line's text
        let line = f.line_number.unwrap_or(0).to_string();
        f.snippet = text(r, "code")
            .lines()
            .find_map(|l| l.strip_prefix(&line).map(|c| c.trim().to_string()))
            .filter(|s| !s.is_empty());
        if let Some(url) = r.get("more_info").and_then(Value::as_str).filter(|u| u.starts_with("https://")) {
            f.references.push(url.to_string());
        }
        out.findings.push(f);
    }
    Ok(out)
}
