//! Fingerprints: the one identity of an issue across runs, for every engine.
//!
//! Engines leave `Finding::fingerprint` empty (an engine that must identify a finding by something it
//! alone knows, such as the secrets engine's salted hash of a value, sets it itself); [`assign`] fills
//! it in, and the short id shown to people, after every engine has run:
//!
//! - **a dependency vulnerability**: ecosystem + package + installed version + the *stable member* of the
//!   advisory's alias group + the manifest or lockfile. Two installed versions of one package are two
//!   issues; the same advisory in two manifests is two issues. The stable member is the smallest id in a
//!   fixed order of id kinds (CVE, then GHSA, then PYSEC, then any other), so that importing a record of
//!   another database later (a GHSA for a vulnerability first seen as PYSEC, which already names the CVE)
//!   does not change the identity. The history also follows an issue to an upgrade that is still
//!   vulnerable, and across a change of the alias group, by package, manifest and shared ids (see
//!   `store`).
//! - **anything else**: engine + rule + file + the line's text with whitespace collapsed + the
//!   occurrence of that text in the file (the first `eval(x)` and the second one are two issues). The
//!   line number is left out, so adding lines above an issue does not make it new.
use crate::model::Finding;
use rustc_hash::FxHashMap as HashMap;
use sha2::{Digest, Sha256};

/// Length of the short id shown in the terminal, JSON, HTML and SARIF (like a short git hash; 40 bits
/// keep collisions unlikely in a history of a hundred thousand issues, and `issues set-status`
/// accepts any unique prefix).
pub const SHORT_ID_LEN: usize = 10;

/// A stable id: the first 32 hex digits of SHA-256 over the parts (each followed by a NUL byte).
pub fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    hex::encode(&h.finalize()[..16])
}

/// The short id of a fingerprint.
pub fn short_id(fingerprint: &str) -> String {
    fingerprint.chars().take(SHORT_ID_LEN).collect()
}

/// Rank of an advisory id kind for [`stable_id`]: CVE, GHSA, PYSEC, others.
fn kind_rank(id: &str) -> u8 {
    if id.starts_with("CVE-") {
        0
    } else if id.starts_with("GHSA-") {
        1
    } else if id.starts_with("PYSEC-") {
        2
    } else {
        3
    }
}

/// The stable member of an alias group: the smallest id of the first kind present (CVE, GHSA, PYSEC,
/// then any other kind by text).
pub fn stable_id<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ids.into_iter().filter(|i| !i.trim().is_empty()).min_by(|a, b| kind_rank(a).cmp(&kind_rank(b)).then(a.cmp(b)))
}

/// The fingerprint of a dependency vulnerability (see the module docs).
pub fn dependency(f: &Finding) -> Option<String> {
    let ecosystem = f.ecosystem?;
    let package = f.package_name.as_deref()?;
    let ids = f.vulnerability_id.iter().chain(f.aliases.iter()).map(String::as_str);
    let stable = stable_id(ids)?;
    Some(hash(&[
        "deps",
        ecosystem.as_str(),
        package,
        f.package_version.as_deref().unwrap_or(""),
        stable,
        f.file_path.as_deref().unwrap_or(""),
    ]))
}

/// Whitespace runs collapsed to one space, ends trimmed.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fill in the fingerprint (where the engine left it empty) and the short id of every finding.
pub fn assign(findings: &mut [Finding]) {
    use rayon::prelude::*;
    // a dependency vulnerability's fingerprint depends on nothing else: hashed in parallel (the
    // thousands of a monorepo's lockfiles)
    findings.par_iter_mut().filter(|f| f.fingerprint.is_empty()).for_each(|f| {
        if let Some(fp) = dependency(f) {
            f.fingerprint = fp;
        }
    });
    // occurrences of the same (engine, rule, file, text) are told apart by their order in the file
    let mut order: Vec<usize> = (0..findings.len()).filter(|&i| findings[i].fingerprint.is_empty()).collect();
    order.sort_by(|&i, &j| {
        (findings[i].file_path.as_deref(), findings[i].line_number, i).cmp(&(
            findings[j].file_path.as_deref(),
            findings[j].line_number,
            j,
        ))
    });
    let mut seen: HashMap<(String, String, String, String), u32> = HashMap::default();
    for i in order {
        let f = &mut findings[i];
        let text = normalise(f.snippet.as_deref().unwrap_or(""));
        let path = f.file_path.clone().unwrap_or_default();
        let key = (f.engine.as_str().to_string(), f.rule_id.clone(), path, text);
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        let occurrence = n.to_string();
        f.fingerprint = hash(&[f.engine.cli_name(), &key.1, &key.2, &key.3, &occurrence]);
    }
    findings.par_iter_mut().for_each(|f| f.id = short_id(&f.fingerprint));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ecosystem, Engine, IssueType, Severity};

    fn dep(id: &str, aliases: &[&str], version: &str) -> Finding {
        let mut f = Finding::new(Engine::Deps, id, IssueType::PythonDependency, Severity::High, "t".into());
        f.ecosystem = Some(Ecosystem::PyPI);
        f.package_name = Some("django".into());
        f.package_version = Some(version.into());
        f.vulnerability_id = Some(id.into());
        f.aliases = aliases.iter().map(|s| s.to_string()).collect();
        f.file_path = Some("requirements.txt".into());
        f
    }

    #[test]
    fn stable_member_prefers_cve_then_ghsa_then_pysec() {
        assert_eq!(stable_id(["PYSEC-2023-1", "GHSA-aaaa", "CVE-2023-9"]), Some("CVE-2023-9"));
        assert_eq!(stable_id(["PYSEC-2023-1", "GHSA-bbbb", "GHSA-aaaa"]), Some("GHSA-aaaa"));
        assert_eq!(stable_id(["NSWG-ECO-1", "PYSEC-2023-1"]), Some("PYSEC-2023-1"));
        assert_eq!(stable_id(["NSWG-ECO-2", "MAL-1"]), Some("MAL-1"));
        assert_eq!(stable_id(Vec::<&str>::new()), None);
    }

    #[test]
    fn a_ghsa_imported_later_keeps_the_fingerprint() {
        // first seen as PYSEC (which names the CVE); later the GHSA record joins the group and is shown
        let before = dependency(&dep("PYSEC-2023-1", &["CVE-2023-9"], "3.2.0"));
        let after = dependency(&dep("GHSA-xxxx", &["CVE-2023-9", "PYSEC-2023-1"], "3.2.0"));
        assert!(before.is_some());
        assert_eq!(before, after);
    }

    #[test]
    fn each_installed_version_is_its_own_issue() {
        assert_ne!(dependency(&dep("CVE-1", &[], "2.3.2")), dependency(&dep("CVE-1", &[], "3.0.2")));
    }

    #[test]
    fn code_findings_survive_moved_lines_and_repeat_by_occurrence() {
        let mk = |line: u32, text: &str| {
            let mut f = Finding::new(Engine::Code, "eval", IssueType::OwaspInjection, Severity::High, "t".into());
            f.file_path = Some("a.py".into());
            f.line_number = Some(line);
            f.snippet = Some(text.into());
            f
        };
        let mut a = vec![mk(3, "eval(x)"), mk(9, "  eval( x )"), mk(5, "eval(x)")];
        assign(&mut a);
        let mut b = vec![mk(30, "eval(x)"), mk(50, "eval(x)")];
        assign(&mut b);
        // the first and second occurrences keep their identity when lines move
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        assert_eq!(a[2].fingerprint, b[1].fingerprint);
        assert_ne!(a[0].fingerprint, a[2].fingerprint);
        assert_eq!(a[0].id.len(), SHORT_ID_LEN);
        assert!(a[0].fingerprint.starts_with(&a[0].id));
    }

    #[test]
    fn a_fingerprint_set_by_the_engine_is_kept() {
        let mut f = Finding::new(Engine::Secrets, "r", IssueType::BestPracticeSecrets, Severity::High, "t".into());
        f.fingerprint = "0123456789abcdef".into();
        let mut v = vec![f];
        assign(&mut v);
        assert_eq!(v[0].fingerprint, "0123456789abcdef");
        assert_eq!(v[0].id, "0123456789");
    }
}
