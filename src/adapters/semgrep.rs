//! Semgrep (`semgrep scan --json`).
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::Confidence;
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "semgrep",
    parse,
    run: Some(&ToolSpec {
        key: "semgrep",
        program: "semgrep",
        args: &["scan", "--json", "--quiet", "--metrics=off", "--config", "p/default", "--output", "{out}"],
        ok_codes: &[0, 1],
        network: true,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `semgrep --json`.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let results = doc.get("results").and_then(Value::as_array).ok_or("no results")?;
    let mut out = Parsed::default();
    for r in results {
        let extra = r.get("extra");
        let meta = extra.and_then(|e| e.get("metadata"));
        let cwe = meta.and_then(|m| m.get("cwe")).and_then(|c| match c {
            Value::String(s) => cwe_number(s),
            Value::Array(a) => a.iter().filter_map(Value::as_str).find_map(cwe_number),
            _ => None,
        });
        let confidence =
            meta.and_then(|m| m.get("confidence")).and_then(Value::as_str).map_or(Confidence::Medium, confidence_word);
        let mut f = code_finding(
            "semgrep",
            &text(r, "check_id"),
            extra.map(|e| text(e, "message")).as_deref().unwrap_or(""),
            severity_word(extra.map(|e| text(e, "severity")).as_deref().unwrap_or("")),
            confidence,
            cwe,
            &text(r, "path"),
            line_of(r.pointer("/start/line")),
        );
        f.snippet = extra.map(|e| text(e, "lines")).filter(|s| !s.is_empty() && s != "requires login");
        out.findings.push(f);
    }
    Ok(out)
}
