//! pnpm audit (`pnpm audit --json`).
use super::npm_audit::npm6_advisory;
use super::run::ToolSpec;
use super::{Adapter, Parsed};
use serde_json::Value;

/// Registered in [`super::ADAPTERS`].
pub(crate) static ADAPTER: Adapter = Adapter {
    format: "pnpm-audit",
    parse,
    run: Some(&ToolSpec {
        key: "pnpm_audit",
        program: "pnpm",
        args: &["audit", "--json", "--ignore-registry-errors"],
        ok_codes: &[0, 1],
        network: true,
        refused: None,
        token: None,
        runs_repo_code: Some("pnpm loads the hooks of a repository's .pnpmfile.cjs"),
    }),
};

/// `pnpm audit --json` (npm 6's format).
pub(crate) fn parse(doc: &Value) -> Result<Parsed, String> {
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
