//! Gates: what makes a run exit 1. Each gate says in words why it passed or failed.
use crate::model::{Finding, GateResult, Severity};
use std::collections::HashSet;

/// Evaluate the severity gate (`fail_on`: fail when an issue at or above it counts) and the score gate.
/// With `only_new`, the severity gate counts only issues whose fingerprint is in it (a pull-request check
/// gates on what the change brings in) and the score gate is not applied (the score describes the whole
/// repository, not the change).
pub(crate) fn evaluate(
    findings: &[Finding],
    score: u32,
    fail_on: Option<Severity>,
    min_score: u32,
    only_new: Option<&HashSet<String>>,
) -> Vec<GateResult> {
    let mut gates = Vec::new();
    if let Some(level) = fail_on {
        let n = findings
            .iter()
            .filter(|f| f.status.counts() && f.severity >= level)
            .filter(|f| only_new.is_none_or(|new| new.contains(&f.fingerprint)))
            .count();
        let label = level.as_str().to_ascii_lowercase();
        let scope = if level == Severity::Critical { label.clone() } else { format!("{label}-or-above") };
        gates.push(GateResult {
            gate: label,
            passed: n == 0,
            message: format!(
                "{n} {}{scope} issue{} (limit 0)",
                if only_new.is_some() { "new " } else { "" },
                if n == 1 { "" } else { "s" }
            ),
        });
    }
    if min_score > 0 && only_new.is_none() {
        gates.push(GateResult {
            gate: "score".into(),
            passed: score >= min_score,
            message: format!("security score {score} (minimum {min_score})"),
        });
    }
    gates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engine, IssueType, Status};

    fn f(s: Severity) -> Finding {
        Finding::new(Engine::Deps, "r", IssueType::PythonDependency, s, String::new())
    }

    #[test]
    fn severity_gate_counts_at_or_above() {
        let v = vec![f(Severity::High), f(Severity::High), f(Severity::Low)];
        let g = evaluate(&v, 80, Some(Severity::Critical), 0, None);
        assert!(g[0].passed);
        assert_eq!(g[0].message, "0 critical issues (limit 0)");
        let g = evaluate(&v, 80, Some(Severity::High), 0, None);
        assert!(!g[0].passed);
        assert_eq!(g[0].message, "2 high-or-above issues (limit 0)");
        assert!(evaluate(&v, 80, None, 0, None).is_empty());
    }

    #[test]
    fn score_gate_and_ignored_statuses() {
        let mut c = f(Severity::Critical);
        c.status = Status::FalsePositive;
        let g = evaluate(&[c], 65, Some(Severity::Critical), 70, None);
        assert!(g[0].passed);
        assert!(!g[1].passed);
        assert_eq!(g[1].message, "security score 65 (minimum 70)");
    }

    #[test]
    fn new_only_counts_new_fingerprints_and_skips_the_score_gate() {
        let mut a = f(Severity::Critical);
        a.fingerprint = "old".into();
        let mut b = f(Severity::Critical);
        b.fingerprint = "new".into();
        let new: HashSet<String> = ["new".to_string()].into_iter().collect();
        let g = evaluate(&[a.clone(), b], 10, Some(Severity::Critical), 70, Some(&new));
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].message, "1 new critical issue (limit 0)");
        let none = HashSet::new();
        assert!(evaluate(&[a], 10, Some(Severity::Critical), 70, Some(&none))[0].passed);
    }
}
