//! Inline suppressions: `# secscan: ignore[RULE-ID, …] reason` or `// secscan: ignore[…] reason` on the
//! reported line, or alone on the line just above it; `secscan: ignore` without ids covers every rule on
//! that line. Bandit's `# nosec` is honoured for compatibility: bare, it covers the line; with ids
//! (`# nosec B602`), only findings whose rule id is listed.
use crate::model::Finding;
use std::collections::HashMap;
use std::path::Path;

/// What a suppression comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids listed; empty: every rule.
    pub ids: Vec<String>,
    pub reason: String,
}

fn comment_start(line: &str) -> Option<usize> {
    // the first '#' or '//' that starts a comment (a crude but sufficient test: after a space or at the
    // start of the line, so URLs like https://… are not comments)
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        let prev_ok = i == 0 || bytes[i - 1].is_ascii_whitespace();
        if !prev_ok {
            continue;
        }
        if bytes[i] == b'#' || (bytes[i] == b'/' && bytes.get(i + 1).is_some_and(|b| *b == b'/' || *b == b'*')) {
            return Some(i);
        }
    }
    None
}

/// Parse the suppression in one line of text, if any.
pub fn parse(line: &str) -> Option<Suppression> {
    let comment = &line[comment_start(line)?..];
    if let Some(pos) = comment.find("secscan:") {
        let rest = comment[pos + "secscan:".len()..].trim_start();
        let rest = rest.strip_prefix("ignore")?;
        let (ids, reason) = match rest.strip_prefix('[') {
            Some(r) => {
                let end = r.find(']')?;
                let ids = r[..end].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                (ids, &r[end + 1..])
            }
            None => (Vec::new(), rest),
        };
        let reason = reason.trim().trim_end_matches("*/").trim().to_string();
        return Some(Suppression { ids, reason });
    }
    if let Some(pos) = comment.find("nosec") {
        let rest = &comment[pos + "nosec".len()..];
        if rest.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None; // e.g. "nosecurity"
        }
        let ids: Vec<String> = rest
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::trim)
            .take_while(|s| s.is_empty() || s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        return Some(Suppression { ids, reason: "nosec".to_string() });
    }
    None
}

impl Suppression {
    /// Whether it covers this finding (its rule id, advisory id or any alias).
    pub fn covers(&self, f: &Finding) -> bool {
        self.ids.is_empty()
            || self.ids.iter().any(|id| {
                *id == f.rule_id || f.vulnerability_id.as_deref() == Some(id) || f.aliases.iter().any(|a| a == id)
            })
    }
}

/// Split findings into (kept, suppressed with the comment's reason). Each file with findings is read once;
/// an unreadable file suppresses nothing.
pub fn apply(root: &Path, findings: Vec<Finding>) -> (Vec<Finding>, Vec<(Finding, Suppression)>) {
    let mut lines: HashMap<String, Option<Vec<String>>> = HashMap::new();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for f in findings {
        let (Some(path), Some(line)) = (f.file_path.clone(), f.line_number) else {
            kept.push(f);
            continue;
        };
        let text = lines.entry(path.clone()).or_insert_with(|| {
            let bytes = std::fs::read(root.join(&path)).ok()?;
            Some(String::from_utf8_lossy(&bytes).lines().map(str::to_string).collect())
        });
        let found = text.as_ref().and_then(|t| {
            let idx = (line as usize).checked_sub(1)?;
            let on_line = t.get(idx).and_then(|l| parse(l));
            on_line.or_else(|| {
                let above = t.get(idx.checked_sub(1)?)?;
                let trimmed = above.trim_start();
                if trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("/*") {
                    parse(above)
                } else {
                    None
                }
            })
        });
        match found {
            Some(s) if s.covers(&f) => suppressed.push((f, s)),
            _ => kept.push(f),
        }
    }
    (kept, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engine, IssueType, Severity};

    #[test]
    fn parses_the_forms() {
        assert_eq!(
            parse("requests==2.25.1  # secscan: ignore[CVE-2023-32681, X] no proxy here"),
            Some(Suppression { ids: vec!["CVE-2023-32681".into(), "X".into()], reason: "no proxy here".into() })
        );
        assert_eq!(parse("x = 1 // secscan: ignore"), Some(Suppression { ids: vec![], reason: String::new() }));
        assert_eq!(
            parse("eval(x) /* secscan: ignore[js-eval] trusted */"),
            Some(Suppression { ids: vec!["js-eval".into()], reason: "trusted".into() })
        );
        assert_eq!(
            parse("subprocess.call(x, shell=True)  # nosec"),
            Some(Suppression { ids: vec![], reason: "nosec".into() })
        );
        assert_eq!(
            parse("call()  # nosec B602, B607"),
            Some(Suppression { ids: vec!["B602".into(), "B607".into()], reason: "nosec".into() })
        );
        assert_eq!(parse("url = 'https://x#secscan: ignore'"), None);
        assert_eq!(parse("# nosecurity here"), None);
        assert_eq!(parse("plain line"), None);
    }

    #[test]
    fn applies_on_the_line_or_the_comment_line_above() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            dir.path().join("requirements.txt"),
            "a==1  # secscan: ignore[ID-1] tested\n# secscan: ignore[ID-2] ok\nb==1\nc==1\n",
        )
        .expect("write");
        let mk = |id: &str, line: u32| {
            let mut f = Finding::new(Engine::Deps, id, IssueType::PythonDependency, Severity::High, id.into());
            f.file_path = Some("requirements.txt".into());
            f.line_number = Some(line);
            f
        };
        let (kept, supp) = apply(dir.path(), vec![mk("ID-1", 1), mk("ID-9", 1), mk("ID-2", 3), mk("ID-2", 4)]);
        let kept: Vec<_> = kept.iter().map(|f| (f.rule_id.as_str(), f.line_number)).collect();
        assert_eq!(kept, vec![("ID-9", Some(1)), ("ID-2", Some(4))]);
        assert_eq!(supp.len(), 2);
        assert_eq!(supp[0].1.reason, "tested");
    }
}
