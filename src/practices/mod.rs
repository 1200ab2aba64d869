//! The best-practices engine: CI pipelines that can be hijacked, container images built unsafely, and
//! the repository's own hygiene (credential files committed, `.env` not ignored, no lockfile, database
//! dumps).
//!
//! Rules are data (`rules/practices/<category>/<id>.yaml`, language `practices`, match kind `detector`):
//! the YAML holds the docs, metadata and severity; the detector it names is a check written here. Files
//! are read statically — a workflow is parsed as YAML with a bounded budget, nothing is ever run.
pub(crate) mod ci;
pub(crate) mod django;
pub(crate) mod expr;
pub(crate) mod files;

use crate::config::Config;
use crate::engine::{Analyzer, EngineOutput, FileKind, FileOutput, SourceFile};
use crate::model::{Confidence, Engine, FileError, Finding, IssueType, ScannedFile, Severity};
use crate::rules::{Match, RuleSet};
use ci::Hit;
use std::path::Path;

/// The kinds of file this engine reads, in the order discovery tries them.
const KINDS: &[(&str, &[&str], &[&str])] = &[
    (
        "github-workflow",
        &[],
        &[
            ".github/workflows/*.yml",
            ".github/workflows/*.yaml",
            "**/.github/workflows/*.yml",
            "**/.github/workflows/*.yaml",
        ],
    ),
    ("gitlab-ci", &[".gitlab-ci.yml", "*.gitlab-ci.yml"], &[]),
    ("circleci", &[], &[".circleci/config.yml", "**/.circleci/config.yml"]),
    ("jenkinsfile", &["Jenkinsfile", "Jenkinsfile.*", "*.jenkinsfile"], &[]),
    ("dockerfile", &["Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile"], &[]),
    ("gitignore", &[".gitignore"], &[]),
    ("package.json", &["package.json"], &[]),
    ("sql", &["*.sql"], &[]),
    // key stores: judged by name, never read
    ("credential-store", &["*.p12", "*.pfx", "*.kdbx", "*.jks", "*.keystore"], &[]),
    (
        "credential-file",
        &[
            ".env",
            ".env.*",
            "*.pem",
            "*.key",
            "id_rsa",
            "id_dsa",
            "id_ecdsa",
            "id_ed25519",
            "credentials.json",
            "service-account*.json",
            "*.tfstate",
            ".npmrc",
            ".yarnrc",
            ".yarnrc.yml",
            ".pypirc",
            ".netrc",
            "_netrc",
            ".git-credentials",
        ],
        &[],
    ),
    ("django-settings", &["settings.py", "settings_*.py", "*_settings.py"], &["settings/*.py", "**/settings/*.py"]),
];

const KIND_WORKFLOW: usize = 0;
const KIND_GITLAB: usize = 1;
const KIND_CIRCLECI: usize = 2;
const KIND_JENKINS: usize = 3;
const KIND_DOCKERFILE: usize = 4;
const KIND_GITIGNORE: usize = 5;
const KIND_PACKAGE_JSON: usize = 6;
const KIND_SQL: usize = 7;
const KIND_CREDENTIAL_STORE: usize = 8;
const KIND_CREDENTIAL_FILE: usize = 9;
const KIND_DJANGO_SETTINGS: usize = 10;

/// CI and settings files larger than this are not parsed (a warning names them).
const MAX_YAML_BYTES: usize = 2 * 1024 * 1024;

/// A rule's metadata, as findings need it.
struct PracticeRule {
    id: String,
    title: String,
    issue_type: IssueType,
    severity: Severity,
    confidence: Confidence,
    message: String,
    fix: String,
    cwe: Vec<String>,
    owasp: Vec<String>,
    references: Vec<String>,
}

/// The engine.
pub struct PracticesEngine {
    rules: Vec<PracticeRule>,
    /// Detector name → the rules that report it.
    by_detector: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// The owner of the scanned repository (`owner` of `owner/name`), when known.
    owner: Option<String>,
}

/// Builds the engine from the configuration.
pub fn engine(cfg: &Config) -> crate::error::Result<Box<dyn Analyzer>> {
    let set = RuleSet::load_shared(&cfg.rule_dirs)?;
    let owner = cfg.repository.as_deref().and_then(|r| r.split('/').next()).map(str::to_string);
    Ok(Box::new(PracticesEngine::new(&set, &cfg.disabled_rules).with_owner(owner)))
}

impl PracticesEngine {
    /// The engine over the rules of the language `practices`, without the disabled ones.
    pub fn new(set: &RuleSet, disabled: &[String]) -> PracticesEngine {
        let mut rules = Vec::new();
        let mut by_detector: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for r in set.rules.iter().filter(|r| r.languages.iter().any(|l| l == "practices")) {
            if disabled.iter().any(|d| d == &r.id) {
                continue;
            }
            let index = rules.len();
            rules.push(PracticeRule {
                id: r.id.clone(),
                title: r.title.clone(),
                issue_type: r.issue_type,
                severity: r.severity,
                confidence: r.confidence,
                message: r.message.trim().to_string(),
                fix: r.docs.fix.trim().to_string(),
                cwe: r.metadata.cwe.clone(),
                owasp: r.metadata.owasp.clone(),
                references: r.metadata.references.clone(),
            });
            for m in r.matcher.all() {
                if let Match::Detector(d) = m {
                    by_detector.entry(d.name.clone()).or_default().push(index);
                }
            }
        }
        PracticesEngine { rules, by_detector, owner: None }
    }

    /// The scanned repository's owner: reusable workflows of the same owner are trusted like local ones.
    pub fn with_owner(mut self, owner: Option<String>) -> PracticesEngine {
        self.owner = owner;
        self
    }

    /// The kind a path would be read as (tests and tools that hand the engine a file directly).
    pub fn kind_of(&self, rel: &str) -> Option<usize> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let glob =
            |p: &str| globset::GlobBuilder::new(p).literal_separator(true).build().ok().map(|g| g.compile_matcher());
        KINDS.iter().position(|(_, names, paths)| {
            names.iter().any(|n| glob(n).is_some_and(|g| g.is_match(name)))
                || paths.iter().any(|p| glob(p).is_some_and(|g| g.is_match(rel)))
        })
    }

    fn finding(&self, rule: usize, rel: &str, text: &str, hit: &Hit) -> Finding {
        let r = &self.rules[rule];
        let mut f = Finding::new(Engine::Practices, &r.id, r.issue_type, r.severity, format!("{} in {rel}", r.title));
        f.confidence = r.confidence;
        f.description = format!("{} Here: {}.", r.message, hit.note.trim_end_matches('.'));
        f.remediation = r.fix.clone();
        f.file_path = Some(rel.to_string());
        f.line_number = Some(hit.line.max(1));
        let line = text.lines().nth(hit.line.saturating_sub(1) as usize).unwrap_or("").trim();
        if !line.is_empty() {
            f.snippet = Some(crate::report::text::truncate(line, 200));
        }
        f.cwe = r.cwe.clone();
        f.owasp = r.owasp.clone();
        f.references = r.references.clone();
        f
    }

    fn hits(&self, file: &SourceFile<'_>, kind: usize, out: &mut FileOutput) -> Vec<Hit> {
        let yaml = |out: &mut FileOutput| -> Option<serde_json::Value> {
            if file.text.len() > MAX_YAML_BYTES {
                out.errors.push(FileError::new(
                    "practices",
                    file.rel,
                    format!("over {} MB; not parsed", MAX_YAML_BYTES / 1_048_576),
                ));
                out.complete = false;
                return None;
            }
            let options = crate::deps::extract::pnpm_lock::yaml_options(file.text.len());
            match serde_saphyr::from_str_with_options::<serde_json::Value>(file.text, options) {
                Ok(v) => Some(v),
                Err(e) => {
                    let message = e.to_string();
                    let first = message.lines().next().unwrap_or("not valid YAML");
                    out.errors.push(FileError::new("practices", file.rel, format!("not valid YAML: {first}")));
                    out.complete = false;
                    None
                }
            }
        };
        match kind {
            KIND_WORKFLOW => {
                let lockfile = ["package-lock.json", "npm-shrinkwrap.json"].iter().any(|l| file.root.join(l).is_file());
                yaml(out)
                    .map(|d| ci::github_workflow(file.text, &d, lockfile, self.owner.as_deref()))
                    .unwrap_or_default()
            }
            KIND_GITLAB => yaml(out).map(|d| ci::gitlab_ci(file.text, &d)).unwrap_or_default(),
            KIND_CIRCLECI => yaml(out).map(|d| ci::circleci(file.text, &d)).unwrap_or_default(),
            KIND_JENKINS => ci::shell_lines(file.text),
            // a development container is a workstation, not a deployed image
            KIND_DOCKERFILE if file.rel.starts_with(".devcontainer/") || file.rel.contains("/.devcontainer/") => {
                Vec::new()
            }
            KIND_DOCKERFILE => files::dockerfile(file.text),
            KIND_GITIGNORE if file.rel == ".gitignore" => {
                files::gitignore_misses_env(file.root, file.text).into_iter().collect()
            }
            KIND_PACKAGE_JSON => files::package_without_lockfile(file.root, file.path, file.text)
                .into_iter()
                .chain(files::package_without_rate_limiter(file.text))
                .collect(),
            KIND_SQL => files::database_dump(file.text).into_iter().collect(),
            KIND_CREDENTIAL_STORE => files::committed_credential_file(file.rel, None).into_iter().collect(),
            KIND_CREDENTIAL_FILE => files::committed_credential_file(file.rel, Some(file.text)).into_iter().collect(),
            KIND_DJANGO_SETTINGS => django::settings(file.rel, file.path, file.text),
            _ => Vec::new(),
        }
    }
}

impl Analyzer for PracticesEngine {
    fn engine(&self) -> Engine {
        Engine::Practices
    }

    fn file_kinds(&self) -> Vec<FileKind> {
        KINDS.iter().map(|(name, names, paths)| FileKind { name, names, paths }).collect()
    }

    fn reads(&self, kind: usize) -> bool {
        kind != KIND_CREDENTIAL_STORE
    }

    fn analyze(&self, file: &SourceFile<'_>, kind: usize) -> FileOutput {
        let mut out = FileOutput::new(file.rel, kind);
        let hits = self.hits(file, kind, &mut out);
        for h in &hits {
            for &rule in self.by_detector.get(h.detector).map(Vec::as_slice).unwrap_or_default() {
                out.findings.push(self.finding(rule, file.rel, file.text, h));
            }
        }
        out
    }

    fn finish(&self, _root: &Path, files: Vec<FileOutput>) -> EngineOutput {
        let mut out = EngineOutput::default();
        for f in files {
            out.scanned.push(ScannedFile {
                file_path: f.rel.clone(),
                engine: Engine::Practices,
                kind: KINDS.get(f.kind).map_or("file", |k| k.0).into(),
                package_manager: None,
                packages: 0,
                complete: f.complete,
            });
            out.findings.extend(f.findings);
            out.errors.extend(f.errors);
        }
        out
    }
}
