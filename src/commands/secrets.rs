//! `secscan secrets baseline FILE`: the secrets found now, written as a baseline that `run --baseline`
//! reads, so that a team adopting secscan on an old repository gates only on new secrets.
//!
//! The file holds findings as the reports show them: the value only redacted, identified by the salted
//! hash in the fingerprint (like detect-secrets' baseline, it never holds a secret).
use super::{Terminal, EXIT_ERROR, EXIT_PASSED};
use crate::config::{Config, Env, Flags};
use crate::error::{Error, Result};
use std::path::Path;

/// Scan `path` with the secrets engine (and the history with `git_history`) and write the baseline.
pub fn baseline(path: &Path, file: &Path, flags: &Flags, term: &Terminal, env: &dyn Env) -> Result<u8> {
    let mut flags = flags.clone();
    flags.engines = Some(vec!["secrets".into()]);
    flags.no_history = true;
    flags.db = None;
    let cfg = Config::load(path, &flags, env)?;
    let report = crate::scan(&cfg)?;
    if !report.incomplete.is_empty() {
        // the reasons may quote tool output and repository names: escaped for the terminal
        let reasons = report.incomplete.join("; ");
        eprintln!("secscan: the scan was incomplete, no baseline written: {}", crate::report::text::terminal(&reasons));
        return Ok(EXIT_ERROR);
    }
    let doc = serde_json::json!({
        "schema_version": crate::report::json::SCHEMA_VERSION,
        "kind": "secrets-baseline",
        "tool_version": crate::VERSION,
        "created_at": report.summary.created_at,
        "note": "Secrets found when the baseline was taken, redacted; fingerprints are salted hashes of the values. \
                 `secscan run --baseline FILE` gates only on secrets not in it.",
        "issues": report.issues,
    });
    let bytes = crate::report::text::to_safe_json(&doc).map_err(|e| Error::usage(format!("cannot write JSON: {e}")))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::usage(format!("{}: {e}", dir.display())))?;
    }
    std::fs::write(file, bytes).map_err(|e| Error::usage(format!("{}: {e}", file.display())))?;
    if !term.quiet {
        eprintln!(
            "secscan: baseline of {} secret(s) written to {} ({} warning(s) during the scan)",
            report.issues.len(),
            crate::report::text::terminal(&file.display().to_string()),
            report.errors.len()
        );
    }
    Ok(EXIT_PASSED)
}
