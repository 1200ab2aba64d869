//! The adapters' parsers on small reports in each tool's documented format (the real reports of the
//! tools are in tests/data/imports, used by tests/imports.rs).
use super::common::*;
use crate::model::{Finding, IssueType, Severity};
use serde_json::Value;

use super::bandit::parse as bandit;
use super::npm_audit::parse as npm_audit;
use super::pip_audit::parse as pip_audit;
use super::pnpm_audit::parse as pnpm_audit;
use super::safety::parse as safety;
use super::sarif::parse as sarif;
use super::semgrep::parse as semgrep;
use super::snyk::parse as snyk;
use super::sqlfluff::parse as sqlfluff;
use super::trufflehog::parse as trufflehog;
use super::yarn_audit::parse as yarn_audit;
use serde_json::json;

#[test]
fn semgrep_npm_audit_and_pip_audit_reports() {
    let semgrep = json!({"results": [{"check_id": "python.lang.security.audit.eval", "path": "app.py",
        "start": {"line": 3}, "extra": {"message": "eval of input", "severity": "ERROR",
        "metadata": {"cwe": ["CWE-95: Eval Injection"], "confidence": "HIGH"}, "lines": "eval(x)"}}]});
    let f = &semgrep_findings(&semgrep)[0];
    assert_eq!(
        (f.rule_id.as_str(), f.severity, f.issue_type),
        ("semgrep:python.lang.security.audit.eval", Severity::High, IssueType::OwaspInjection)
    );
    assert_eq!(f.cwe, vec!["CWE-95"]);
    let npm = json!({"auditReportVersion": 2, "vulnerabilities": {"lodash": {"name": "lodash", "severity": "high",
        "via": [{"source": 1, "name": "lodash", "title": "Prototype pollution", "url": "https://github.com/advisories/GHSA-p6mc-m468-83gw",
        "severity": "high", "cwe": ["CWE-1321"], "range": "<4.17.19"}], "fixAvailable": true},
        "mkdirp": {"name": "mkdirp", "severity": "low", "via": ["minimist"]}}});
    let n = npm_audit(&npm).expect("npm").findings;
    let failed = json!({"message": "405 Method Not Allowed - POST https://registry.npm.example/-/npm/v1/security/advisories/bulk"});
    assert!(npm_audit(&failed).expect_err("a failed audit").contains("npm audit failed: 405"));
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].vulnerability_id.as_deref(), Some("GHSA-p6mc-m468-83gw"));
    let pip = json!({"dependencies": [{"name": "django", "version": "3.2.0", "vulns": [{"id": "PYSEC-2021-98",
        "fix_versions": ["3.2.4"], "aliases": ["CVE-2021-33203"], "description": "Path traversal"}]}]});
    let p = pip_audit(&pip).expect("pip").findings;
    assert_eq!(
        (p[0].package_version.as_deref(), p[0].aliases.clone()),
        (Some("3.2.0"), vec!["CVE-2021-33203".to_string()])
    );
    assert!(bandit(&json!({"nope": 1})).is_err());
    assert_eq!(type_of_cwe(918).0, IssueType::OwaspSsrf);
    assert_eq!(cwe_number("external/cwe/cwe-89"), Some(89));
}

fn semgrep_findings(doc: &Value) -> Vec<Finding> {
    semgrep(doc).expect("semgrep").findings
}

#[test]
fn pnpm_and_yarn_audits() {
    let adv = json!({"id": 1523, "module_name": "lodash", "severity": "high", "title": "Prototype Pollution",
        "url": "https://github.com/advisories/GHSA-p6mc-m468-83gw", "github_advisory_id": "GHSA-p6mc-m468-83gw",
        "cves": ["CVE-2020-8203"], "cwe": ["CWE-1321"], "vulnerable_versions": "<4.17.19",
        "findings": [{"version": "4.17.15", "paths": ["a>lodash"]}, {"version": "4.17.11", "paths": ["b>lodash"]}]});
    let p = pnpm_audit(&json!({"advisories": {"1523": adv.clone()}})).expect("pnpm").findings;
    assert_eq!(p.len(), 2, "one finding per installed version");
    assert_eq!(p[0].vulnerability_id.as_deref(), Some("GHSA-p6mc-m468-83gw"));
    let lines = json!([{"type": "auditAdvisory", "data": {"resolution": {"id": 1523}, "advisory": adv}},
        {"type": "auditSummary", "data": {"vulnerabilities": {"high": 1}}}]);
    let y = yarn_audit(&lines).expect("yarn").findings;
    assert_eq!((y.len(), y[0].file_path.as_deref()), (2, Some("yarn.lock")));
    assert!(yarn_audit(&json!([{"type": "info"}])).is_err());
}

#[test]
fn snyk_and_safety() {
    let sn = json!({"packageManager": "npm", "displayTargetFile": "package-lock.json", "vulnerabilities": [{
        "id": "SNYK-JS-LODASH-567746", "title": "Prototype Pollution", "severity": "high", "packageName": "lodash",
        "version": "4.17.15", "identifiers": {"CVE": ["CVE-2020-8203"], "CWE": ["CWE-400"]}, "fixedIn": ["4.17.19"],
        "from": ["app@1.0.0", "lodash@4.17.15"]}]});
    let f = &snyk(&sn).expect("snyk").findings[0];
    assert_eq!(
        (f.vulnerability_id.as_deref(), f.severity, f.issue_type),
        (Some("CVE-2020-8203"), Severity::High, IssueType::NodeDependency)
    );
    let sf = json!({"vulnerabilities": [{"package_name": "django", "analyzed_version": "3.2.0", "vulnerability_id": "44742",
        "CVE": "CVE-2021-33203", "advisory": "Path traversal", "fixed_versions": ["3.2.4"],
        "severity": {"cvssv3": {"base_severity": "MEDIUM"}}}]});
    let f = &safety(&sf).expect("safety").findings[0];
    assert_eq!((f.package_version.as_deref(), f.vulnerability_id.as_deref()), (Some("3.2.0"), Some("CVE-2021-33203")));
}

#[test]
fn trufflehog_and_sqlfluff() {
    let th = json!([{"SourceMetadata": {"Data": {"Filesystem": {"file": "app/.env", "line": 3}}},
        "DetectorName": "AWS", "Verified": false, "Raw": "AKIAQ7ZRT3MNB4XWLK2P", "Redacted": "AKIAQ7ZR"}]);
    let p = trufflehog(&th).expect("trufflehog");
    assert_eq!((p.findings[0].file_path.as_deref(), p.findings[0].line_number), (Some("app/.env"), Some(3)));
    assert_eq!(p.secrets, vec!["AKIAQ7ZRT3MNB4XWLK2P"]);
    let sf = json!([{"filepath": "db/q.sql", "violations": [
        {"start_line_no": 2, "code": "AM04", "description": "Query produces an unknown number of result columns."},
        {"start_line_no": 3, "code": "LT01", "description": "Expected single whitespace."}]}]);
    let f = sqlfluff(&sf).expect("sqlfluff").findings;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule_id, "sqlfluff:AM04");
}

#[test]
fn sarif_runs_of_any_tool() {
    let doc = json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL", "rules": [{"id": "py/sql-injection",
        "properties": {"tags": ["security", "external/cwe/cwe-089"], "security-severity": "8.8"}}]}},
        "results": [{"ruleId": "py/sql-injection", "level": "error", "message": {"text": "SQL built from user input"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": {"startLine": 12}}}]}]}]});
    let f = &sarif(&doc).expect("sarif").findings[0];
    assert_eq!(
        (f.rule_id.as_str(), f.severity, f.issue_type),
        ("codeql:py/sql-injection", Severity::High, IssueType::OwaspInjection)
    );
    assert_eq!((f.file_path.as_deref(), f.line_number), (Some("app/db.py"), Some(12)));
}

#[test]
fn sarif_passes_are_not_findings_and_suppressions_are_kept_apart() {
    let result = |kind: Option<&str>, suppressions: Value| {
        let mut r = json!({"ruleId": "py/xss", "message": {"text": "m"}, "suppressions": suppressions,
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}, "region": {"startLine": 3}}}]});
        if let Some(k) = kind {
            r["kind"] = json!(k);
        }
        r
    };
    let doc = json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL"}}, "results": [
        result(None, json!([])),
        result(Some("fail"), json!(null)),
        result(Some("pass"), json!([])),
        result(Some("notApplicable"), json!([])),
        result(None, json!([{"kind": "inSource", "justification": "escaped by the template"}])),
        result(None, json!([{"kind": "external", "status": "rejected"}])),
        result(None, json!([{"kind": "external", "status": "underReview"}])),
    ]}]});
    let parsed = sarif(&doc).expect("sarif");
    // the failing result, the one without a kind, and those whose suppression was rejected or is still
    // under review
    assert_eq!(parsed.findings.len(), 4);
    let reasons: Vec<&str> = parsed.suppressed.iter().map(|(_, why)| why.as_str()).collect();
    assert_eq!(reasons, ["suppressed in CodeQL: inSource, escaped by the template"]);
}
