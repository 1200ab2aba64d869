//! Secret values never leave the scan: every text of every finding and warning is scrubbed of the
//! values the secrets engine found, and a code rule's finding of the same hard-coded credential gives way
//! to the secrets engine's.
use crate::model::{Engine, FileError, Finding};
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet as HashSet;

/// Replaces every found value by its redacted form.
pub(crate) struct Scrubber {
    ac: Option<AhoCorasick>,
    replacements: Vec<String>,
}

impl Scrubber {
    pub(crate) fn new(values: &[String]) -> Scrubber {
        // longest first, so that a value containing another is replaced whole
        let mut values: Vec<&str> = values.iter().map(String::as_str).filter(|v| v.chars().count() >= 4).collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        let replacements = values.iter().map(|v| crate::secrets::redact(v)).collect();
        let ac = if values.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&values).ok()
        };
        Scrubber { ac, replacements }
    }

    pub(crate) fn text(&self, s: &mut String) {
        if let Some(ac) = &self.ac {
            if ac.is_match(s.as_str()) {
                *s = ac.replace_all(s, &self.replacements);
            }
        }
    }

    pub(crate) fn findings(&self, findings: &mut [Finding]) {
        if self.ac.is_none() {
            return;
        }
        for f in findings {
            self.text(&mut f.title);
            self.text(&mut f.description);
            self.text(&mut f.remediation);
            if let Some(s) = f.snippet.as_mut() {
                self.text(s);
            }
            for step in &mut f.trace {
                self.text(&mut step.note);
            }
        }
    }

    pub(crate) fn errors(&self, errors: &mut [FileError]) {
        if self.ac.is_none() {
            return;
        }
        for e in errors {
            self.text(&mut e.message);
        }
    }
}

/// Drop code findings of hard-coded credentials (CWE-798, CWE-259, CWE-321) on a line where the
/// secrets engine reported one.
pub(crate) fn drop_code_duplicates(findings: &mut Vec<Finding>) {
    let secret_lines: HashSet<(String, u32)> = findings
        .iter()
        .filter(|f| f.engine == Engine::Secrets)
        .filter_map(|f| Some((f.file_path.clone()?, f.line_number?)))
        .collect();
    if secret_lines.is_empty() {
        return;
    }
    findings.retain(|f| {
        let credential = f.cwe.iter().any(|c| matches!(c.as_str(), "CWE-798" | "CWE-259" | "CWE-321"));
        let here = match (&f.file_path, f.line_number) {
            (Some(p), Some(l)) => secret_lines.contains(&(p.clone(), l)),
            _ => false,
        };
        f.engine == Engine::Secrets || !(credential && here)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueType, Severity};

    #[test]
    fn values_are_scrubbed_everywhere() {
        let mut f = Finding::new(Engine::Code, "x", IssueType::OwaspInjection, Severity::High, "t".into());
        f.snippet = Some("key = 'AKIAQWERTYUIOPASDFGH'".into());
        f.description = "AKIAQWERTYUIOPASDFGH leaked".into();
        let s = Scrubber::new(&["AKIAQWERTYUIOPASDFGH".into()]);
        let mut list = vec![f];
        s.findings(&mut list);
        assert!(!list[0].snippet.as_deref().unwrap_or_default().contains("QWERTY"));
        assert!(list[0].description.starts_with("AKIA****"));
    }

    #[test]
    fn code_duplicates_of_secrets_give_way() {
        let mk = |engine, cwe: &str| {
            let mut f = Finding::new(engine, "r", IssueType::BestPracticeSecrets, Severity::High, "t".into());
            f.file_path = Some("a.py".into());
            f.line_number = Some(3);
            f.cwe = vec![cwe.into()];
            f
        };
        let mut list = vec![mk(Engine::Code, "CWE-798"), mk(Engine::Secrets, "CWE-798"), mk(Engine::Code, "CWE-89")];
        drop_code_duplicates(&mut list);
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|f| f.engine == Engine::Secrets || f.cwe[0] == "CWE-89"));
    }
}
