//! What the adapters share: CWE to the spec's issue type and OWASP category, severity and confidence
//! words, and the shape of a code finding.
use crate::model::{Confidence, Engine, Finding, IssueType, Severity};
use serde_json::Value;

/// The spec's issue type and OWASP category of a CWE (the OWASP Top 10 2021 mapping of the common ones).
pub(crate) fn type_of_cwe(cwe: u32) -> (IssueType, &'static str) {
    match cwe {
        74 | 77 | 78 | 79 | 80 | 88 | 89 | 90 | 91 | 94 | 95 | 113 | 116 | 643 | 652 | 917 | 943 | 1336 => {
            (IssueType::OwaspInjection, "A03:2021")
        }
        22 | 23 | 35 | 59 | 200 | 201 | 284 | 285 | 352 | 359 | 538 | 552 | 601 | 639 | 668 | 862 | 863 | 922 => {
            (IssueType::OwaspBrokenAccessControl, "A01:2021")
        }
        261 | 295 | 296 | 297 | 310 | 311 | 312 | 319 | 320 | 321 | 323 | 324 | 325 | 326 | 327 | 328 | 329 | 330
        | 331 | 335 | 336 | 337 | 338 | 340 | 347 | 523 | 720 | 757 | 759 | 760 | 780 | 916 => {
            (IssueType::OwaspCryptographicFailures, "A02:2021")
        }
        2 | 11 | 13 | 15 | 16 | 209 | 215 | 260 | 276 | 489 | 497 | 520 | 526 | 537 | 541 | 547 | 611 | 614 | 693
        | 732 | 756 | 776 | 942 | 1004 | 1032 | 1174 => (IssueType::OwaspSecurityMisconfiguration, "A05:2021"),
        937 | 1035 | 1104 => (IssueType::OwaspVulnerableComponents, "A06:2021"),
        255 | 259 | 287 | 288 | 290 | 294 | 306 | 307 | 346 | 384 | 521 | 613 | 620 | 640 | 798 | 940 => {
            (IssueType::OwaspAuthenticationFailures, "A07:2021")
        }
        345 | 353 | 426 | 494 | 502 | 565 | 784 | 829 | 830 | 915 => {
            (IssueType::OwaspDataIntegrityFailures, "A08:2021")
        }
        117 | 223 | 532 | 778 => (IssueType::OwaspLoggingFailures, "A09:2021"),
        918 => (IssueType::OwaspSsrf, "A10:2021"),
        _ => (IssueType::OwaspInsecureDesign, "A04:2021"),
    }
}

/// The first CWE number in a text (`CWE-89`, `CWE-89: SQL…`, `external/cwe/cwe-89`, `89`).
pub(crate) fn cwe_number(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let start = lower.find("cwe-").map(|i| i + 4).unwrap_or(0);
    let digits: String = lower[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

pub(crate) fn severity_word(s: &str) -> Severity {
    match s.to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" | "error" => Severity::High,
        "medium" | "moderate" | "warning" => Severity::Medium,
        "low" | "note" | "info" => Severity::Low,
        _ => Severity::Medium,
    }
}

pub(crate) fn confidence_word(s: &str) -> Confidence {
    match s.to_ascii_lowercase().as_str() {
        "high" => Confidence::High,
        "low" => Confidence::Low,
        _ => Confidence::Medium,
    }
}

pub(crate) fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

pub(crate) fn line_of(v: Option<&Value>) -> Option<u32> {
    v.and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0)
}

/// A code finding of a tool, typed by its CWE.
#[allow(clippy::too_many_arguments)]
pub(crate) fn code_finding(
    tool: &str,
    rule: &str,
    message: &str,
    severity: Severity,
    confidence: Confidence,
    cwe: Option<u32>,
    file: &str,
    line: Option<u32>,
) -> Finding {
    let (issue_type, owasp) = cwe.map_or((IssueType::OwaspInsecureDesign, "A04:2021"), type_of_cwe);
    let first = message.lines().next().unwrap_or(message);
    let mut f =
        Finding::new(Engine::Code, &format!("{tool}:{rule}"), issue_type, severity, format!("[{tool}] {first}"));
    f.confidence = confidence;
    f.description = format!("{message} (reported by {tool}, rule {rule})");
    f.file_path = (!file.is_empty()).then(|| file.to_string());
    f.line_number = line;
    f.cwe = cwe.map(|c| vec![format!("CWE-{c}")]).unwrap_or_default();
    f.owasp = vec![owasp.to_string()];
    f
}
