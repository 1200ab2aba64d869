//! One `Config` from, in order of precedence: command-line flags, the environment variables of §6.1,
//! `.secscan.toml`, and the defaults.
use crate::error::{Error, Result};
use crate::model::{Engine, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The OSV API used unless configured otherwise.
pub const DEFAULT_OSV_API_URL: &str = "https://api.osv.dev";
/// Where `db update` downloads `<Ecosystem>/all.zip` from.
pub const DEFAULT_OSV_DOWNLOAD_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";
/// Files larger than this are skipped with a warning (a lockfile of a very large monorepo is ~30 MB).
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// `owner/name` of the `origin` remote in ROOT/.git/config (`git@host:owner/name.git`,
/// `https://host/owner/name`), read bounded; None when there is none.
fn origin_repository(root: &Path) -> Option<String> {
    let text = crate::engine::read_source(&root.join(".git").join("config"), 64 * 1024).ok()?;
    let mut in_origin = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_origin = line == "[remote \"origin\"]";
            continue;
        }
        let Some(url) = line.strip_prefix("url").map(str::trim_start).and_then(|l| l.strip_prefix('=')) else {
            continue;
        };
        if !in_origin {
            continue;
        }
        let url = url.trim().trim_end_matches('/').trim_end_matches(".git");
        let path = url.rsplit_once(':').filter(|_| !url.contains("://")).map_or(url, |(_, p)| p);
        let mut parts = path.rsplit('/');
        let (name, owner) = (parts.next()?, parts.next()?);
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        return (ok(owner) && ok(name)).then(|| format!("{owner}/{name}"));
    }
    None
}

/// How long an enabled external tool may run by default (seconds).
pub const DEFAULT_TOOL_TIMEOUT_SECS: u64 = 300;

/// External tools of the adapters, by their §6.1 variable.
pub const TOOL_VARIABLES: &[&str] = &[
    "PIP_AUDIT_ENABLED",
    "NPM_AUDIT_ENABLED",
    "SNYK_ENABLED",
    "SEMGREP_ENABLED",
    "BANDIT_ENABLED",
    "ESLINT_SECURITY_ENABLED",
    "DETECT_SECRETS_ENABLED",
    "GITLEAKS_ENABLED",
    "TRUFFLEHOG_ENABLED",
    // not a §6.1 variable: SQLFluff has its own key (`[tools] sqlfluff`, or SQLFLUFF_ENABLED)
    "SQLFLUFF_ENABLED",
    // Safety runs with SAFETY_API_KEY; its switch, like SQLFluff's, is its own key
    "SAFETY_ENABLED",
];

/// The resolved settings of a run.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    /// SECURITY_SCANNER_ENABLED; when false `run` exits 0 at once.
    pub enabled: bool,
    pub engines: Vec<Engine>,
    pub exclude: Vec<String>,
    /// Report formats: `table`, `json`.
    pub formats: Vec<String>,
    pub out_dir: Option<PathBuf>,
    /// Fail when an issue at or above this severity is present; `None`: never on severity.
    pub fail_on: Option<Severity>,
    /// Fail when the score is below this.
    pub min_score: u32,
    pub strict: bool,
    /// Accept a run in which packages could not be checked for lack of advisory data (by default such a
    /// run exits 2: a security gate fails closed).
    pub allow_no_advisories: bool,
    pub include_dev: bool,
    pub offline: bool,
    pub osv_api_enabled: bool,
    pub osv_api_url: String,
    pub osv_download_url: String,
    pub advisory_db: PathBuf,
    /// Directories/files of OSV records loaded at every scan (in addition to the database).
    pub advisory_dirs: Vec<PathBuf>,
    pub max_file_bytes: u64,
    pub jobs: Option<usize>,
    /// External tools switched on (their §6.1 variable or `[tools]` key).
    pub tools: BTreeMap<String, bool>,
    /// The tools the scanned repository's own `.secscan.toml` switched on (no environment variable
    /// decided): tools that run the repository's code are not run for it.
    pub tools_from_repo: std::collections::BTreeSet<String>,
    /// A previous JSON report: gate only on issues not in it.
    pub baseline: Option<PathBuf>,
    /// The history database; `None` with --no-history.
    pub history_db: Option<PathBuf>,
    /// Gate only on issues not in the latest stored report of the same project and branch.
    pub new_only: bool,
    /// Where the configuration file was read from, if any.
    pub config_file: Option<PathBuf>,
    /// What switched the scan off, in words (when `enabled` is false).
    pub disabled_by: Option<String>,
    /// Settings of the repository's own configuration file that weaken the scan (printed and recorded).
    pub relaxed: Vec<RelaxedSetting>,
    /// The repository's .secscan.toml exists and was ignored (--ignore-repo-config).
    pub ignored_repo_config: bool,
    /// Said when `--jobs` was capped.
    pub jobs_note: Option<String>,
    /// Folders of rule files added to the embedded rules (`--rules`, `rules.paths`).
    pub rule_dirs: Vec<PathBuf>,
    /// Rules switched off by id (`rules.disable`).
    pub disabled_rules: Vec<String>,
    /// The SQL dialect of `.sql` files (`code.sql_dialect`, default `generic`).
    pub sql_dialect: String,
    /// Scan the blobs of the git history too (`--git-history`, `secrets.git_history`).
    pub git_history: bool,
    /// Only the history not reachable from this ref (`--since REF`; implies the history scan).
    pub since: Option<String>,
    /// The salt of secret value hashes (`secrets.salt`; default: the built-in salt).
    pub secrets_salt: String,
    /// The scanned repository's `owner/name` on GitHub: GITHUB_REPOSITORY, else the `origin` remote of
    /// PATH/.git/config (reusable workflows of the same owner are not "another repository's").
    pub repository: Option<String>,
    /// Reports of other tools to take in (`--import FILE:FORMAT`).
    pub imports: Vec<(PathBuf, String)>,
    /// How long an enabled external tool may run (`SECSCAN_TOOL_TIMEOUT`, else `[tools] timeout`; seconds,
    /// default 300, at most 3600).
    pub tool_timeout_secs: u64,
    /// Per tool (`[tools] bandit_timeout = 600`), unless SECSCAN_TOOL_TIMEOUT is set.
    pub tool_timeouts: BTreeMap<String, u64>,
}

/// The most worker threads a scan starts (more only adds contention; `--jobs` above it is capped).
pub const MAX_JOBS: usize = 256;

/// The configuration file found in the scanned repository itself.
pub const REPO_CONFIG: &str = ".secscan.toml";

/// The score gate's default minimum.
pub const DEFAULT_MIN_SCORE: u32 = 70;

/// The largest configuration file read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Read a configuration file: a regular file, bounded.
fn read_config_file(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() || meta.len() > MAX_CONFIG_BYTES {
        return Err(std::io::Error::other(format!("not a regular file of at most {MAX_CONFIG_BYTES} bytes")));
    }
    let mut text = String::new();
    std::fs::File::open(path)?.take(MAX_CONFIG_BYTES).read_to_string(&mut text)?;
    Ok(text)
}

/// `path` when it stays inside `root` (which is canonical): `..` is resolved lexically, and the longest
/// part of it that exists is resolved through symbolic links, so a link out of the root is caught too.
fn confine(root: &Path, path: &Path) -> Option<PathBuf> {
    let mut lexical = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other.as_os_str()),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    let real = loop {
        match existing.canonicalize() {
            Ok(r) => break r,
            Err(_) => {
                rest.push(existing.file_name()?.to_owned());
                existing = existing.parent()?;
            }
        }
    };
    let mut full = real;
    for part in rest.iter().rev() {
        full.push(part);
    }
    full.starts_with(root).then_some(full)
}

/// Default location of the advisory database: `<user cache dir>/secscan/advisories.db`.
pub fn default_advisory_db() -> PathBuf {
    dirs::cache_dir().unwrap_or_else(std::env::temp_dir).join("secscan").join("advisories.db")
}

/// A setting of the repository's own configuration file that weakens the scan.
pub use crate::model::RelaxedSetting;

/// `.secscan.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub scan: ScanSection,
    #[serde(default)]
    pub gates: GatesSection,
    #[serde(default)]
    pub deps: DepsSection,
    /// `<tool> = true|false` switches, `timeout = N` (seconds, every tool) and `<tool>_timeout = N`.
    #[serde(default)]
    pub tools: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub rules: RulesSection,
    #[serde(default)]
    pub code: CodeSection,
    #[serde(default)]
    pub secrets: SecretsSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsSection {
    /// Scan every blob the git history introduced, as `--git-history` does.
    pub git_history: Option<bool>,
    /// The salt of the hashes that identify secret values (fingerprints, baselines); set a private one
    /// when reports are shared outside the team.
    pub salt: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSection {
    /// The SQL dialect `.sql` files are parsed in (sqlparser's names: generic, postgresql, mysql, mssql,
    /// sqlite, snowflake, bigquery, …).
    pub sql_dialect: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    /// Folders of rule files (`rules/<language>/<category>/<id>.yaml`) added to the embedded rules.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// Rule ids switched off.
    #[serde(default)]
    pub disable: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanSection {
    pub enabled: Option<bool>,
    pub engines: Option<Vec<String>>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub formats: Option<Vec<String>>,
    pub out_dir: Option<PathBuf>,
    pub strict: Option<bool>,
    pub max_file_size_mb: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatesSection {
    pub block_on_critical: Option<bool>,
    pub block_on_high: Option<bool>,
    pub fail_score_threshold: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepsSection {
    pub offline: Option<bool>,
    pub allow_no_advisories: Option<bool>,
    pub include_dev: Option<bool>,
    pub osv_api_enabled: Option<bool>,
    pub osv_api_url: Option<String>,
    pub osv_download_url: Option<String>,
    pub advisory_db: Option<PathBuf>,
    #[serde(default)]
    pub advisory_dirs: Vec<PathBuf>,
}

/// What the command line said (each `None`: not given).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub config: Option<PathBuf>,
    /// Do not read the scanned repository's own .secscan.toml (protected pipelines, pull requests).
    pub ignore_repo_config: bool,
    pub engines: Option<Vec<String>>,
    pub exclude: Vec<String>,
    pub formats: Option<Vec<String>>,
    pub out_dir: Option<PathBuf>,
    pub fail_on: Option<String>,
    pub min_score: Option<u32>,
    pub strict: bool,
    pub allow_no_advisories: bool,
    pub no_dev: bool,
    pub offline: bool,
    pub advisory_db: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub db: Option<PathBuf>,
    pub no_history: bool,
    pub new_only: bool,
    pub jobs: Option<usize>,
    /// Folders of extra rule files (`--rules DIR`).
    pub rules: Vec<PathBuf>,
    /// `--git-history`.
    pub git_history: bool,
    /// `--since REF`.
    pub since: Option<String>,
    /// `--import FILE:FORMAT` (repeatable).
    pub imports: Vec<String>,
}

/// A source of environment variables (the process environment, or a map in tests).
pub trait Env {
    fn get(&self, key: &str) -> Option<String>;
}

/// The real process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.trim().is_empty())
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, key: &str) -> Option<String> {
        BTreeMap::get(self, key).cloned()
    }
}

fn env_bool(env: &dyn Env, key: &str) -> Result<Option<bool>> {
    match env.get(key) {
        None => Ok(None),
        Some(v) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" => Ok(Some(false)),
            _ => Err(Error::config(key, format!("expected true or false, got '{v}'"))),
        },
    }
}

fn env_u32(env: &dyn Env, key: &str) -> Result<Option<u32>> {
    match env.get(key) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 100)
            .map(Some)
            .ok_or_else(|| Error::config(key, format!("expected a whole number from 0 to 100, got '{v}'"))),
    }
}

/// Parse `.secscan.toml` text; unknown keys and bad values are errors naming the key.
pub fn parse_file(text: &str, path: &Path) -> Result<FileConfig> {
    toml::from_str(text).map_err(|e| {
        let msg = e.message().to_string();
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let key = match line {
            Some(l) => format!("{} line {l}", path.display()),
            None => path.display().to_string(),
        };
        Error::config(key, msg)
    })
}

fn parse_engines(list: &[String], key: &str) -> Result<Vec<Engine>> {
    let available = crate::engine::available();
    let names = || available.iter().map(|e| e.cli_name()).collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    // `none`: no engine of secscan's own (a report made only of other tools' reports, `--import`)
    if list.iter().flat_map(|s| s.split(',')).map(str::trim).any(|s| s.eq_ignore_ascii_case("none")) {
        return Ok(Vec::new());
    }
    for item in list.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        let lower = item.to_ascii_lowercase();
        let engine = match Engine::ALL.iter().find(|e| e.cli_name() == lower) {
            Some(e) if available.contains(e) => *e,
            Some(_) => {
                return Err(Error::config(
                    key,
                    format!("the {lower} engine is not part of this version yet (available: {})", names()),
                ))
            }
            None => return Err(Error::config(key, format!("unknown engine '{item}' (available: {})", names()))),
        };
        if !out.contains(&engine) {
            out.push(engine);
        }
    }
    if out.is_empty() {
        return Err(Error::config(key, "no engine selected"));
    }
    Ok(out)
}

/// Report formats this version writes: the names of [`crate::report::REPORTERS`].
pub fn formats() -> Vec<&'static str> {
    crate::report::REPORTERS.iter().map(|r| r.name()).collect()
}

fn parse_formats(list: &[String], key: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for item in list.iter().flat_map(|s| s.split(',')).map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty())
    {
        let known = formats();
        if !known.contains(&item.as_str()) {
            return Err(Error::config(key, format!("unknown format '{item}' (available: {})", known.join(", "))));
        }
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

fn parse_fail_on(v: &str) -> Result<Option<Severity>> {
    match v.trim().to_ascii_lowercase().as_str() {
        "none" | "never" => Ok(None),
        other => other.parse::<Severity>().map(Some).map_err(|_| {
            Error::config("--fail-on", format!("expected critical, high, medium, low, info or none, got '{v}'"))
        }),
    }
}

impl Config {
    /// Resolve the configuration of a scan of `root`.
    pub fn load(root: &Path, flags: &Flags, env: &dyn Env) -> Result<Config> {
        let root = root.canonicalize().map_err(|e| Error::io(root, format!("cannot scan: {e}")))?;
        if !root.is_dir() {
            return Err(Error::io(&root, "not a directory"));
        }
        // The repository's own .secscan.toml is attacker-controlled input (a pull request can change it): a
        // protected pipeline ignores it, its paths must stay inside the root, and whatever in it weakens
        // the scan is recorded. A file given with --config comes from whoever runs secscan: trusted.
        let ignore_repo_config =
            flags.ignore_repo_config || env_bool(env, "SECSCAN_IGNORE_REPO_CONFIG")?.unwrap_or(false);
        let repo_file = root.join(REPO_CONFIG);
        let (file, config_file, from_repo) = match &flags.config {
            Some(p) => {
                let text =
                    read_config_file(p).map_err(|e| Error::config("--config", format!("{}: {e}", p.display())))?;
                (parse_file(&text, p)?, Some(p.clone()), false)
            }
            None if ignore_repo_config => (FileConfig::default(), None, false),
            None => match read_config_file(&repo_file) {
                Ok(text) => (parse_file(&text, Path::new(REPO_CONFIG))?, Some(repo_file.clone()), true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => (FileConfig::default(), None, false),
                Err(e) => return Err(Error::config(REPO_CONFIG, e.to_string())),
            },
        };
        let ignored_repo_config = ignore_repo_config && flags.config.is_none() && repo_file.exists();
        let base = config_file.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf).unwrap_or_else(|| root.clone());
        let resolve_in = |key: &str, p: &PathBuf| -> Result<PathBuf> {
            let joined = if p.is_absolute() { p.clone() } else { base.join(p) };
            if from_repo {
                confine(&root, &joined).ok_or_else(|| {
                    Error::config(
                        format!("{REPO_CONFIG}: {key}"),
                        format!(
                            "'{}' is outside the scanned repository; paths in the repository's own configuration \
                             must stay inside it (give other paths with a flag, an environment variable or --config)",
                            p.display()
                        ),
                    )
                })
            } else {
                Ok(joined)
            }
        };
        // settings of the repository's file that weaken the scan, when they take effect
        let mut relaxed: Vec<RelaxedSetting> = Vec::new();
        let mut relax = |key: &str, value: String, message: &str| {
            if from_repo {
                relaxed.push(RelaxedSetting { key: key.to_string(), value, message: message.to_string() });
            }
        };

        let env_enabled = env_bool(env, "SECURITY_SCANNER_ENABLED")?;
        let enabled = env_enabled.or(file.scan.enabled).unwrap_or(true);
        let disabled_by = match (env_enabled, file.scan.enabled) {
            (Some(false), _) => Some("the SECURITY_SCANNER_ENABLED environment variable".to_string()),
            (None, Some(false)) if from_repo => {
                relax("scan.enabled", "false".into(), "switches the scan off");
                Some(format!("the repository's {REPO_CONFIG} (scan.enabled = false)"))
            }
            (None, Some(false)) => Some(format!(
                "{} (scan.enabled = false)",
                config_file.as_deref().map(|p| p.display().to_string()).unwrap_or_default()
            )),
            _ => None,
        };
        let engines = match (&flags.engines, &file.scan.engines) {
            (Some(e), _) => parse_engines(e, "--engines")?,
            (None, Some(e)) => {
                let chosen = parse_engines(e, "scan.engines")?;
                let dropped: Vec<&str> = crate::engine::available()
                    .into_iter()
                    .filter(|x| !chosen.contains(x))
                    .map(|x| x.cli_name())
                    .collect();
                if !dropped.is_empty() {
                    relax("scan.engines", e.join(","), &format!("turns off the {} engine(s)", dropped.join(", ")));
                }
                chosen
            }
            (None, None) => crate::engine::available(),
        };
        let formats = match (&flags.formats, &file.scan.formats) {
            (Some(f), _) => parse_formats(f, "--format")?,
            (None, Some(f)) => parse_formats(f, "scan.formats")?,
            (None, None) => Vec::new(),
        };
        let out_dir = match (&flags.out_dir, &file.scan.out_dir) {
            (Some(d), _) => Some(d.clone()),
            (None, Some(d)) => Some(resolve_in("scan.out_dir", d)?),
            (None, None) => None,
        };
        let formats = if formats.is_empty() {
            // default: the table on stdout, plus the JSON report when there is somewhere to write it
            if out_dir.is_some() {
                vec!["table".to_string(), "json".to_string()]
            } else {
                vec!["table".to_string()]
            }
        } else {
            formats
        };

        let env_block_critical = env_bool(env, "SECURITY_BLOCK_ON_CRITICAL")?;
        let block_critical = env_block_critical.or(file.gates.block_on_critical).unwrap_or(true);
        let block_high = env_bool(env, "SECURITY_BLOCK_ON_HIGH")?.or(file.gates.block_on_high).unwrap_or(false);
        if flags.fail_on.is_none()
            && env_block_critical.is_none()
            && file.gates.block_on_critical == Some(false)
            && !block_high
        {
            relax("gates.block_on_critical", "false".into(), "lets critical issues pass the gate");
        }
        let fail_on = match &flags.fail_on {
            Some(v) => parse_fail_on(v)?,
            None if block_high => Some(Severity::High),
            None if block_critical => Some(Severity::Critical),
            None => None,
        };
        if let Some(t) = file.gates.fail_score_threshold {
            if t > 100 {
                return Err(Error::config("gates.fail_score_threshold", format!("expected 0 to 100, got {t}")));
            }
        }
        let min_score = match flags.min_score {
            Some(n) if n > 100 => return Err(Error::config("--min-score", format!("expected 0 to 100, got {n}"))),
            Some(n) => n,
            None => match env_u32(env, "SECURITY_FAIL_SCORE_THRESHOLD")? {
                Some(n) => n,
                None => {
                    let n = file.gates.fail_score_threshold.unwrap_or(DEFAULT_MIN_SCORE);
                    if n < DEFAULT_MIN_SCORE {
                        relax(
                            "gates.fail_score_threshold",
                            n.to_string(),
                            &format!("lowers the score gate from {DEFAULT_MIN_SCORE} to {n}"),
                        );
                    }
                    n
                }
            },
        };

        let osv_api_enabled = env_bool(env, "OSV_API_ENABLED")?.or(file.deps.osv_api_enabled).unwrap_or(true);
        let offline = flags.offline || file.deps.offline.unwrap_or(false);
        let include_dev = !flags.no_dev && file.deps.include_dev.unwrap_or(true);
        if !flags.no_dev && file.deps.include_dev == Some(false) {
            relax("deps.include_dev", "false".into(), "leaves development dependencies unchecked");
        }
        let osv_api_url = match (env.get("OSV_API_URL"), &file.deps.osv_api_url) {
            (Some(u), _) => u,
            (None, Some(u)) => {
                relax(
                    "deps.osv_api_url",
                    u.clone(),
                    "sends the package list to, and takes advisories from, this server",
                );
                u.clone()
            }
            (None, None) => DEFAULT_OSV_API_URL.to_string(),
        };
        let osv_download_url = match (env.get("OSV_DOWNLOAD_URL"), &file.deps.osv_download_url) {
            (Some(u), _) => u,
            (None, Some(u)) => {
                relax("deps.osv_download_url", u.clone(), "takes the advisory database (db update) from this server");
                u.clone()
            }
            (None, None) => DEFAULT_OSV_DOWNLOAD_URL.to_string(),
        };
        for (key, url) in [("deps.osv_api_url", &osv_api_url), ("deps.osv_download_url", &osv_download_url)] {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Error::config(key, format!("expected an http(s) URL, got '{url}'")));
            }
        }
        let advisory_db = flags
            .advisory_db
            .clone()
            .or_else(|| env.get("SECSCAN_ADVISORY_DB").map(PathBuf::from))
            .map(Ok)
            .or_else(|| file.deps.advisory_db.as_ref().map(|p| resolve_in("deps.advisory_db", p)))
            .transpose()?
            .unwrap_or_else(default_advisory_db);
        let advisory_dirs =
            file.deps.advisory_dirs.iter().map(|p| resolve_in("deps.advisory_dirs", p)).collect::<Result<Vec<_>>>()?;

        let mut tools = BTreeMap::new();
        // seconds an external tool may run: 1 to 3600
        let seconds = |key: &str, v: &toml::Value| -> Result<u64> {
            v.as_integer()
                .and_then(|n| u64::try_from(n).ok())
                .filter(|n| (1..=3600).contains(n))
                .ok_or_else(|| Error::config(key, "seconds from 1 to 3600"))
        };
        let known = |stem: &str| TOOL_VARIABLES.contains(&format!("{}_ENABLED", stem.to_ascii_uppercase()).as_str());
        let mut tool_timeouts = BTreeMap::new();
        let mut file_timeout = None;
        let mut switches: BTreeMap<String, bool> = BTreeMap::new();
        for (key, value) in &file.tools {
            let field = format!("tools.{key}");
            if key == "timeout" {
                file_timeout = Some(seconds(&field, value)?);
            } else if let Some(stem) = key.strip_suffix("_timeout").filter(|s| known(s)) {
                tool_timeouts.insert(stem.to_string(), seconds(&field, value)?);
            } else if known(key.trim_end_matches("_enabled")) {
                let on = value.as_bool().ok_or_else(|| Error::config(&field, "expected true or false"))?;
                switches.insert(key.trim_end_matches("_enabled").to_string(), on);
            } else {
                return Err(Error::config(field, "unknown tool"));
            }
        }
        let mut tools_from_repo = std::collections::BTreeSet::new();
        for var in TOOL_VARIABLES {
            let key = var.trim_end_matches("_ENABLED").to_ascii_lowercase();
            let from_env = env_bool(env, var)?;
            if from_env.is_none() && from_repo && switches.get(&key) == Some(&true) {
                tools_from_repo.insert(key.clone());
            }
            if let Some(v) = from_env.or(switches.get(&key).copied()) {
                tools.insert(key, v);
            }
        }
        // the pipeline's SECSCAN_TOOL_TIMEOUT wins over the file, for every tool
        let env_timeout = match env.get("SECSCAN_TOOL_TIMEOUT") {
            None => None,
            Some(v) => Some(
                v.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=3600).contains(n))
                    .ok_or_else(|| Error::config("SECSCAN_TOOL_TIMEOUT", "seconds from 1 to 3600"))?,
            ),
        };
        if env_timeout.is_some() {
            tool_timeouts.clear();
        }
        let tool_timeout_secs = env_timeout.or(file_timeout).unwrap_or(DEFAULT_TOOL_TIMEOUT_SECS);

        let max_file_mb = file.scan.max_file_size_mb.unwrap_or(DEFAULT_MAX_FILE_MB);
        if max_file_mb == 0 {
            return Err(Error::config("scan.max_file_size_mb", "must be at least 1"));
        }
        let mut exclude = file.scan.exclude.clone();
        if !exclude.is_empty() {
            relax("scan.exclude", exclude.join(", "), "keeps these paths out of the scan");
        }
        exclude.extend(flags.exclude.iter().cloned());
        let allow_no_advisories = flags.allow_no_advisories || {
            let from_file = file.deps.allow_no_advisories.unwrap_or(false);
            if from_file {
                relax(
                    "deps.allow_no_advisories",
                    "true".into(),
                    "accepts a run in which no advisory data was available",
                );
            }
            from_file
        };

        let (jobs, jobs_note) = match flags.jobs {
            Some(0) => return Err(Error::config("--jobs", "must be at least 1")),
            Some(n) if n > MAX_JOBS => (Some(MAX_JOBS), Some(format!("--jobs {n} is capped to {MAX_JOBS} threads"))),
            other => (other, None),
        };
        let mut rule_dirs =
            file.rules.paths.iter().map(|p| resolve_in("rules.paths", p)).collect::<Result<Vec<_>>>()?;
        rule_dirs.extend(flags.rules.iter().cloned());
        let disabled_rules = file.rules.disable.clone();
        if !disabled_rules.is_empty() {
            relax("rules.disable", disabled_rules.join(", "), "switches these rules off");
        }
        let sql_dialect = file.code.sql_dialect.clone().unwrap_or_else(|| "generic".to_string());
        if sqlparser::dialect::dialect_from_str(&sql_dialect).is_none() {
            return Err(Error::config(
                "code.sql_dialect",
                "is not a known SQL dialect (generic, ansi, postgresql, mysql, mssql, sqlite, snowflake, bigquery, \
                 redshift, hive, clickhouse, duckdb, databricks)",
            ));
        }
        let history_db = if flags.no_history {
            None
        } else {
            Some(
                flags
                    .db
                    .clone()
                    .or_else(|| env.get("SECSCAN_DB").map(PathBuf::from))
                    .unwrap_or_else(|| root.join(".secscan").join("history.db")),
            )
        };
        if engines.is_empty() && flags.imports.is_empty() {
            return Err(Error::config("--engines", "none: no engine and no --import report; nothing would be checked"));
        }
        let repository = env.get("GITHUB_REPOSITORY").filter(|r| r.contains('/')).or_else(|| origin_repository(&root));
        Ok(Config {
            root,
            enabled,
            engines,
            exclude,
            formats,
            out_dir,
            fail_on,
            min_score,
            strict: flags.strict || file.scan.strict.unwrap_or(false),
            allow_no_advisories,
            include_dev,
            offline,
            osv_api_enabled,
            osv_api_url,
            osv_download_url,
            advisory_db,
            advisory_dirs,
            max_file_bytes: max_file_mb * 1024 * 1024,
            jobs,
            tools,
            tools_from_repo,
            baseline: flags.baseline.clone(),
            history_db,
            new_only: flags.new_only,
            config_file,
            disabled_by,
            relaxed,
            ignored_repo_config,
            jobs_note,
            rule_dirs,
            disabled_rules,
            sql_dialect,
            git_history: flags.git_history || file.secrets.git_history.unwrap_or(false),
            since: flags.since.clone(),
            secrets_salt: file.secrets.salt.clone().unwrap_or_else(|| crate::secrets::DEFAULT_SALT.to_string()),
            repository,
            tool_timeout_secs,
            tool_timeouts,
            imports: flags
                .imports
                .iter()
                .map(|s| crate::adapters::parse_spec(s).map_err(|m| Error::config("--import", m)))
                .collect::<Result<Vec<_>>>()?,
        })
    }

    /// Whether the OSV API may be used.
    pub fn online(&self) -> bool {
        !self.offline && self.osv_api_enabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn root_with(toml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(".secscan.toml"), toml).expect("write");
        dir
    }

    #[test]
    fn the_origin_remote_names_the_repository() {
        let dir = tempfile::tempdir().expect("tmp");
        let git = dir.path().join(".git");
        std::fs::create_dir_all(&git).expect("mkdir");
        let config = |text: &str| {
            std::fs::write(git.join("config"), text).expect("write");
            origin_repository(dir.path())
        };
        assert_eq!(
            config("[remote \"upstream\"]\n\turl = https://host.example/up/x\n[remote \"origin\"]\n\turl = git@host.example:acme/shop.git\n"),
            Some("acme/shop".to_string())
        );
        assert_eq!(config("[remote \"origin\"]\n\turl = https://host.example/acme/shop/\n"), Some("acme/shop".into()));
        assert_eq!(config("[remote \"origin\"]\n\turl = https://host.example/a b/\u{1b}[31m\n"), None);
        assert_eq!(config("[core]\n\tbare = false\n"), None);
    }

    #[test]
    fn defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Config::load(dir.path(), &Flags::default(), &env(&[])).expect("config");
        assert_eq!(c.fail_on, Some(Severity::Critical));
        assert_eq!(c.min_score, 70);
        assert!(c.enabled && c.include_dev && c.online());
        assert_eq!(c.formats, vec!["table"]);
    }

    #[test]
    fn flags_beat_env_beat_file() {
        let dir =
            root_with("[gates]\nblock_on_high = false\nfail_score_threshold = 50\n[deps]\nosv_api_enabled = true\n");
        let c = Config::load(dir.path(), &Flags::default(), &env(&[])).expect("file");
        assert_eq!((c.fail_on, c.min_score, c.osv_api_enabled), (Some(Severity::Critical), 50, true));
        let e = env(&[
            ("SECURITY_BLOCK_ON_HIGH", "true"),
            ("SECURITY_FAIL_SCORE_THRESHOLD", "60"),
            ("OSV_API_ENABLED", "false"),
        ]);
        let c = Config::load(dir.path(), &Flags::default(), &e).expect("env");
        assert_eq!((c.fail_on, c.min_score, c.osv_api_enabled), (Some(Severity::High), 60, false));
        let flags = Flags { fail_on: Some("medium".into()), min_score: Some(90), ..Flags::default() };
        let c = Config::load(dir.path(), &flags, &e).expect("flags");
        assert_eq!((c.fail_on, c.min_score), (Some(Severity::Medium), 90));
        let flags = Flags { fail_on: Some("none".into()), ..Flags::default() };
        assert_eq!(Config::load(dir.path(), &flags, &e).expect("none").fail_on, None);
    }

    #[test]
    fn block_on_critical_false_disables_the_severity_gate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c =
            Config::load(dir.path(), &Flags::default(), &env(&[("SECURITY_BLOCK_ON_CRITICAL", "false")])).expect("c");
        assert_eq!(c.fail_on, None);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        let dir = root_with("[deps]\nofline = true\n");
        let err = Config::load(dir.path(), &Flags::default(), &env(&[])).expect_err("unknown key").to_string();
        assert!(err.contains("ofline") && err.contains("line 2"), "{err}");
        let dir = root_with("[gates]\nblock_on_high = \"yes\"\n");
        let err = Config::load(dir.path(), &Flags::default(), &env(&[])).expect_err("bad type").to_string();
        assert!(err.contains("block_on_high") || err.contains("line 2"), "{err}");
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Config::load(dir.path(), &Flags::default(), &env(&[("SECURITY_BLOCK_ON_HIGH", "maybe")]))
            .expect_err("bad env")
            .to_string();
        assert!(err.contains("SECURITY_BLOCK_ON_HIGH"), "{err}");
        let err = Config::load(dir.path(), &Flags::default(), &env(&[("SECURITY_FAIL_SCORE_THRESHOLD", "101")]))
            .expect_err("range")
            .to_string();
        assert!(err.contains("SECURITY_FAIL_SCORE_THRESHOLD"), "{err}");
        let flags = Flags { engines: Some(vec!["deps,bogus".into()]), ..Flags::default() };
        let err = Config::load(dir.path(), &flags, &env(&[])).expect_err("engine").to_string();
        assert!(err.contains("--engines") && err.contains("bogus"), "{err}");
        let dir = root_with("[tools]\nfoo = true\n");
        let err = Config::load(dir.path(), &Flags::default(), &env(&[])).expect_err("tool").to_string();
        assert!(err.contains("tools.foo"), "{err}");
        let dir = root_with("[code]\nsql_dialect = \"oracle9\"\n");
        let err = Config::load(dir.path(), &Flags::default(), &env(&[])).expect_err("dialect").to_string();
        assert!(err.contains("code.sql_dialect"), "{err}");
        let dir = root_with("[code]\nsql_dialect = \"postgresql\"\n");
        let c = Config::load(dir.path(), &Flags::default(), &env(&[])).expect("dialect");
        assert_eq!(c.sql_dialect, "postgresql");
    }

    #[test]
    fn paths_in_the_file_are_relative_to_it() {
        let dir = root_with("[deps]\nadvisory_dirs = [\"osv\"]\nadvisory_db = \"db/a.db\"\n");
        let c = Config::load(dir.path(), &Flags::default(), &env(&[])).expect("config");
        let root = dir.path().canonicalize().expect("canon");
        assert_eq!(c.advisory_dirs, vec![root.join("osv")]);
        assert_eq!(c.advisory_db, root.join("db/a.db"));
    }
}
