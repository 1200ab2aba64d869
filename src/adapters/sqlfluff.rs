//! SQLFluff (`sqlfluff lint --format json`): the ambiguity and structure rules, not layout.
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Confidence, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "sqlfluff",
    parse,
    run: Some(&ToolSpec {
        key: "sqlfluff",
        program: "sqlfluff",
        args: &["lint", ".", "--format", "json", "--nofail", "--dialect", "{dialect}"],
        ok_codes: &[0, 1],
        network: false,
        refused: None,
        token: None,
        runs_repo_code: Some(
            "SQLFluff's templaters load the Python macros and libraries a repository's .sqlfluff names",
        ),
    }),
};

/// `sqlfluff lint --format json`: the rules of its security-relevant families are findings; layout and
/// style rules are not imported.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let files = doc.as_array().ok_or("not an array of files")?;
    let mut out = Parsed::default();
    for file in files {
        let path = text(file, "filepath");
        for v in file.get("violations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let code = v.get("code").and_then(Value::as_str).unwrap_or("");
            // ambiguous and structure rules (AM, ST: a SELECT * or an ambiguous join may leak columns)
            // and parsing problems; the layout, capitalisation and convention rules are style
            let relevant = code.starts_with("AM") || code.starts_with("ST") || code == "PRS";
            if !relevant {
                continue;
            }
            let line = line_of(v.get("start_line_no").or_else(|| v.get("line_no")));
            let f = code_finding(
                "sqlfluff",
                code,
                &text(v, "description"),
                Severity::Low,
                Confidence::Low,
                None,
                &path,
                line,
            );
            out.findings.push(f);
        }
    }
    Ok(out)
}
