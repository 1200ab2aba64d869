//! One parser per report format: the tool's JSON to findings.
use super::Parsed;
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
fn cwe_number(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let start = lower.find("cwe-").map(|i| i + 4).unwrap_or(0);
    let digits: String = lower[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn severity_word(s: &str) -> Severity {
    match s.to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" | "error" => Severity::High,
        "medium" | "moderate" | "warning" => Severity::Medium,
        "low" | "note" | "info" => Severity::Low,
        _ => Severity::Medium,
    }
}

fn confidence_word(s: &str) -> Confidence {
    match s.to_ascii_lowercase().as_str() {
        "high" => Confidence::High,
        "low" => Confidence::Low,
        _ => Confidence::Medium,
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn line_of(v: Option<&Value>) -> Option<u32> {
    v.and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0)
}

/// A code finding of a tool, typed by its CWE.
#[allow(clippy::too_many_arguments)]
fn code_finding(
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

/// SARIF 2.1.0 (any tool: semgrep --sarif, gitleaks, bandit -f sarif, CodeQL, ESLint's SARIF formatter).
pub(crate) fn sarif(doc: &Value) -> Result<Parsed, String> {
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
            out.findings.push(f);
        }
    }
    Ok(out)
}

/// `bandit -f json`.
pub(crate) fn bandit(doc: &Value) -> Result<Parsed, String> {
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

/// `semgrep --json`.
pub(crate) fn semgrep(doc: &Value) -> Result<Parsed, String> {
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
pub(crate) fn eslint(doc: &Value) -> Result<Parsed, String> {
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

/// `gitleaks detect --report-format json`: the value is redacted at once and handed to the scrubber.
pub(crate) fn gitleaks(doc: &Value) -> Result<Parsed, String> {
    let list = match doc {
        Value::Null => return Ok(Parsed::default()),
        Value::Array(a) => a,
        _ => return Err("not an array of leaks".into()),
    };
    let mut out = Parsed::default();
    for r in list {
        let secret = text(r, "Secret");
        let rule = text(r, "RuleID");
        let mut f = Finding::new(
            Engine::Secrets,
            &format!("gitleaks:{rule}"),
            IssueType::BestPracticeSecrets,
            Severity::High,
            format!("[gitleaks] {}", text(r, "Description")),
        );
        f.description = format!("{} (reported by gitleaks, rule {rule})", text(r, "Description"));
        f.file_path = Some(text(r, "File")).filter(|s| !s.is_empty());
        f.line_number = line_of(r.get("StartLine"));
        f.cwe = vec!["CWE-798".into()];
        f.owasp = vec!["A07:2021".into()];
        let matched = text(r, "Match");
        f.snippet = Some(if secret.is_empty() {
            crate::secrets::redact(&matched)
        } else {
            matched.replace(&secret, &crate::secrets::redact(&secret))
        });
        let commit = text(r, "Commit");
        if !commit.is_empty() {
            f.description.push_str(&format!(" Commit {commit} by {} on {}.", text(r, "Author"), text(r, "Date")));
        }
        if !secret.is_empty() {
            out.secrets.push(secret);
        }
        out.findings.push(f);
    }
    Ok(out)
}

/// `detect-secrets scan` (a baseline): hashed values only.
pub(crate) fn detect_secrets(doc: &Value) -> Result<Parsed, String> {
    let results = doc.get("results").and_then(Value::as_object).ok_or("no results")?;
    let mut out = Parsed::default();
    for (file, list) in results {
        for r in list.as_array().map(Vec::as_slice).unwrap_or_default() {
            let kind = text(r, "type");
            let mut f = Finding::new(
                Engine::Secrets,
                &format!("detect-secrets:{}", kind.to_ascii_lowercase().replace(' ', "-")),
                IssueType::BestPracticeSecrets,
                Severity::Medium,
                format!("[detect-secrets] {kind}"),
            );
            f.confidence = if r.get("is_verified").and_then(Value::as_bool) == Some(true) {
                Confidence::High
            } else {
                Confidence::Low
            };
            f.description = format!("{kind} (reported by detect-secrets; the value is known only by its hash)");
            f.file_path = Some(file.clone());
            f.line_number = line_of(r.get("line_number"));
            f.cwe = vec!["CWE-798".into()];
            f.owasp = vec!["A07:2021".into()];
            out.findings.push(f);
        }
    }
    Ok(out)
}

/// `npm audit --json` (npm 7 and later).
pub(crate) fn npm_audit(doc: &Value) -> Result<Parsed, String> {
    // npm writes its failures as JSON too (`{"message": "405 Method Not Allowed - POST …"}`): not a clean audit
    if doc.get("vulnerabilities").is_none() {
        if let Some(message) = doc.get("message").or_else(|| doc.pointer("/error/summary")).and_then(Value::as_str) {
            return Err(format!("npm audit failed: {}", crate::report::text::truncate(message, 300)));
        }
    }
    let vulns = doc.get("vulnerabilities").and_then(Value::as_object).ok_or("no vulnerabilities (npm 7+ format)")?;
    let mut out = Parsed::default();
    for (name, v) in vulns {
        for via in v.get("via").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            // a string `via` names another vulnerable package (reported under its own name)
            if !via.is_object() {
                continue;
            }
            let url = text(via, "url");
            let id = url.rsplit('/').next().filter(|s| s.starts_with("GHSA-")).map(str::to_string);
            let title = text(via, "title");
            let mut f = Finding::new(
                Engine::Deps,
                &format!("npm-audit:{}", id.clone().unwrap_or_else(|| text(via, "source"))),
                IssueType::NodeDependency,
                severity_word(&text(via, "severity")),
                format!("[npm audit] {name}: {title}"),
            );
            f.description = format!("{title} (reported by npm audit; vulnerable range {})", text(via, "range"));
            f.package_name = Some(name.clone());
            f.vulnerability_id = id;
            f.ecosystem = Some(crate::model::Ecosystem::Npm);
            f.file_path = Some("package-lock.json".into());
            f.cwe = via
                .get("cwe")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.owasp = vec!["A06:2021".into()];
            if url.starts_with("https://") {
                f.references.push(url);
            }
            out.findings.push(f);
        }
    }
    Ok(out)
}

/// One advisory of npm 6's audit format (pnpm audit, yarn classic's `auditAdvisory` lines): a finding per
/// installed version it names.
fn npm6_advisory(tool: &str, adv: &Value, out: &mut Parsed) {
    let name = text(adv, "module_name");
    let title = text(adv, "title");
    let ghsa = text(adv, "github_advisory_id");
    let url = text(adv, "url");
    let id = if !ghsa.is_empty() {
        ghsa
    } else {
        url.rsplit('/').next().filter(|s| s.starts_with("GHSA-")).map(str::to_string).unwrap_or_default()
    };
    let cves: Vec<String> = adv
        .get("cves")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let cwe: Vec<String> = match adv.get("cwe") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let mut versions: Vec<String> = adv
        .get("findings")
        .and_then(Value::as_array)
        .map(|f| f.iter().map(|x| text(x, "version")).filter(|v| !v.is_empty()).collect())
        .unwrap_or_default();
    versions.sort();
    versions.dedup();
    if versions.is_empty() {
        versions.push(String::new());
    }
    for version in versions {
        let mut f = Finding::new(
            Engine::Deps,
            &format!("{tool}:{}", if id.is_empty() { text(adv, "id") } else { id.clone() }),
            IssueType::NodeDependency,
            severity_word(&text(adv, "severity")),
            format!("[{tool}] {name}: {title}"),
        );
        f.description =
            format!("{title} (reported by {tool}; vulnerable versions {})", text(adv, "vulnerable_versions"));
        f.package_name = Some(name.clone());
        f.package_version = Some(version).filter(|v| !v.is_empty());
        f.vulnerability_id = Some(id.clone()).filter(|i| !i.is_empty()).or_else(|| cves.first().cloned());
        f.aliases = cves.clone();
        f.cwe = cwe.clone();
        f.ecosystem = Some(crate::model::Ecosystem::Npm);
        f.owasp = vec!["A06:2021".into()];
        if url.starts_with("https://") {
            f.references.push(url.clone());
        }
        out.findings.push(f);
    }
}

/// `pnpm audit --json` (npm 6's format).
pub(crate) fn pnpm_audit(doc: &Value) -> Result<Parsed, String> {
    let advisories = doc.get("advisories").and_then(Value::as_object).ok_or("no advisories")?;
    let mut out = Parsed::default();
    for adv in advisories.values() {
        npm6_advisory("pnpm-audit", adv, &mut out);
    }
    for f in out.findings.iter_mut() {
        f.file_path = Some("pnpm-lock.yaml".into());
    }
    Ok(out)
}

/// `yarn audit --json` (yarn classic: one JSON document per line, `auditAdvisory` lines hold the advisories).
pub(crate) fn yarn_audit(doc: &Value) -> Result<Parsed, String> {
    let lines = match doc {
        Value::Array(a) => a.as_slice(),
        _ => std::slice::from_ref(doc),
    };
    let mut out = Parsed::default();
    let mut seen = 0;
    for l in lines {
        if l.get("type").and_then(Value::as_str) == Some("auditAdvisory") {
            seen += 1;
            if let Some(adv) = l.pointer("/data/advisory") {
                npm6_advisory("yarn-audit", adv, &mut out);
            }
        } else if l.get("type").and_then(Value::as_str) == Some("auditSummary") {
            seen += 1;
        }
    }
    if seen == 0 {
        return Err("no auditAdvisory or auditSummary lines (yarn classic's format)".into());
    }
    out.findings.dedup_by(|a, b| {
        a.rule_id == b.rule_id && a.package_version == b.package_version && a.package_name == b.package_name
    });
    for f in out.findings.iter_mut() {
        f.file_path = Some("yarn.lock".into());
    }
    Ok(out)
}

/// `pip-audit -f json`.
pub(crate) fn pip_audit(doc: &Value) -> Result<Parsed, String> {
    let deps = doc.get("dependencies").or(Some(doc)).and_then(Value::as_array).ok_or("no dependencies")?;
    let mut out = Parsed::default();
    for d in deps {
        let name = text(d, "name");
        let version = text(d, "version");
        // a package pip-audit could not check is said, not passed over
        if let Some(why) = d.get("skip_reason").and_then(Value::as_str) {
            out.warnings.push(format!("pip-audit did not check {name}: {why}"));
            continue;
        }
        for v in d.get("vulns").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let id = text(v, "id");
            let mut f = Finding::new(
                Engine::Deps,
                &format!("pip-audit:{id}"),
                IssueType::PythonDependency,
                // pip-audit gives no severity: reported as medium, and said so
                Severity::Medium,
                format!("[pip-audit] {name} {version}: {id}"),
            );
            f.description = format!(
                "{} (reported by pip-audit, which gives no severity: medium assumed)",
                crate::report::text::truncate(&text(v, "description"), 1000)
            );
            f.package_name = Some(name.clone());
            f.package_version = Some(version.clone());
            f.vulnerability_id = Some(id.clone());
            f.aliases = v
                .get("aliases")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.fixed_versions = v
                .get("fix_versions")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.ecosystem = Some(crate::model::Ecosystem::PyPI);
            f.owasp = vec!["A06:2021".into()];
            out.findings.push(f);
        }
    }
    Ok(out)
}

/// `snyk test --json` (one project, or an array of projects with --all-projects).
pub(crate) fn snyk(doc: &Value) -> Result<Parsed, String> {
    let projects = match doc {
        Value::Array(a) => a.clone(),
        Value::Object(_) => vec![doc.clone()],
        _ => return Err("not snyk's JSON".into()),
    };
    let mut out = Parsed::default();
    for p in &projects {
        let manager = text(p, "packageManager");
        let target = text(p, "displayTargetFile");
        let vulns = p.get("vulnerabilities").and_then(Value::as_array).ok_or("no vulnerabilities")?;
        for v in vulns {
            let ids = |kind: &str| -> Vec<String> {
                v.pointer(&format!("/identifiers/{kind}"))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                    .unwrap_or_default()
            };
            let python = matches!(manager.as_str(), "pip" | "poetry" | "pipenv");
            let mut f = Finding::new(
                Engine::Deps,
                &format!("snyk:{}", text(v, "id")),
                if python { IssueType::PythonDependency } else { IssueType::NodeDependency },
                severity_word(&text(v, "severity")),
                format!("[snyk] {}: {}", text(v, "packageName"), text(v, "title")),
            );
            f.description = format!("{} (reported by snyk)", text(v, "title"));
            f.package_name = Some(text(v, "packageName"));
            f.package_version = Some(text(v, "version")).filter(|s| !s.is_empty());
            let mut aliases = ids("CVE");
            aliases.extend(ids("GHSA"));
            f.vulnerability_id = aliases.first().cloned().or_else(|| Some(text(v, "id")));
            f.aliases = aliases;
            f.cwe = ids("CWE");
            f.fixed_versions = v
                .get("fixedIn")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.dependency_path = v
                .get("from")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            f.ecosystem = Some(if python { crate::model::Ecosystem::PyPI } else { crate::model::Ecosystem::Npm });
            f.file_path = Some(target.clone()).filter(|s| !s.is_empty());
            f.owasp = vec!["A06:2021".into()];
            out.findings.push(f);
        }
    }
    Ok(out)
}

/// `safety check --output json` (Safety 2 and 3's check command).
pub(crate) fn safety(doc: &Value) -> Result<Parsed, String> {
    let vulns = doc.get("vulnerabilities").and_then(Value::as_array).ok_or("no vulnerabilities")?;
    let mut out = Parsed::default();
    for v in vulns {
        let id = text(v, "vulnerability_id");
        let cve = text(v, "CVE");
        let severity =
            v.pointer("/severity/cvssv3/base_severity").and_then(Value::as_str).map_or(Severity::Medium, severity_word);
        let mut f = Finding::new(
            Engine::Deps,
            &format!("safety:{id}"),
            IssueType::PythonDependency,
            severity,
            format!(
                "[safety] {} {}: {}",
                text(v, "package_name"),
                text(v, "analyzed_version"),
                if cve.is_empty() { &id } else { &cve }
            ),
        );
        f.description = format!("{} (reported by Safety)", crate::report::text::truncate(&text(v, "advisory"), 1000));
        f.package_name = Some(text(v, "package_name"));
        f.package_version = Some(text(v, "analyzed_version")).filter(|s| !s.is_empty());
        f.vulnerability_id = Some(if cve.is_empty() { id.clone() } else { cve.clone() });
        f.aliases = [id, cve].into_iter().filter(|s| !s.is_empty()).collect();
        f.fixed_versions = v
            .get("fixed_versions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        f.ecosystem = Some(crate::model::Ecosystem::PyPI);
        f.owasp = vec!["A06:2021".into()];
        out.findings.push(f);
    }
    Ok(out)
}

/// `trufflehog filesystem --json` (one JSON document per line): the raw value is redacted at once.
pub(crate) fn trufflehog(doc: &Value) -> Result<Parsed, String> {
    let list = match doc {
        Value::Array(a) => a.clone(),
        Value::Object(_) => vec![doc.clone()],
        _ => return Err("not trufflehog's JSON lines".into()),
    };
    let mut out = Parsed::default();
    for r in &list {
        let Some(fs) = r.pointer("/SourceMetadata/Data/Filesystem").or_else(|| r.pointer("/SourceMetadata/Data/Git"))
        else {
            continue;
        };
        let detector = text(r, "DetectorName");
        let verified = r.get("Verified").and_then(Value::as_bool) == Some(true);
        let mut f = Finding::new(
            Engine::Secrets,
            &format!("trufflehog:{}", detector.to_ascii_lowercase()),
            IssueType::BestPracticeSecrets,
            if verified { Severity::Critical } else { Severity::High },
            format!("[trufflehog] {detector} secret"),
        );
        f.confidence = if verified { Confidence::High } else { Confidence::Medium };
        f.description =
            format!("A {detector} secret (reported by trufflehog{})", if verified { ", verified live" } else { "" });
        f.file_path = Some(text(fs, "file")).filter(|s| !s.is_empty());
        f.line_number = line_of(fs.get("line"));
        f.cwe = vec!["CWE-798".into()];
        f.owasp = vec!["A07:2021".into()];
        for key in ["Raw", "RawV2"] {
            let raw = text(r, key);
            if !raw.is_empty() {
                out.secrets.push(raw);
            }
        }
        out.findings.push(f);
    }
    Ok(out)
}

/// `sqlfluff lint --format json`: the rules of its security-relevant families are findings; layout and
/// style rules are not imported.
pub(crate) fn sqlfluff(doc: &Value) -> Result<Parsed, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(
            (f.package_version.as_deref(), f.vulnerability_id.as_deref()),
            (Some("3.2.0"), Some("CVE-2021-33203"))
        );
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
}
