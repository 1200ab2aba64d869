//! The security score: `round(100 × Π(1 − w))` over the issues that count, with w = 0.25 critical,
//! 0.10 high, 0.03 medium, 0.01 low, 0 info. Monotone (every issue can only lower it), never negative.
use crate::model::{Finding, Severity};

/// Weight of one issue of a severity.
pub(crate) fn weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 0.25,
        Severity::High => 0.10,
        Severity::Medium => 0.03,
        Severity::Low => 0.01,
        Severity::Info => 0.0,
    }
}

/// Score of a set of issues; accepted-risk and false-positive issues do not count.
pub(crate) fn score(findings: &[Finding]) -> u32 {
    let product: f64 = findings.iter().filter(|f| f.status.counts()).map(|f| 1.0 - weight(f.severity)).product();
    (100.0 * product).round().clamp(0.0, 100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engine, IssueType, Status};

    fn f(s: Severity) -> Finding {
        Finding::new(Engine::Deps, "r", IssueType::PythonDependency, s, String::new())
    }

    #[test]
    fn worked_example_from_the_readme() {
        // 1 critical, 2 high, 3 medium, 1 info: 100 × 0.75 × 0.9² × 0.97³ = 55.46… → 55
        let mut v = vec![f(Severity::Critical), f(Severity::High), f(Severity::High), f(Severity::Info)];
        v.extend((0..3).map(|_| f(Severity::Medium)));
        assert_eq!(score(&v), 55);
    }

    #[test]
    fn empty_is_100_and_many_criticals_stay_non_negative() {
        assert_eq!(score(&[]), 100);
        let v: Vec<_> = (0..100).map(|_| f(Severity::Critical)).collect();
        assert_eq!(score(&v), 0);
    }

    #[test]
    fn accepted_risk_does_not_count() {
        let mut c = f(Severity::Critical);
        c.status = Status::AcceptedRisk;
        assert_eq!(score(&[c]), 100);
    }
}
