//! Inline suppressions: `# secscan: ignore[RULE-ID, …] reason` or `// secscan: ignore[…] reason` on the
//! reported line, or alone on the line just above it; `secscan: ignore` without ids covers every rule on
//! that line. Bandit's `# nosec` is honoured for compatibility: bare, it covers the line; with ids
//! (`# nosec B602`), only findings whose rule id is listed.
use crate::model::Finding;
use rustc_hash::FxHashMap as HashMap;

/// What a suppression comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suppression {
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
pub(crate) fn parse(line: &str) -> Option<Suppression> {
    let comment = &line[comment_start(line)?..];
    // the allow comments of gitleaks and detect-secrets cover secrets only
    if comment.contains("gitleaks:allow") {
        return Some(Suppression { ids: vec!["secrets".into()], reason: "gitleaks:allow".into() });
    }
    if comment.contains("pragma: allowlist secret") || comment.contains("pragma: allowlist nextline secret") {
        return Some(Suppression { ids: vec!["secrets".into()], reason: "pragma: allowlist secret".into() });
    }
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
        // ids first (`B602, B607`, `py-weak-hash`), then any words are the reason (`# nosec - cache key`)
        let rest = rest.trim_start_matches(':');
        let tokens: Vec<&str> = rest.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
        let ids: Vec<String> = tokens
            .iter()
            .map(|t| t.trim_end_matches(':'))
            .take_while(|t| looks_like_id(t))
            .map(str::to_string)
            .collect();
        let words = tokens.get(ids.len()..).unwrap_or_default().join(" ");
        let words = words.trim_start_matches(['-', ':', ' ']).trim();
        let reason = if words.is_empty() { "nosec".to_string() } else { format!("nosec: {words}") };
        return Some(Suppression { ids, reason });
    }
    None
}

/// A Bandit test id (`B602`), a rule id with dashes (`py-weak-hash`) or an advisory id (`CVE-2020-1234`),
/// as opposed to a word of a reason.
fn looks_like_id(token: &str) -> bool {
    let bandit = token.len() == 4 && token.starts_with('B') && token[1..].chars().all(|c| c.is_ascii_digit());
    let dashed = token.contains('-')
        && !token.starts_with('-')
        && !token.ends_with('-')
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    bandit || dashed
}

impl Suppression {
    /// Whether it covers this finding (its rule id, advisory id or any alias).
    pub(crate) fn covers(&self, f: &Finding) -> bool {
        self.ids.is_empty()
            || self.ids.iter().any(|id| {
                *id == f.rule_id
                    || *id == f.engine.cli_name()
                    || f.vulnerability_id.as_deref() == Some(id)
                    || f.aliases.iter().any(|a| a == id)
            })
    }
}

/// A suppression comment found in a file, where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineSuppression {
    /// 1-based line of the comment.
    pub line: u32,
    /// The line holds nothing but the comment, so it also covers the line below.
    pub comment_only: bool,
    pub suppression: Suppression,
}

/// The suppression comments of each file (path relative to the root), as the engines read them.
pub(crate) type Suppressions = HashMap<String, Vec<LineSuppression>>;

/// The suppression comments of a text, found while an engine has it in hand (one pass; a text without
/// `secscan:` or `nosec` anywhere costs one substring search).
pub(crate) fn scan(text: &str) -> Vec<LineSuppression> {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"secscan:").is_none()
        && memchr::memmem::find(bytes, b"nosec").is_none()
        && memchr::memmem::find(bytes, b"gitleaks:allow").is_none()
        && memchr::memmem::find(bytes, b"pragma: allowlist").is_none()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(suppression) = parse(line) {
            let trimmed = line.trim_start();
            let comment_only = trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("/*");
            out.push(LineSuppression { line: u32::try_from(i + 1).unwrap_or(u32::MAX), comment_only, suppression });
        }
    }
    out
}

/// Split findings into (kept, suppressed with the comment's reason): a comment on the reported line, or
/// alone on the line just above it, that covers the finding. Nothing is read from disk.
pub(crate) fn apply(
    findings: Vec<Finding>,
    suppressions: &Suppressions,
) -> (Vec<Finding>, Vec<(Finding, Suppression)>) {
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for f in findings {
        let found = match (f.file_path.as_deref().and_then(|p| suppressions.get(p)), f.line_number) {
            (Some(list), Some(line)) => list
                .iter()
                .find(|s| s.line == line && s.suppression.covers(&f))
                .or_else(|| list.iter().find(|s| s.line + 1 == line && s.comment_only && s.suppression.covers(&f)))
                .map(|s| s.suppression.clone()),
            _ => None,
        };
        match found {
            Some(s) => suppressed.push((f, s)),
            None => kept.push(f),
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
        assert_eq!(
            parse("h = md5(x)  # nosec - cache key, not a secret"),
            Some(Suppression { ids: vec![], reason: "nosec: cache key not a secret".into() }),
            "words after nosec are a reason, not ids"
        );
        assert_eq!(
            parse("h = md5(x)  # nosec py-weak-hash: etag"),
            Some(Suppression { ids: vec!["py-weak-hash".into()], reason: "nosec: etag".into() })
        );
        assert_eq!(parse("url = 'https://x#secscan: ignore'"), None);
        assert_eq!(parse("# nosecurity here"), None);
        assert_eq!(
            parse("key = 'x'  # gitleaks:allow"),
            Some(Suppression { ids: vec!["secrets".into()], reason: "gitleaks:allow".into() })
        );
        assert_eq!(parse("key = 'x'  # pragma: allowlist secret").map(|s| s.ids), Some(vec!["secrets".to_string()]));
        assert_eq!(parse("plain line"), None);
    }

    #[test]
    fn applies_on_the_line_or_the_comment_line_above() {
        let text = "a==1  # secscan: ignore[ID-1] tested\n# secscan: ignore[ID-2] ok\nb==1\nc==1\n";
        let mut map = Suppressions::default();
        map.insert("requirements.txt".to_string(), scan(text));
        assert!(scan("x = 1\n").is_empty());
        let mk = |id: &str, line: u32| {
            let mut f = Finding::new(Engine::Deps, id, IssueType::PythonDependency, Severity::High, id.into());
            f.file_path = Some("requirements.txt".into());
            f.line_number = Some(line);
            f
        };
        let (kept, supp) = apply(vec![mk("ID-1", 1), mk("ID-9", 1), mk("ID-2", 3), mk("ID-2", 4)], &map);
        let kept: Vec<_> = kept.iter().map(|f| (f.rule_id.as_str(), f.line_number)).collect();
        assert_eq!(kept, vec![("ID-9", Some(1)), ("ID-2", Some(4))]);
        assert_eq!(supp.len(), 2);
        assert_eq!(supp[0].1.reason, "tested");
    }
}
