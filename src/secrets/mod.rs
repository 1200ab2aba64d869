//! The secrets engine: credentials committed to the repository, in its files (and, with
//! `--git-history`, in every blob its history introduced).
//!
//! Rules are data (`rules/secrets/<id>.yaml`, match kind `secret`): keywords, a regular expression whose
//! group `secret` is the value, and checks of the value (entropy, checksum, structure). One Aho-Corasick
//! automaton over every rule's keywords decides which expressions run on a file; the expressions are
//! compiled once (the `regex` crate: linear time on any input). Every value found is shown only
//! redacted ([`redact`]), and identified by a salted hash ([`value_hash`]), never stored.
pub(crate) mod checks;
pub(crate) mod history;

use crate::config::Config;
use crate::engine::{Analyzer, EngineOutput, FileKind, FileOutput, SourceFile};
use crate::model::{Confidence, Engine, FileError, Finding, IssueType, ScannedFile, Severity};
use crate::rules::{Match, Rule, RuleSet, SecretMatch};
use crate::syntax::LineIndex;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex as BytesRegex, RegexBuilder};
use regex::Regex;
use std::path::Path;
use std::time::{Duration, Instant};

/// File kinds: binary files by name are claimed so that nothing else reads them, and never read.
const KIND_BINARY: usize = 0;

/// The salt of value hashes unless the configuration names another (`secrets.salt`).
pub const DEFAULT_SALT: &str = "secscan-secrets-v1";

/// At most this many values per rule and file (a generated file full of keys is still one warning).
const MAX_HITS_PER_RULE: usize = 1000;

/// A file taking longer than this is abandoned with a warning naming it.
const FILE_TIME_BOUND: Duration = Duration::from_secs(10);

/// Names of files that are binary (never read for secrets).
const BINARY_NAMES: &[&str] = &[
    "*.png",
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.bmp",
    "*.ico",
    "*.icns",
    "*.webp",
    "*.avif",
    "*.tif",
    "*.tiff",
    "*.psd",
    "*.woff",
    "*.woff2",
    "*.ttf",
    "*.otf",
    "*.eot",
    "*.zip",
    "*.gz",
    "*.tgz",
    "*.bz2",
    "*.xz",
    "*.zst",
    "*.7z",
    "*.rar",
    "*.tar",
    "*.jar",
    "*.war",
    "*.whl",
    "*.egg",
    "*.pyc",
    "*.pyo",
    "*.so",
    "*.dylib",
    "*.dll",
    "*.exe",
    "*.bin",
    "*.o",
    "*.a",
    "*.class",
    "*.wasm",
    "*.pdf",
    "*.mp3",
    "*.mp4",
    "*.mov",
    "*.avi",
    "*.webm",
    "*.ogg",
    "*.wav",
    "*.flac",
    "*.sqlite",
    "*.sqlite3",
    "*.db",
    "*.parquet",
    "*.npy",
    "*.pkl",
    "*.pickle",
    "*.h5",
    "*.onnx",
    "*.pt",
    "*.ckpt",
    "*.ds_store",
    "*.lockb",
];

/// The binary names as a glob set (the history scan skips their blobs).
pub(crate) fn binary_names() -> Option<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in BINARY_NAMES {
        b.add(globset::GlobBuilder::new(g).case_insensitive(true).build().ok()?);
    }
    b.build().ok()
}

/// Lockfiles: their integrity fields and hashes are not secrets (generic rules do not run on them).
const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "composer.lock",
    "Cargo.lock",
    "go.sum",
    "Gemfile.lock",
];

/// One `secret` match of a rule, compiled.
pub(crate) struct Compiled {
    rule: usize,
    /// Over bytes, ASCII classes (`\w` is `[0-9A-Za-z_]`): the automaton stays small and fast on any text.
    regex: BytesRegex,
    group: Option<usize>,
    entropy: Option<f64>,
    checks: Vec<String>,
    allow: Vec<Regex>,
    near: Option<(String, u32)>,
    fallback: bool,
    generic: bool,
    files: Option<GlobSet>,
    not_files: Option<GlobSet>,
    keywords: Vec<String>,
}

fn globs(list: &[String]) -> Result<Option<GlobSet>, String> {
    if list.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in list {
        b.add(Glob::new(g).map_err(|e| format!("{g}: {e}"))?);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

/// Compile a `secret` match (also the rule loader's validation): the error names the field.
pub(crate) fn compile(m: &SecretMatch) -> Result<Compiled, (String, String)> {
    let regex = RegexBuilder::new(&m.regex)
        .unicode(false)
        .size_limit(8 * 1024 * 1024)
        .dfa_size_limit(8 * 1024 * 1024)
        .build()
        .map_err(|e| ("regex".to_string(), e.to_string()))?;
    let group = regex.capture_names().position(|n| n == Some("secret"));
    let allow = m
        .allow
        .iter()
        .map(|a| Regex::new(a).map_err(|e| ("allow".to_string(), e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(c) = m.checks.iter().find(|c| !checks::NAMES.contains(&c.as_str())) {
        return Err(("checks".into(), format!("unknown check {c} (known: {})", checks::NAMES.join(", "))));
    }
    if m.keywords.iter().any(|k| k.trim().len() < 2) {
        return Err(("keywords".into(), "each keyword has at least two characters".into()));
    }
    if m.keywords.is_empty() && m.files.is_empty() {
        return Err(("keywords".into(), "a match without keywords must name its `files`".into()));
    }
    Ok(Compiled {
        rule: 0,
        regex,
        group,
        entropy: m.entropy,
        checks: m.checks.clone(),
        allow,
        near: m.near.as_ref().map(|n| (n.rule.clone(), n.lines)),
        fallback: m.fallback,
        generic: m.generic,
        files: globs(&m.files).map_err(|e| ("files".to_string(), e))?,
        not_files: globs(&m.not_files).map_err(|e| ("not_files".to_string(), e))?,
        keywords: m.keywords.iter().map(|k| k.to_ascii_lowercase()).collect(),
    })
}

/// The engine.
pub struct SecretsEngine {
    rules: Vec<Rule>,
    matchers: Vec<Compiled>,
    prefilter: AhoCorasick,
    /// Keyword pattern → the matchers it enables.
    by_keyword: Vec<Vec<usize>>,
    /// Matchers without keywords (their `files` say where they run).
    always: Vec<usize>,
    salt: String,
    history: Option<history::Options>,
}

/// Builds the engine from the configuration.
pub fn engine(cfg: &Config) -> crate::error::Result<Box<dyn Analyzer>> {
    let set = RuleSet::load_shared(&cfg.rule_dirs)?;
    let mut e = SecretsEngine::new(&set, &cfg.disabled_rules, &cfg.secrets_salt)
        .map_err(|m| crate::error::Error::config("rules", m))?;
    if cfg.git_history || cfg.since.is_some() {
        e.history = Some(history::Options { since: cfg.since.clone(), max_file_bytes: cfg.max_file_bytes });
    }
    Ok(Box::new(e))
}

/// A value found in a text, before it becomes a finding.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    matcher: usize,
    rule: usize,
    /// Byte span of the value.
    start: usize,
    end: usize,
    line: u32,
}

/// What a text yields: hits with their values, and whether the time bound cut the work short.
pub(crate) struct Scanned {
    hits: Vec<Hit>,
    timed_out: bool,
}

impl SecretsEngine {
    /// Build from the loaded rules (the `secrets` language), without the disabled ones.
    pub fn new(set: &RuleSet, disabled: &[String], salt: &str) -> Result<SecretsEngine, String> {
        let mut rules = Vec::new();
        let mut matchers = Vec::new();
        for r in set.rules.iter().filter(|r| r.languages.iter().any(|l| l == "secrets")) {
            if disabled.iter().any(|d| d == &r.id) {
                continue;
            }
            let index = rules.len();
            rules.push(r.clone());
            for m in r.matcher.all() {
                if let Match::Secret(s) = m {
                    let mut c = compile(s).map_err(|(f, e)| format!("{}: match.secret.{f}: {e}", r.source))?;
                    c.rule = index;
                    matchers.push(c);
                }
            }
        }
        let mut keywords: Vec<String> = Vec::new();
        let mut by_keyword: Vec<Vec<usize>> = Vec::new();
        for (i, m) in matchers.iter().enumerate() {
            for k in &m.keywords {
                match keywords.iter().position(|x| x == k) {
                    Some(p) => by_keyword[p].push(i),
                    None => {
                        keywords.push(k.clone());
                        by_keyword.push(vec![i]);
                    }
                }
            }
        }
        // a DFA: every file's every byte goes through it (an NFA's overlapping search was a fifth of
        // the CPU of a scan of a large lockfile monorepo)
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&keywords)
            .map_err(|e| format!("secret keywords: {e}"))?;
        let always = matchers.iter().enumerate().filter(|(_, m)| m.keywords.is_empty()).map(|(i, _)| i).collect();
        Ok(SecretsEngine { rules, matchers, prefilter, by_keyword, always, salt: salt.to_string(), history: None })
    }

    /// Find the values in one text (a file of the tree or a blob of the history).
    pub(crate) fn scan_text(&self, rel: &str, text: &str, lines: &LineIndex) -> Scanned {
        let started = Instant::now();
        let mut wanted = vec![false; self.matchers.len()];
        for &i in &self.always {
            wanted[i] = true;
        }
        let mut remaining = self.matchers.len() - self.always.len();
        for m in self.prefilter.find_overlapping_iter(text) {
            for &i in self.by_keyword.get(m.pattern().as_usize()).map(Vec::as_slice).unwrap_or_default() {
                if let Some(w) = wanted.get_mut(i) {
                    if !*w {
                        *w = true;
                        remaining -= 1;
                    }
                }
            }
            if remaining == 0 {
                break;
            }
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let generic_off = LOCKFILES.contains(&name) || minified(name, text);
        let mut hits: Vec<Hit> = Vec::new();
        // values a provider rule recognised by shape and then rejected (a placeholder, a documented
        // example, a wrong checksum): no generic rule reports them either
        let mut vetoed: Vec<(usize, usize)> = Vec::new();
        let mut timed_out = false;
        for (i, m) in self.matchers.iter().enumerate() {
            if !wanted[i] || (m.fallback && generic_off) {
                continue;
            }
            if m.files.as_ref().is_some_and(|g| !g.is_match(rel))
                || m.not_files.as_ref().is_some_and(|g| g.is_match(rel))
            {
                continue;
            }
            if started.elapsed() > FILE_TIME_BOUND {
                timed_out = true;
                break;
            }
            for caps in m.regex.captures_iter(text.as_bytes()).take(MAX_HITS_PER_RULE) {
                let Some(v) = m.group.and_then(|g| caps.get(g)).or_else(|| caps.get(0)) else { continue };
                // a span that cuts a character in two (a bounded run of non-ASCII bytes) is not a value
                let Some(value) = text.get(v.start()..v.end()) else { continue };
                if value.is_empty() {
                    continue;
                }
                if !self.accept(m, value) {
                    if !m.fallback && !m.generic {
                        vetoed.push((v.start(), v.end()));
                    }
                    continue;
                }
                if let Some(k) = caps.name("key").and_then(|k| text.get(k.start()..k.end())) {
                    // `user:user@`, `test:test@`: a password equal to its user name is a default
                    let assignment = m.checks.iter().any(|c| c == "assignment");
                    if (assignment && checks::metadata_key(k)) || k.eq_ignore_ascii_case(value) {
                        continue;
                    }
                }
                hits.push(Hit {
                    matcher: i,
                    rule: m.rule,
                    start: v.start(),
                    end: v.end(),
                    line: lines.line(v.start()),
                });
            }
        }
        if !vetoed.is_empty() {
            hits.retain(|h| {
                !self.matchers[h.matcher].fallback || !vetoed.iter().any(|&(s, e)| s < h.end && h.start < e)
            });
        }
        // values reported only near another rule's value (an AWS secret key beside its key id)
        let all = hits.clone();
        hits.retain(|h| match &self.matchers[h.matcher].near {
            None => true,
            Some((rule, within)) => all
                .iter()
                .any(|o| self.rules[o.rule].id == *rule && o.line.abs_diff(h.line) <= *within && o.start != h.start),
        });
        // one finding per value: a provider rule wins over a generic one, the earlier match over a later one
        hits.sort_by_key(|h| {
            let m = &self.matchers[h.matcher];
            (m.fallback, m.generic, h.start, std::cmp::Reverse(h.end), h.matcher)
        });
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if !kept.iter().any(|k| k.start < h.end && h.start < k.end) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| (h.start, h.rule));
        Scanned { hits: kept, timed_out }
    }

    fn accept(&self, m: &Compiled, value: &str) -> bool {
        if m.allow.iter().any(|a| a.is_match(value)) || checks::known_public(value) {
            return false;
        }
        // the placeholder words are looked for in values of credential size (a long block such as a
        // private key has its own check, and may carry a comment that names anything)
        if value.len() <= 200 && checks::is_placeholder(value) {
            return false;
        }
        if m.entropy.is_some_and(|min| checks::entropy(value) < min) {
            return false;
        }
        m.checks.iter().all(|c| checks::run(c, value))
    }

    /// The findings of a text's hits: the second and later occurrences of one value in one file are issues
    /// of their own (each place must be cleaned), told apart by their order.
    pub(crate) fn findings(&self, rel: &str, text: &str, lines: &LineIndex, hits: &[Hit]) -> Vec<(Finding, String)> {
        let mut seen: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        hits.iter()
            .map(|h| {
                let value = text.get(h.start..h.end).unwrap_or_default();
                let n = seen.entry(value).or_insert(0);
                *n += 1;
                (self.finding(rel, text, lines, h, *n), value.to_string())
            })
            .collect()
    }

    /// The finding of one hit in a text (`occurrence`: of its value in the text, from 1).
    fn finding(&self, rel: &str, text: &str, lines: &LineIndex, hit: &Hit, occurrence: u32) -> Finding {
        let rule = &self.rules[hit.rule];
        let value = text.get(hit.start..hit.end).unwrap_or_default();
        let test_path = crate::discover::is_test_path(rel);
        let (severity, confidence) = if test_path {
            (lower_severity(rule.severity), lower_confidence(rule.confidence))
        } else {
            (rule.severity, rule.confidence)
        };
        let mut f = rule.finding(Engine::Secrets);
        f.issue_type = IssueType::BestPracticeSecrets;
        f.severity = severity;
        f.title = format!("{} in {rel}", rule.title);
        f.confidence = confidence;
        let shown = redact(value);
        f.description = format!(
            "{} The value ({shown}) is shown redacted; it is identified by a salted hash, never stored.{}",
            rule.message.trim(),
            if test_path {
                " The file is test or example data: confidence and severity are one step lower."
            } else {
                ""
            }
        );
        f.file_path = Some(rel.to_string());
        f.line_number = Some(hit.line);
        let line_start = lines.line_start(hit.line).unwrap_or(0);
        let column = text.get(line_start..hit.start).map_or(1, |s| s.chars().count() as u32 + 1);
        f.column = Some(column);
        // the region of the value: to its end (a key block ends on a later line)
        let end_line = lines.line(hit.end.saturating_sub(1).max(hit.start));
        f.end_line = Some(end_line);
        f.end_column = Some(if end_line == hit.line {
            column + value.chars().count() as u32
        } else {
            let start = lines.line_start(end_line).unwrap_or(hit.start);
            text.get(start..hit.end).map_or(1, |s| s.chars().count() as u32 + 1)
        });
        f.snippet = Some(snippet(text, line_start, hit.start, hit.end));
        let hash = value_hash(&self.salt, value);
        f.fingerprint = if occurrence > 1 {
            crate::postprocess::fingerprint::hash(&["secrets", &hash, rel, &occurrence.to_string()])
        } else {
            crate::postprocess::fingerprint::hash(&["secrets", &hash, rel])
        };
        f
    }
}

/// Minified or generated code: one very long line, or a `.min.` file.
fn minified(name: &str, text: &str) -> bool {
    if name.contains(".min.") || name.ends_with(".map") {
        return true;
    }
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    text.len() > 4096 && text.len() / lines > 1000
}

fn lower_severity(s: Severity) -> Severity {
    match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        Severity::Low | Severity::Info => Severity::Low,
    }
}

fn lower_confidence(c: Confidence) -> Confidence {
    match c {
        Confidence::High => Confidence::Medium,
        Confidence::Medium | Confidence::Low => Confidence::Low,
    }
}

/// The redacted form of a value: its first characters (four at most, and never more than a quarter of
/// the value), then asterisks.
pub fn redact(value: &str) -> String {
    let n = value.chars().count();
    let shown = (n / 4).min(4);
    let mut out: String = value.chars().take(shown).filter(|c| !c.is_control()).collect();
    out.push_str("********");
    out
}

/// The salted hash of a value: recognises the same secret across files, commits and runs without
/// keeping it.
pub fn value_hash(salt: &str, value: &str) -> String {
    crate::postprocess::fingerprint::hash(&["secret-value", salt, value])
}

/// The line of a hit with the value redacted (only the part on the hit's first line), bounded.
fn snippet(text: &str, line_start: usize, start: usize, end: usize) -> String {
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let before = text.get(line_start..start).unwrap_or_default();
    let value = text.get(start..end).unwrap_or_default();
    let after = if end <= line_end { text.get(end..line_end).unwrap_or_default() } else { "" };
    let mut before: String = before.chars().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
    if before.len() < start - line_start {
        before.insert(0, '…');
    }
    let mut after: String = after.chars().take(80).collect();
    if after.len() < line_end.saturating_sub(end) && end <= line_end {
        after.push('…');
    }
    format!("{before}{}{after}", redact(value)).trim().to_string()
}

impl Analyzer for SecretsEngine {
    fn engine(&self) -> Engine {
        Engine::Secrets
    }

    fn file_kinds(&self) -> Vec<FileKind> {
        vec![
            FileKind { name: "binary", names: BINARY_NAMES, paths: &[] },
            FileKind { name: "text", names: &["*"], paths: &[] },
        ]
    }

    fn reads(&self, kind: usize) -> bool {
        kind != KIND_BINARY
    }

    fn accepts_non_utf8(&self) -> bool {
        true
    }

    fn analyze(&self, file: &SourceFile<'_>, kind: usize) -> FileOutput {
        let mut out = FileOutput::new(file.rel, kind);
        if kind == KIND_BINARY {
            return out;
        }
        let lines = LineIndex::new(file.text);
        let scanned = self.scan_text(file.rel, file.text, &lines);
        if scanned.timed_out {
            out.errors.push(FileError::new(
                "secrets",
                file.rel,
                format!(
                    "stopped after {} s (the per-file time bound); the rest was not checked",
                    FILE_TIME_BOUND.as_secs()
                ),
            ));
            out.complete = false;
        }
        for (f, value) in self.findings(file.rel, file.text, &lines, &scanned.hits) {
            out.findings.push(f);
            out.redact.push(value);
        }
        out
    }

    fn finish(&self, root: &Path, files: Vec<FileOutput>) -> EngineOutput {
        let mut out = EngineOutput::default();
        let mut binary = 0usize;
        let mut skipped = Vec::new();
        for f in files {
            if f.kind == KIND_BINARY {
                binary += 1;
                continue;
            }
            if let Some(why) = &f.skipped {
                skipped.push(format!("{} ({why})", f.rel));
            } else {
                out.scanned.push(ScannedFile {
                    file_path: f.rel.clone(),
                    engine: Engine::Secrets,
                    kind: "text".into(),
                    package_manager: None,
                    packages: 0,
                    complete: f.complete,
                });
            }
            out.findings.extend(f.findings);
            out.errors.extend(f.errors);
            out.redact.extend(f.redact);
        }
        if binary > 0 || !skipped.is_empty() {
            let shown = skipped.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
            out.notes.push(format!(
                "secrets: {binary} binary file(s) skipped by name{}{shown}",
                if skipped.is_empty() { String::new() } else { format!(", {} skipped by content: ", skipped.len()) }
            ));
        }
        if let Some(opts) = &self.history {
            let t = Instant::now();
            history::scan(self, root, opts, &mut out);
            out.timings.push(crate::model::report::Timing {
                stage: "secrets.history".into(),
                millis: t.elapsed().as_millis().min(u64::MAX as u128) as u64,
            });
        }
        out
    }
}

/// The engine over the embedded rules (tests, benchmarks).
pub fn default_engine() -> Result<SecretsEngine, String> {
    let set = RuleSet::load(&[]).map_err(|e| e.to_string())?;
    SecretsEngine::new(&set, &[], DEFAULT_SALT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_at_most_a_quarter_and_four_characters() {
        assert_eq!(redact("ghp_abcdefghijklmnop"), "ghp_********");
        assert_eq!(redact("abcdefg"), "a********");
        assert_eq!(redact("abc"), "********");
    }

    #[test]
    fn snippets_never_hold_the_value() {
        let text = "a = 1\nkey = \"SECRETVALUE123456\"  # prod\n";
        let start = text.find("SECRET").unwrap_or(0);
        let s = snippet(text, 6, start, start + 17);
        assert!(!s.contains("SECRETVALUE"), "{s}");
        assert!(s.contains("SECR********"), "{s}");
    }
}
