//! One `Config` from, in order of precedence: command-line flags, the environment variables of §6.1,
//! `.secscan.toml`, and the defaults.
use crate::error::{Error, Result};
use crate::model::{Engine, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The OSV API used unless configured otherwise.
pub const DEFAULT_OSV_API_URL: &str = "https://api.osv.dev";
/// Where `db update` downloads `<Ecosystem>/all.zip` from.
pub const DEFAULT_OSV_DOWNLOAD_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";
/// Files larger than this are skipped with a warning (a lockfile of a very large monorepo is ~30 MB).
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

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
    pub quiet: bool,
    pub verbose: bool,
    /// External tools switched on (their §6.1 variable or `[tools]` key).
    pub tools: BTreeMap<String, bool>,
    /// A previous JSON report: gate only on issues not in it.
    pub baseline: Option<PathBuf>,
    /// The history database; `None` with --no-history.
    pub history_db: Option<PathBuf>,
    /// Gate only on issues not in the latest stored report of the same project and branch.
    pub new_only: bool,
    /// Where the configuration file was read from, if any.
    pub config_file: Option<PathBuf>,
}

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
    #[serde(default)]
    pub tools: BTreeMap<String, bool>,
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
    pub quiet: bool,
    pub verbose: bool,
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
        let (file, config_file) = match &flags.config {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| Error::config("--config", format!("{}: {e}", p.display())))?;
                (parse_file(&text, p)?, Some(p.clone()))
            }
            None => {
                let p = root.join(".secscan.toml");
                match std::fs::read_to_string(&p) {
                    Ok(text) => (parse_file(&text, &p)?, Some(p)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => (FileConfig::default(), None),
                    Err(e) => return Err(Error::config(p.display().to_string(), e.to_string())),
                }
            }
        };
        let base = config_file.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf).unwrap_or_else(|| root.clone());
        let resolve = |p: &PathBuf| {
            if p.is_absolute() {
                p.clone()
            } else {
                base.join(p)
            }
        };

        let enabled = env_bool(env, "SECURITY_SCANNER_ENABLED")?.or(file.scan.enabled).unwrap_or(true);
        let engines = match (&flags.engines, &file.scan.engines) {
            (Some(e), _) => parse_engines(e, "--engines")?,
            (None, Some(e)) => parse_engines(e, "scan.engines")?,
            (None, None) => crate::engine::available(),
        };
        let formats = match (&flags.formats, &file.scan.formats) {
            (Some(f), _) => parse_formats(f, "--format")?,
            (None, Some(f)) => parse_formats(f, "scan.formats")?,
            (None, None) => Vec::new(),
        };
        let out_dir = flags.out_dir.clone().or_else(|| file.scan.out_dir.as_ref().map(resolve));
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

        let block_critical =
            env_bool(env, "SECURITY_BLOCK_ON_CRITICAL")?.or(file.gates.block_on_critical).unwrap_or(true);
        let block_high = env_bool(env, "SECURITY_BLOCK_ON_HIGH")?.or(file.gates.block_on_high).unwrap_or(false);
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
            None => env_u32(env, "SECURITY_FAIL_SCORE_THRESHOLD")?.or(file.gates.fail_score_threshold).unwrap_or(70),
        };

        let osv_api_enabled = env_bool(env, "OSV_API_ENABLED")?.or(file.deps.osv_api_enabled).unwrap_or(true);
        let offline = flags.offline || file.deps.offline.unwrap_or(false);
        let include_dev = !flags.no_dev && file.deps.include_dev.unwrap_or(true);
        let osv_api_url = env
            .get("OSV_API_URL")
            .or_else(|| file.deps.osv_api_url.clone())
            .unwrap_or_else(|| DEFAULT_OSV_API_URL.to_string());
        let osv_download_url = env
            .get("OSV_DOWNLOAD_URL")
            .or_else(|| file.deps.osv_download_url.clone())
            .unwrap_or_else(|| DEFAULT_OSV_DOWNLOAD_URL.to_string());
        for (key, url) in [("deps.osv_api_url", &osv_api_url), ("deps.osv_download_url", &osv_download_url)] {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Error::config(key, format!("expected an http(s) URL, got '{url}'")));
            }
        }
        let advisory_db = flags
            .advisory_db
            .clone()
            .or_else(|| env.get("SECSCAN_ADVISORY_DB").map(PathBuf::from))
            .or_else(|| file.deps.advisory_db.as_ref().map(resolve))
            .unwrap_or_else(crate::deps::advisory::db::default_path);
        let advisory_dirs = file.deps.advisory_dirs.iter().map(resolve).collect();

        let mut tools = BTreeMap::new();
        for key in file.tools.keys() {
            let var = format!("{}_ENABLED", key.trim_end_matches("_enabled").to_ascii_uppercase());
            if !TOOL_VARIABLES.contains(&var.as_str()) {
                return Err(Error::config(format!("tools.{key}"), "unknown tool"));
            }
        }
        for var in TOOL_VARIABLES {
            let key = var.trim_end_matches("_ENABLED").to_ascii_lowercase();
            let file_value = file.tools.get(&key).or_else(|| file.tools.get(&format!("{key}_enabled"))).copied();
            if let Some(v) = env_bool(env, var)?.or(file_value) {
                tools.insert(key, v);
            }
        }

        let max_file_mb = file.scan.max_file_size_mb.unwrap_or(DEFAULT_MAX_FILE_MB);
        if max_file_mb == 0 {
            return Err(Error::config("scan.max_file_size_mb", "must be at least 1"));
        }
        let mut exclude = file.scan.exclude.clone();
        exclude.extend(flags.exclude.iter().cloned());

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
            allow_no_advisories: flags.allow_no_advisories || file.deps.allow_no_advisories.unwrap_or(false),
            include_dev,
            offline,
            osv_api_enabled,
            osv_api_url,
            osv_download_url,
            advisory_db,
            advisory_dirs,
            max_file_bytes: max_file_mb * 1024 * 1024,
            jobs: flags.jobs,
            quiet: flags.quiet,
            verbose: flags.verbose,
            tools,
            baseline: flags.baseline.clone(),
            history_db,
            new_only: flags.new_only,
            config_file,
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
