//! truffleHog (`trufflehog filesystem --json` lines); raw values redacted.
use super::common::*;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use crate::model::{Confidence, Engine, Finding, IssueType, Severity};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "trufflehog",
    parse,
    run: Some(&ToolSpec {
        key: "trufflehog",
        program: "trufflehog",
        // never verify: verification sends each candidate secret to its provider
        args: &["filesystem", ".", "--json", "--no-verification", "--no-update"],
        ok_codes: &[0, 183],
        network: false,
        refused: None,
        token: None,
        runs_repo_code: None,
    }),
};

/// `trufflehog filesystem --json` (one JSON document per line): the raw value is redacted at once.
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
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
