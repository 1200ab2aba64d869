//! Comparison with a previous report: new, fixed and still-open issues by fingerprint; and reading a
//! `--baseline` JSON report.
use crate::model::{Comparison, Finding, FixedIssue};
use std::collections::HashSet;
use std::path::Path;

/// Compare `current` with `previous` (both by fingerprint). `resolved_at` is stamped on fixed issues.
pub(crate) fn compare(previous: &[Finding], current: &[Finding], against: String, resolved_at: &str) -> Comparison {
    let before: HashSet<&str> = previous.iter().map(|f| f.fingerprint.as_str()).collect();
    let now: HashSet<&str> = current.iter().map(|f| f.fingerprint.as_str()).collect();
    let mut new = Vec::new();
    let mut still_open = Vec::new();
    for f in current {
        if before.contains(f.fingerprint.as_str()) {
            still_open.push(f.fingerprint.clone());
        } else {
            new.push(f.fingerprint.clone());
        }
    }
    let mut seen = HashSet::new();
    let fixed = previous
        .iter()
        .filter(|f| !now.contains(f.fingerprint.as_str()) && seen.insert(f.fingerprint.as_str()))
        .map(|f| FixedIssue {
            fingerprint: f.fingerprint.clone(),
            rule_id: f.rule_id.clone(),
            title: f.title.clone(),
            severity: f.severity,
            file_path: f.file_path.clone(),
            first_seen_at: f.first_seen_at.clone(),
            resolved_at: Some(resolved_at.to_string()),
        })
        .collect();
    Comparison { against, new, still_open, fixed, gates_on_new_only: false }
}

/// The issues of a secscan JSON report (`--baseline FILE`).
pub(crate) fn load_baseline(path: &Path) -> Result<Vec<Finding>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    if doc.get("schema_version").and_then(|v| v.as_str()).is_none() {
        return Err("not a secscan JSON report (no schema_version)".into());
    }
    let issues = doc.get("issues").cloned().unwrap_or(serde_json::Value::Array(Vec::new()));
    serde_json::from_value(issues).map_err(|e| format!("not a secscan JSON report: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engine, IssueType, Severity};

    fn f(fp: &str) -> Finding {
        let mut f = Finding::new(Engine::Deps, "r", IssueType::PythonDependency, Severity::High, fp.into());
        f.fingerprint = fp.into();
        f
    }

    #[test]
    fn new_fixed_and_still_open() {
        let c = compare(&[f("a"), f("b")], &[f("b"), f("c")], "baseline x".into(), "T");
        assert_eq!(c.new, vec!["c"]);
        assert_eq!(c.still_open, vec!["b"]);
        assert_eq!(c.fixed.len(), 1);
        assert_eq!(c.fixed[0].fingerprint, "a");
        assert_eq!(c.fixed[0].resolved_at.as_deref(), Some("T"));
    }
}
