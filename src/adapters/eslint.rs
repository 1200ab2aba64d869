//! ESLint with eslint-plugin-security (`eslint -f json`); never run by secscan (it would load the repository's own configuration and plugins).
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Confidence, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "eslint",
    parse,
    run: Some(&ToolSpec {
        key: "eslint_security",
        program: "eslint",
        args: &[],
        ok_codes: &[],
        network: false,
        refused: Some(
            "ESLint loads the repository's own configuration and plugins (code of the scanned repository); \
         run it in a trusted job and take its report in with --import FILE:eslint",
        ),
        token: None,
        runs_repo_code: None,
    }),
};

/// The CWE of an eslint-plugin-security rule (and of core rules that are security checks).
fn eslint_cwe(rule: &str) -> Option<u32> {
    let name = rule.rsplit('/').next().unwrap_or(rule);
    Some(match name {
        "detect-child-process" => 78,
        "detect-eval-with-expression" | "no-eval" | "no-implied-eval" | "no-new-func" => 95,
        "detect-non-literal-fs-filename" => 22,
        "detect-non-literal-require" => 829,
        "detect-unsafe-regex" | "detect-non-literal-regexp" => 1333,
        "detect-object-injection" => 915,
        "detect-possible-timing-attacks" => 208,
        "detect-pseudorandombytes" | "detect-pseudoRandomBytes" => 338,
        "detect-buffer-noassert" | "detect-new-buffer" => 119,
        "detect-disable-mustache-escape" => 79,
        "detect-no-csrf-before-method-override" => 352,
        "detect-bidi-characters" => 1007,
        _ => return None,
    })
}

/// `eslint -f json`: the security rules' messages (style rules are not imported).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let files = doc.as_array().ok_or("not an array of files")?;
    let mut out = Parsed::default();
    for file in files {
        let path = text(file, "filePath");
        for m in file.get("messages").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let Some(rule) = m.get("ruleId").and_then(Value::as_str) else { continue };
            let security =
                rule.starts_with("security/") || rule.starts_with("security-node/") || eslint_cwe(rule).is_some();
            if !security {
                continue;
            }
            let severity =
                if m.get("severity").and_then(Value::as_u64) == Some(2) { Severity::Medium } else { Severity::Low };
            let f = code_finding(
                "eslint",
                rule,
                &text(m, "message"),
                severity,
                Confidence::Low,
                eslint_cwe(rule),
                &path,
                line_of(m.get("line")),
            );
            out.findings.push(f);
        }
    }
    Ok(out)
}
