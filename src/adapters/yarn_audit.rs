//! yarn classic's audit (`yarn audit --json` lines).
use super::npm_audit::npm6_advisory;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "yarn-audit",
    parse,
    run: Some(&ToolSpec {
        key: "yarn_audit",
        program: "yarn",
        args: &["audit", "--json"],
        // the exit code is a bit mask of the severities found
        ok_codes: &[
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
            29, 30, 31,
        ],
        network: true,
        refused: None,
        token: None,
        runs_repo_code: Some(
            "yarn runs the JavaScript file a repository's .yarnrc (yarn-path) or .yarnrc.yml (yarnPath) names",
        ),
    }),
};

/// `yarn audit --json` (yarn classic: one JSON document per line, `auditAdvisory` lines hold the advisories).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
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
