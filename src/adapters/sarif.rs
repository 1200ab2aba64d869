//! SARIF 2.1.0 from any tool (Semgrep, CodeQL, gitleaks, ESLint's SARIF formatter…).
use super::common::*;
use super::{Adapter, Parsed};
use crate::model::{Confidence, Engine, IssueType, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter { format: "sarif", parse, run: None };

/// SARIF 2.1.0 (any tool: semgrep --sarif, gitleaks, bandit -f sarif, CodeQL, ESLint's SARIF formatter).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
    let runs = doc.get("runs").and_then(Value::as_array).ok_or("no runs")?;
    let mut out = Parsed::default();
    for run in runs {
        let driver = run.pointer("/tool/driver");
        let tool_name = driver.map(|d| text(d, "name")).filter(|n| !n.is_empty()).unwrap_or_else(|| "sarif".into());
        let tool: String =
            tool_name.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let secrets_tool = ["gitleaks", "trufflehog", "detect-secrets", "secret"].iter().any(|w| tool.contains(w));
        let rules: Vec<Value> =
            driver.and_then(|d| d.get("rules")).and_then(Value::as_array).cloned().unwrap_or_default();
        for r in run.get("results").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            // a check that passed or did not apply is not a finding (`kind` defaults to "fail")
            if matches!(r.get("kind").and_then(Value::as_str), Some("pass" | "notApplicable" | "informational")) {
                continue;
            }
            let rule_id = text(r, "ruleId");
            let rule = rules.iter().find(|x| text(x, "id") == rule_id).or_else(|| {
                r.get("ruleIndex").and_then(Value::as_u64).and_then(|i| rules.get(usize::try_from(i).ok()?))
            });
            let message = r.pointer("/message/text").and_then(Value::as_str).unwrap_or(&rule_id).to_string();
            let loc = r.pointer("/locations/0/physicalLocation");
            let file = loc.and_then(|l| l.pointer("/artifactLocation/uri")).and_then(Value::as_str).unwrap_or("");
            let line = line_of(loc.and_then(|l| l.pointer("/region/startLine")));
            let tags: Vec<String> = rule
                .and_then(|x| x.pointer("/properties/tags"))
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let cwe = tags.iter().find(|t| t.to_ascii_lowercase().contains("cwe")).and_then(|t| cwe_number(t));
            let score = rule
                .and_then(|x| x.pointer("/properties/security-severity"))
                .and_then(|s| s.as_str().and_then(|s| s.parse::<f64>().ok()).or_else(|| s.as_f64()));
            let severity = match score {
                Some(s) if s >= 9.0 => Severity::Critical,
                Some(s) if s >= 7.0 => Severity::High,
                Some(s) if s >= 4.0 => Severity::Medium,
                Some(_) => Severity::Low,
                None => severity_word(r.get("level").and_then(Value::as_str).unwrap_or("warning")),
            };
            let mut f = code_finding(&tool, &rule_id, &message, severity, Confidence::Medium, cwe, file, line);
            if secrets_tool {
                f.engine = Engine::Secrets;
                f.issue_type = IssueType::BestPracticeSecrets;
                f.owasp = vec!["A07:2021".into()];
                f.cwe = vec!["CWE-798".into()];
            } else if let Some(snippet) = loc.and_then(|l| l.pointer("/region/snippet/text")).and_then(Value::as_str) {
                f.snippet = Some(snippet.trim().to_string());
            }
            match suppression(r) {
                Some(why) => out.suppressed.push((f, format!("suppressed in {tool_name}: {why}"))),
                None => out.findings.push(f),
            }
        }
    }
    Ok(out)
}

/// Why the tool suppressed a result: an accepted suppression (status "accepted" or none given), its kind
/// and justification; None when the result stands (no suppression, or only rejected ones or ones still
/// under review: fail closed).
fn suppression(r: &Value) -> Option<String> {
    let list = r.get("suppressions").and_then(Value::as_array)?;
    let s = list.iter().find(|s| matches!(s.get("status").and_then(Value::as_str), None | Some("accepted")))?;
    let kind = s.get("kind").and_then(Value::as_str).unwrap_or("external");
    let justification: String =
        s.get("justification").and_then(Value::as_str).unwrap_or("").chars().take(500).collect();
    Some(if justification.trim().is_empty() { kind.to_string() } else { format!("{kind}, {}", justification.trim()) })
}
