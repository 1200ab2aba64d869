//! Rules as data: one YAML file per rule under `rules/<language>/<category>/<id>.yaml`, with its annotated
//! target beside it, plus one `_library.yaml` per language (the taint library: where untrusted data comes
//! from, what cleans it, which functions are route handlers).
//!
//! Rules are embedded in the binary (build.rs) and can be added from folders (`--rules DIR`,
//! `rules.paths` in `.secscan.toml`). Every file is validated against `rules/schema.json` (the JSON
//! Schema of a rule file) and then read into [`Rule`]; a file that fails either is a configuration error
//! that names the file and the field, before any scanning.
pub(crate) mod library;

use crate::model::{Confidence, IssueType, Severity};
use serde::Deserialize;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The JSON Schema every rule file must satisfy.
const SCHEMA: &str = include_str!("../../rules/schema.json");

/// The largest rule file read from a folder.
const MAX_RULE_BYTES: u64 = 256 * 1024;

/// Why rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("rule file {file}: {field}: {message}")]
    Invalid { file: String, field: String, message: String },
    #[error("rule file {file}: {message}")]
    Read { file: String, message: String },
}

impl From<RuleError> for crate::error::Error {
    fn from(e: RuleError) -> crate::error::Error {
        crate::error::Error::config("rules", e.to_string())
    }
}

/// A rule's documentation: what it finds, why it matters, a vulnerable example and the fix.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    pub what: String,
    pub why: String,
    pub example: String,
    pub fix: String,
}

/// Machine-readable metadata.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub cwe: Vec<String>,
    pub owasp: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    pub likelihood: Confidence,
    pub impact: Confidence,
    /// The ids other tools give the same check (Bandit `B602`, Ruff `S602`): suppressions written for
    /// them (`# nosec B602`) apply, and reports list them as aliases.
    #[serde(default)]
    pub equivalents: Vec<String>,
}

/// A predicate on one argument of a call (by position, by keyword, or either).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArgPred {
    /// Position of the argument.
    #[serde(default)]
    pub(crate) arg: Option<usize>,
    /// Keyword of the argument.
    #[serde(default)]
    pub(crate) kwarg: Option<String>,
    /// `missing`, `present`, `constant` or `nonconstant`.
    #[serde(default)]
    pub(crate) is: Option<ArgIs>,
    /// The argument's constant value is one of these (strings, numbers, booleans, null).
    #[serde(default)]
    pub(crate) equals: Vec<serde_json::Value>,
    /// The argument's constant string matches this regular expression.
    #[serde(default)]
    pub(crate) matches: Option<String>,
    /// The argument's constant number is below this.
    #[serde(default)]
    pub(crate) below: Option<f64>,
    /// The argument's qualified name (a constant such as `ssl.CERT_NONE`) matches one of these.
    #[serde(default)]
    pub(crate) names: Vec<String>,
    /// The argument is a dict display (or a call like `dict(...)`) without this key.
    #[serde(default)]
    pub(crate) lacks_key: Option<String>,
    /// The argument's constant number has one of these bits set (file modes: `0o002`).
    #[serde(default)]
    pub(crate) mask_any: Option<i64>,
    /// Test this element of the argument (a tuple or list) instead of the argument itself.
    #[serde(default)]
    pub(crate) element: Option<usize>,
    /// Test the value of this key of the argument (a dict display) instead of the argument itself.
    #[serde(default)]
    pub(crate) key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ArgIs {
    Missing,
    Present,
    Constant,
    Nonconstant,
}

/// `match: { call: … }`: a call of a qualified name, with conditions on its arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CallMatch {
    /// Qualified names, with `*` for any run of characters (`hashlib.md5`, `*.execute`).
    pub(crate) callee: Vec<String>,
    /// Every one must hold.
    #[serde(default)]
    pub(crate) all: Vec<ArgPred>,
    /// At least one must hold (when given).
    #[serde(default)]
    pub(crate) any: Vec<ArgPred>,
    /// None may hold.
    #[serde(default)]
    pub(crate) none: Vec<ArgPred>,
}

/// Where tainted data must not arrive.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sink {
    /// A call of these qualified names…
    #[serde(default)]
    pub(crate) call: Vec<String>,
    /// …with tainted data in these positions (none given: any position)…
    #[serde(default)]
    pub(crate) args: Vec<usize>,
    /// …or these keywords…
    #[serde(default)]
    pub(crate) kwargs: Vec<String>,
    /// …or in the object the method is called on.
    #[serde(default)]
    pub(crate) receiver: bool,
    /// Of an object argument, only these keys count (`Page.setDocumentContent({frameId, html})`: `html`);
    /// an argument that is not an object written at the call counts whole.
    #[serde(default)]
    pub(crate) keys: Vec<String>,
    /// Conditions on the call (`shell=True`).
    #[serde(default)]
    pub(crate) all: Vec<ArgPred>,
    #[serde(default)]
    pub(crate) none: Vec<ArgPred>,
    /// An assignment into these places (`flask.session[]`, `*.headers[]`): `[]` is any subscript.
    #[serde(default)]
    pub(crate) store: Vec<String>,
    /// A subscript read of these places (`globals()[]`, `*.__globals__[]`): the key counts, the code
    /// choosing with it what it runs.
    #[serde(default)]
    pub(crate) lookup: Vec<String>,
    /// The value a route handler returns (the response body).
    #[serde(default)]
    pub(crate) route_return: bool,
    /// A string written in this kind of text (`sql`, `html`) with untrusted data in it, where it is
    /// built: reported unless it then reaches another sink of the rule.
    #[serde(default)]
    pub(crate) text: Option<String>,
    /// The call builds a value from its arguments (`path.join`): untrusted data in it is reported where
    /// it is built, like `text`; the value then carries the flow to the rule's other sinks.
    #[serde(default)]
    pub(crate) builds: bool,
    /// The argument is an argv list: only the program (and a shell's `-c` command) counts.
    #[serde(default)]
    pub(crate) argv: bool,
    /// The program and its arguments are the positional arguments from this index on, each of them an
    /// argument or a list of them (`os.spawnl(mode, "/bin/sh", "-c", cmd)`): checked like `argv`.
    #[serde(default)]
    pub(crate) argv_from: Option<usize>,
    /// The argument is a response (`make_response((body, headers))`): only its body counts, and a dict
    /// or list body is serialised as JSON.
    #[serde(default)]
    pub(crate) body: bool,
    /// Only a value taken whole counts: an object or array literal written at the call (its keys chosen
    /// by the code) does not.
    #[serde(default)]
    pub(crate) whole: bool,
    /// The sink counts only in files that import one of these modules (for generic method names).
    #[serde(default)]
    pub(crate) imports: Vec<String>,
    /// At this sink, also report data of unknown origin (not fixed by the code, not cleaned) at this
    /// confidence (overrides the rule's `unknown`).
    #[serde(default)]
    pub(crate) unknown: Option<Confidence>,
    /// At this sink, also report a string built (concatenation, f-string, `%`, `.format`, `join`) from
    /// data not fixed by the code, at this confidence (overrides the rule's `built`).
    #[serde(default)]
    pub(crate) built: Option<Confidence>,
}

/// `match: { taint: … }`: untrusted data reaching a sink, with no sanitizer of the rule's class between.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaintMatch {
    /// The vulnerability class: which sanitizers of the library clean data for these sinks (`sql`,
    /// `shell`, `code`, `html`, `path`, `url`, `ldap`, `xpath`, `deserialize`, `log`, `header`, `xml`,
    /// `redirect`, `regex`, `session`, `secret`, `csv`…).
    pub(crate) class: String,
    /// The kinds of source that count (`web`, `cli`, `env`, `file`, `network`, `random`, `exception`);
    /// default: `web` and `cli`.
    #[serde(default)]
    pub(crate) sources: Vec<String>,
    pub(crate) sinks: Vec<Sink>,
    /// Also report data of unknown origin (not a constant, not cleaned) at this confidence: for sinks
    /// that are dangerous with any data that is not fixed in the code.
    #[serde(default)]
    pub(crate) unknown: Option<Confidence>,
    /// Also report strings built from data not fixed by the code (an SQL statement assembled with `%`),
    /// at this confidence.
    #[serde(default)]
    pub(crate) built: Option<Confidence>,
    /// Confidence of a finding whose source is of this kind (`env: LOW`).
    #[serde(default)]
    pub(crate) source_confidence: std::collections::BTreeMap<String, Confidence>,
}

/// `match: { import: … }`: importing a module.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportMatch {
    pub(crate) modules: Vec<String>,
}

/// `match: { assign: … }`: a constant assigned to a place (`DEBUG = True`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignMatch {
    /// Places, as dotted paths with `*` and `['key']` (`DEBUG`, `*.debug`, `*.config['DEBUG']`).
    pub(crate) target: Vec<String>,
    /// The value assigned (`equals`, `matches`, `is`).
    pub(crate) value: ArgPred,
    /// At least one must also hold of the value (when given): `{ key: user_id, is: present }`.
    #[serde(default)]
    pub(crate) any: Vec<ArgPred>,
    /// Only in files whose path matches one of these globs.
    #[serde(default)]
    pub(crate) files: Vec<String>,
    /// Not in files whose path matches one of these globs.
    #[serde(default)]
    pub(crate) not_files: Vec<String>,
}

/// `match: { detector: … }`: a check written in Rust (code/matchers.rs) with parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DetectorMatch {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) params: serde_json::Value,
}

/// `match: { secret: … }`: a secret in any text file (the secrets engine, src/secrets/).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SecretMatch {
    /// At least one occurs in the file (ASCII case-insensitive) before the regex runs.
    pub(crate) keywords: Vec<String>,
    /// The pattern; its group `secret` (or the whole match) is the value.
    pub(crate) regex: String,
    /// The value's Shannon entropy (bits per character) must reach this.
    #[serde(default)]
    pub(crate) entropy: Option<f64>,
    /// Named checks of the value (src/secrets/checks.rs).
    #[serde(default)]
    pub(crate) checks: Vec<String>,
    /// Documented example values (regular expressions over the value) that are not reported.
    #[serde(default)]
    pub(crate) allow: Vec<String>,
    /// Only reported when that rule found a value within this many lines.
    #[serde(default)]
    pub(crate) near: Option<Near>,
    /// A generic match, dropped where a provider rule matched the same value, and not run on lockfiles
    /// and minified code.
    #[serde(default)]
    pub(crate) fallback: bool,
    /// A pattern of any service (a password in a URL): a provider rule matching the same value wins.
    #[serde(default)]
    pub(crate) generic: bool,
    /// Only in files whose path matches one of these globs.
    #[serde(default)]
    pub(crate) files: Vec<String>,
    /// Not in files whose path matches one of these globs.
    #[serde(default)]
    pub(crate) not_files: Vec<String>,
}

/// `near:` of a secret match.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Near {
    pub(crate) rule: String,
    pub(crate) lines: u32,
}

/// The match kinds (code/matchers.rs; `secret` in src/secrets/).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Match {
    Call(CallMatch),
    Taint(TaintMatch),
    Import(ImportMatch),
    Assign(AssignMatch),
    Detector(DetectorMatch),
    Secret(SecretMatch),
}

/// A rule's `match`: one match kind, or several of which any may match.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum MatchSpec {
    One(Box<Match>),
    Any(Vec<Match>),
}

impl MatchSpec {
    pub(crate) fn all(&self) -> &[Match] {
        match self {
            MatchSpec::One(m) => std::slice::from_ref(m.as_ref()),
            MatchSpec::Any(list) => list,
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub languages: Vec<String>,
    pub issue_type: IssueType,
    pub severity: Severity,
    pub confidence: Confidence,
    /// Not reported in tests, fixtures, examples and documentation (`discover::is_test_path`).
    #[serde(default)]
    pub skip_test_paths: bool,
    pub message: String,
    pub docs: Docs,
    pub metadata: Metadata,
    #[serde(rename = "match")]
    pub(crate) matcher: MatchSpec,
    /// Where the rule came from (`rules/python/injection/python-sql-injection.yaml`).
    #[serde(skip)]
    pub source: String,
}

impl Rule {
    /// A finding of this rule with the rule's identity, wording and metadata (title, severity,
    /// confidence, message, fix, CWE, OWASP, references); the engine adds the place and its own detail.
    pub(crate) fn finding(&self, engine: crate::model::Engine) -> crate::model::Finding {
        let mut f = crate::model::Finding::new(engine, &self.id, self.issue_type, self.severity, self.title.clone());
        f.confidence = self.confidence;
        f.description = self.message.trim().to_string();
        f.remediation = self.docs.fix.trim().to_string();
        f.cwe = self.metadata.cwe.clone();
        f.owasp = self.metadata.owasp.clone();
        f.references = self.metadata.references.clone();
        f
    }

    /// The match kind, in words.
    pub fn kind(&self) -> &'static str {
        let all = self.matcher.all();
        if all.len() > 1 {
            return "any of several";
        }
        match all.first() {
            None => "none",
            Some(Match::Call(_)) => "call",
            Some(Match::Taint(_)) => "taint",
            Some(Match::Import(_)) => "import",
            Some(Match::Assign(_)) => "assign",
            Some(Match::Detector(_)) => "detector",
            Some(Match::Secret(_)) => "secret",
        }
    }
}

/// Every rule and taint library, loaded and validated.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub(crate) libraries: Vec<library::Library>,
}

impl RuleSet {
    /// The embedded rules plus the rule files of `dirs`.
    pub fn load(dirs: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let schema_value: serde_json::Value = serde_json::from_str(SCHEMA)
            .map_err(|e| RuleError::Read { file: "rules/schema.json".into(), message: e.to_string() })?;
        let schema = jsonschema::validator_for(&schema_value)
            .map_err(|e| RuleError::Read { file: "rules/schema.json".into(), message: e.to_string() })?;
        let mut set = RuleSet::default();
        // the embedded rules are checked against the schema (and their patterns compiled) by
        // `embedded_rules_pass_every_check` when they are built into the binary, not again at every start
        for (rel, text) in EMBEDDED {
            set.add(&format!("rules/{rel}"), text, None)?;
        }
        for dir in dirs {
            let mut files = Vec::new();
            collect_yaml(dir, &mut files, 0)?;
            for f in files {
                let text = read_rule_file(&f)?;
                set.add(&f.display().to_string(), &text, Some(&schema))?;
            }
        }
        let mut seen = std::collections::HashSet::new();
        for r in &set.rules {
            if !seen.insert(r.id.clone()) {
                return Err(RuleError::Invalid {
                    file: r.source.clone(),
                    field: "id".into(),
                    message: format!("a second rule has the id {}", r.id),
                });
            }
        }
        Ok(set)
    }

    /// Parse one rule file; `schema`: validate it (and compile its patterns) first.
    fn add(&mut self, file: &str, text: &str, schema: Option<&jsonschema::Validator>) -> Result<(), RuleError> {
        let value: serde_json::Value = serde_saphyr::from_str(text)
            .map_err(|e| RuleError::Read { file: file.to_string(), message: format!("not valid YAML: {e}") })?;
        let stem = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if stem.starts_with('_') {
            let lib: library::Library = serde_json::from_value(value).map_err(|e| RuleError::Invalid {
                file: file.to_string(),
                field: "(library)".into(),
                message: e.to_string(),
            })?;
            lib.check().map_err(|(field, message)| RuleError::Invalid { file: file.to_string(), field, message })?;
            self.libraries.push(lib);
            return Ok(());
        }
        let mut problems: Vec<(String, String)> = schema
            .into_iter()
            .flat_map(|schema| schema.iter_errors(&value))
            .take(64)
            .map(|err| {
                let field = err.instance_path().to_string();
                let field = if field.is_empty() {
                    "(top level)".into()
                } else {
                    field.trim_start_matches('/').replace('/', ".")
                };
                (field, err.to_string())
            })
            .collect();
        // a wrong value says more than a missing key: those first, then at most five in all
        problems.sort_by_key(|(f, _)| f == "(top level)");
        problems.truncate(5);
        if let Some((field, first)) = problems.first() {
            // every problem found (up to five), each with its field
            let mut message = first.clone();
            for (f, m) in problems.iter().skip(1) {
                message.push_str(&format!("; {f}: {m}"));
            }
            return Err(RuleError::Invalid { file: file.to_string(), field: field.clone(), message });
        }
        let mut rule: Rule = serde_json::from_value(value).map_err(|e| RuleError::Invalid {
            file: file.to_string(),
            field: "(rule)".into(),
            message: e.to_string(),
        })?;
        if rule.id != stem {
            return Err(RuleError::Invalid {
                file: file.to_string(),
                field: "id".into(),
                message: format!("the id {} must equal the file name {stem}", rule.id),
            });
        }
        if schema.is_some() {
            check_regexes(&rule).map_err(|(field, message)| RuleError::Invalid {
                file: file.to_string(),
                field,
                message,
            })?;
        }
        rule.source = file.to_string();
        self.rules.push(rule);
        Ok(())
    }

    /// [`RuleSet::load`] once per process for the same folders: every engine of a scan shares one set.
    pub fn load_shared(dirs: &[PathBuf]) -> Result<std::sync::Arc<RuleSet>, RuleError> {
        type Cache = std::sync::Mutex<Vec<(Vec<PathBuf>, std::sync::Arc<RuleSet>)>>;
        static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut cached = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, set)) = cached.iter().find(|(d, _)| d.as_slice() == dirs) {
            return Ok(set.clone());
        }
        let set = std::sync::Arc::new(RuleSet::load(dirs)?);
        cached.push((dirs.to_vec(), set.clone()));
        Ok(set)
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The taint library of a language.
    pub(crate) fn library(&self, language: &str) -> Option<&library::Library> {
        self.libraries.iter().find(|l| l.language == language)
    }
}

fn check_regexes(rule: &Rule) -> Result<(), (String, String)> {
    let check = |p: &ArgPred, field: &str| -> Result<(), (String, String)> {
        if let Some(m) = &p.matches {
            regex::Regex::new(m).map_err(|e| (format!("{field}.matches"), e.to_string()))?;
        }
        Ok(())
    };
    for m in rule.matcher.all() {
        match m {
            Match::Call(c) => {
                for p in c.all.iter().chain(&c.any).chain(&c.none) {
                    check(p, "match.call")?;
                }
            }
            Match::Taint(t) => {
                for s in &t.sinks {
                    for p in s.all.iter().chain(&s.none) {
                        check(p, "match.taint.sinks")?;
                    }
                }
            }
            Match::Assign(a) => {
                check(&a.value, "match.assign.value")?;
                for p in &a.any {
                    check(p, "match.assign.any")?;
                }
            }
            Match::Import(_) => {}
            // the code engine's detectors are a closed list: a misspelt name would match nothing, silently
            Match::Detector(d)
                if rule
                    .languages
                    .iter()
                    .any(|l| matches!(l.as_str(), "python" | "javascript" | "typescript" | "sql"))
                    && !crate::code::detectors::known(&d.name) =>
            {
                return Err((
                    "match.detector.name".into(),
                    format!(
                        "unknown detector {:?} (known: {}, {})",
                        d.name,
                        crate::code::detectors::NAMES.join(", "),
                        crate::code::sql::NAMES.join(", ")
                    ),
                ));
            }
            Match::Detector(d)
                if rule.languages.iter().any(|l| l == "practices")
                    && !crate::practices::NAMES.contains(&d.name.as_str()) =>
            {
                return Err((
                    "match.detector.name".into(),
                    format!("unknown check {:?} (known: {})", d.name, crate::practices::NAMES.join(", ")),
                ));
            }
            // a detector's regular expressions are compiled here so that a bad one names its rule
            Match::Detector(d) => {
                for key in ["text", "algorithm"] {
                    if let Some(t) = d.params.get(key) {
                        if t.as_str().is_none_or(|t| regex::Regex::new(t).is_err()) {
                            return Err((
                                format!("match.detector.params.{key}"),
                                "not a valid regular expression".into(),
                            ));
                        }
                    }
                }
            }
            Match::Secret(m) => {
                crate::secrets::compile(m).map(|_| ()).map_err(|(f, e)| (format!("match.secret.{f}"), e))?
            }
        }
    }
    let secret = rule.languages.iter().any(|l| l == "secrets");
    let secret_matches = rule.matcher.all().iter().filter(|m| matches!(m, Match::Secret(_))).count();
    if secret && (rule.languages.len() > 1 || secret_matches != rule.matcher.all().len()) {
        return Err((
            "match".into(),
            "a secrets rule has only `secrets` as its language and only `secret` matches".into(),
        ));
    }
    if !secret && secret_matches > 0 {
        return Err(("languages".into(), "a rule with `secret` matches is for the language `secrets`".into()));
    }
    if rule.matcher.all().iter().filter(|m| matches!(m, Match::Taint(_))).count() > 1 {
        return Err(("match".into(), "at most one taint match per rule".into()));
    }
    Ok(())
}

fn read_rule_file(p: &Path) -> Result<String, RuleError> {
    use std::io::Read;
    let err = |m: String| RuleError::Read { file: p.display().to_string(), message: m };
    let meta = std::fs::symlink_metadata(p).map_err(|e| err(e.to_string()))?;
    if !meta.is_file() || meta.len() > MAX_RULE_BYTES {
        return Err(err(format!("not a regular file of at most {MAX_RULE_BYTES} bytes")));
    }
    let mut text = String::new();
    std::fs::File::open(p)
        .and_then(|f| f.take(MAX_RULE_BYTES).read_to_string(&mut text))
        .map_err(|e| err(e.to_string()))?;
    Ok(text)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), RuleError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| RuleError::Read { file: dir.display().to_string(), message: e.to_string() })?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let Ok(meta) = std::fs::symlink_metadata(&p) else { continue };
        if meta.is_dir() && depth < 8 {
            collect_yaml(&p, out, depth + 1)?;
        } else if meta.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_load() {
        let set = RuleSet::load(&[]).expect("embedded rules load");
        assert!(set.library("python").is_some(), "the python taint library is embedded");
    }

    /// `load` trusts the embedded rules (built into the binary); this is where they get every check a
    /// user's rule file gets: the schema, the id, the patterns.
    #[test]
    fn embedded_rules_pass_every_check() {
        let schema_value: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema");
        let schema = jsonschema::validator_for(&schema_value).expect("schema compiles");
        let mut set = RuleSet::default();
        for (rel, text) in EMBEDDED {
            set.add(&format!("rules/{rel}"), text, Some(&schema)).expect("an embedded rule passes every check");
        }
        assert!(set.rules.len() > 100);
        let shared = RuleSet::load_shared(&[]).expect("loads");
        assert!(std::sync::Arc::ptr_eq(&shared, &RuleSet::load_shared(&[]).expect("loads")), "loaded once");
        assert_eq!(shared.rules.len(), set.rules.len());
    }

    #[test]
    fn a_bad_rule_names_its_file_and_field() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            dir.path().join("bad-rule.yaml"),
            "id: bad-rule\ntitle: t\nlanguages: [python]\nissue_type: OWASP_INJECTION\nseverity: LOUD\n",
        )
        .expect("write");
        let err = RuleSet::load(&[dir.path().to_path_buf()]).expect_err("invalid").to_string();
        assert!(err.contains("bad-rule.yaml"), "{err}");
        assert!(err.contains("severity") || err.contains("confidence") || err.contains("required"), "{err}");
    }

    #[test]
    fn a_code_rule_naming_an_unknown_detector_is_refused() {
        let schema_value: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema");
        let schema = jsonschema::validator_for(&schema_value).expect("schema compiles");
        let rule = |detector: &str, language: &str| {
            format!(
                "id: r\ntitle: a test rule\nlanguages: [{language}]\nissue_type: OWASP_INJECTION\nseverity: LOW\n\
                 confidence: LOW\nmessage: a message long enough for the schema\n\
                 docs: {{what: what it finds, why: why it matters, example: an example here, fix: the fix for it}}\n\
                 metadata: {{cwe: [CWE-79], owasp: [\"A03:2021\"], references: [], likelihood: LOW, impact: LOW}}\n\
                 match: {{detector: {{name: {detector}}}}}\n"
            )
        };
        let mut set = RuleSet::default();
        let err = set.add("rules/r.yaml", &rule("class-extend", "python"), Some(&schema)).expect_err("misspelt");
        assert!(err.to_string().contains("match.detector.name") && err.to_string().contains("class-extends"), "{err}");
        set.add("rules/r.yaml", &rule("class-extends", "python"), Some(&schema)).expect("a known detector");
        let err = set.add("rules/r.yaml", &rule("gha-unpinned", "practices"), Some(&schema)).expect_err("misspelt");
        assert!(err.to_string().contains("gha-unpinned-action"), "{err}");
    }
}
