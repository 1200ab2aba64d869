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
use crate::model::{Engine, FileError, Finding, ScannedFile};
use crate::rules::{Match, Rule, RuleSet};
use ci::Hit;
use std::path::Path;

/// The checks of this engine that a `practices` rule can name (`match: { detector: { name } }`); a rule
/// naming another is refused when the rules load.
pub(crate) const NAMES: &[&str] = &[
    "api-no-rate-limiter",
    "ci-curl-pipe-shell",
    "ci-npm-install",
    "ci-secret-echoed",
    "ci-security-job-allowed-to-fail",
    "ci-unpinned-orb",
    "django-allowed-hosts-wildcard",
    "django-insecure-deploy-settings",
    "django-missing-security-middleware",
    "django-no-password-validators",
    "django-weak-password-hasher",
    "docker-add-remote",
    "docker-copy-secret",
    "docker-runs-as-root",
    "gha-excessive-permissions",
    "gha-persist-credentials",
    "gha-script-injection",
    "gha-secrets-inherit",
    "gha-self-hosted-pr",
    "gha-unpinned-action",
    "gha-untrusted-checkout",
    "repo-credential-file",
    "repo-database-dump",
    "repo-env-not-ignored",
];

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
    // the root's Python manifests: whether the project reads env files (a dotenv library)
    ("root-manifest", &[], &["requirements.txt", "requirements/base.txt", "Pipfile"]),
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
const KIND_ROOT_MANIFEST: usize = 11;

/// CI and settings files larger than this are not parsed (a warning names them).
const MAX_YAML_BYTES: usize = 2 * 1024 * 1024;

/// A rule's message with what was found here (the note a finding's description ends with).
fn here(message: &str, note: &str) -> String {
    format!("{message} Here: {}.", note.trim_end_matches('.'))
}

/// The engine.
pub struct PracticesEngine {
    rules: Vec<Rule>,
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
            rules.push(r.clone());
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
        let mut f = r.finding(Engine::Practices);
        f.title = format!("{} in {rel}", r.title);
        f.description = here(&f.description, &hit.note);
        f.file_path = Some(rel.to_string());
        f.line_number = Some(hit.line.max(1));
        let line = text.lines().nth(hit.line.saturating_sub(1) as usize).unwrap_or("").trim();
        if !line.is_empty() {
            f.snippet = Some(crate::report::text::truncate(line, 200));
        }
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
                if !files::has_env_files(file.root) {
                    out.facts.push("needs-dotenv".into());
                }
                files::gitignore_misses_env(file.root, file.text).into_iter().collect()
            }
            KIND_SQL => files::database_dump(file.text).into_iter().collect(),
            KIND_CREDENTIAL_STORE => files::committed_credential_file(file.rel, None).into_iter().collect(),
            KIND_CREDENTIAL_FILE => files::committed_credential_file(file.rel, Some(file.text)).into_iter().collect(),
            KIND_DJANGO_SETTINGS => django::settings(file.rel, file.path, file.text),
            _ => Vec::new(),
        }
    }
}

impl PracticesEngine {
    /// The ids of the rules that report a detector.
    fn rule_ids(&self, detector: &str) -> Vec<String> {
        self.by_detector.get(detector).map_or(Vec::new(), |r| r.iter().map(|&i| self.rules[i].id.clone()).collect())
    }

    /// A module of a Django settings package was judged alone: a setting it does not define may be defined
    /// by another module of the package (`base.py` beside `production.py`). Those "not set" items are taken
    /// out of its findings here, once every module has been read, and a finding left with none is dropped.
    fn settle_settings_packages(&self, files: &mut [FileOutput]) {
        let fact = |f: &FileOutput, prefix: &str| -> Vec<String> {
            f.facts.iter().filter_map(|x| x.strip_prefix(prefix)).map(str::to_string).collect()
        };
        let mut defined: std::collections::HashMap<String, std::collections::HashSet<String>> = Default::default();
        for f in files.iter() {
            for dir in fact(f, "package:") {
                defined.entry(dir).or_default().extend(fact(f, "defines:"));
            }
        }
        let detectors = ["django-insecure-deploy-settings", "django-no-password-validators"];
        for f in files.iter_mut() {
            let Some(names) = fact(f, "package:").first().and_then(|d| defined.get(d)) else { continue };
            f.findings.retain_mut(|finding| {
                let Some((detector, rule)) = detectors.iter().find_map(|d| {
                    self.by_detector.get(*d)?.iter().find(|&&i| self.rules[i].id == finding.rule_id).map(|&i| (*d, i))
                }) else {
                    return true;
                };
                let Some((_, note)) = finding.description.rsplit_once(" Here: ") else { return true };
                let items: Vec<String> = note
                    .trim_end_matches('.')
                    .split(", ")
                    .filter(|item| !names.iter().any(|n| *item == django::unset_item(detector, n)))
                    .map(str::to_string)
                    .collect();
                if items.is_empty() {
                    return false;
                }
                finding.description = here(self.rules[rule].message.trim(), &items.join(", "));
                true
            });
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
        // a root manifest tells finish() whether the project reads env files (a package.json is parsed once)
        let package =
            (kind == KIND_PACKAGE_JSON).then(|| serde_json::from_str::<serde_json::Value>(file.text).ok()).flatten();
        let dotenv = match &package {
            Some(doc) => file.rel == "package.json" && files::package_uses_dotenv(doc),
            None => kind == KIND_ROOT_MANIFEST && files::manifest_uses_dotenv(file.text),
        };
        if dotenv {
            out.facts.push("dotenv".into());
        }
        // a module of a Django settings package tells finish() which settings it defines
        if kind == KIND_DJANGO_SETTINGS {
            if let Some(dir) = django::package_of(file.rel) {
                out.facts.push(format!("package:{dir}"));
                out.facts.extend(django::defines(file.text).into_iter().map(|n| format!("defines:{n}")));
            }
        }
        let hits = match &package {
            Some(doc) => files::package_without_rate_limiter(doc, file.text).into_iter().collect(),
            None => self.hits(file, kind, &mut out),
        };
        for h in &hits {
            for &rule in self.by_detector.get(h.detector).map(Vec::as_slice).unwrap_or_default() {
                out.findings.push(self.finding(rule, file.rel, file.text, h));
            }
        }
        out
    }

    fn finish(&self, _root: &Path, mut files: Vec<FileOutput>) -> EngineOutput {
        self.settle_settings_packages(&mut files);
        // `.env` not ignored matters only in a project that reads env files
        if !files.iter().any(|f| f.facts.iter().any(|x| x == "dotenv")) {
            let ids = self.rule_ids("repo-env-not-ignored");
            for f in files.iter_mut().filter(|f| f.facts.iter().any(|x| x == "needs-dotenv")) {
                f.findings.retain(|x| !ids.contains(&x.rule_id));
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueType, Severity};

    fn output(rel: &str, kind: usize, rule: &str, facts: &[&str]) -> FileOutput {
        let mut out = FileOutput::new(rel, kind);
        out.findings.push(Finding::new(
            Engine::Practices,
            rule,
            IssueType::BestPracticeConfiguration,
            Severity::Low,
            "t".into(),
        ));
        out.facts = facts.iter().map(|f| f.to_string()).collect();
        out
    }

    /// What one file cannot know alone is settled in finish() from the other files' facts.
    #[test]
    fn settings_packages_are_settled_from_facts() {
        let set = RuleSet::load(&[]).expect("rules");
        let engine = PracticesEngine::new(&set, &[]);
        let message = engine.rules[engine.by_detector["django-insecure-deploy-settings"][0]].message.trim();
        let mut prod = output(
            "app/settings/production.py",
            KIND_DJANGO_SETTINGS,
            "django-insecure-deploy-settings",
            &["package:app/settings"],
        );
        prod.findings[0].description =
            format!("{message} Here: SESSION_COOKIE_SECURE not set, CSRF_COOKIE_SECURE not set.");
        let base = output(
            "app/settings/base.py",
            KIND_DJANGO_SETTINGS,
            "x",
            &["package:app/settings", "defines:SESSION_COOKIE_SECURE"],
        );
        let mut files = vec![prod, base];
        engine.settle_settings_packages(&mut files);
        assert_eq!(files[0].findings[0].description, format!("{message} Here: CSRF_COOKIE_SECURE not set."));
        files[1].facts.push("defines:CSRF_COOKIE_SECURE".into());
        engine.settle_settings_packages(&mut files);
        assert!(files[0].findings.is_empty(), "every item is defined in the package");
    }
}

#[cfg(test)]
mod names_tests {
    /// Every listed check is one the engine's sources report (its name appears there besides this list).
    #[test]
    fn every_listed_check_is_reported_somewhere() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("ci.rs"),
            include_str!("django.rs"),
            include_str!("expr.rs"),
            include_str!("files.rs"),
        ]
        .concat();
        for name in super::NAMES {
            let quoted = format!("\"{name}\"");
            assert!(sources.matches(quoted.as_str()).count() >= 2, "{name} is listed but never reported");
        }
    }
}
