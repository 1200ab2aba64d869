//! Command-line definitions (clap). The lists of formats and engines come from their registries, so a
//! new reporter or engine shows up in `--help` with no edit here.
use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "secscan",
    version,
    about = "Find what is insecure in a Python or Node.js repository, and block the merge when it matters",
    after_help = "Exit codes: 0 scan done and gates passed; 1 a gate failed; 2 usage, configuration or fatal error, \
                  or a scan that could not check what it should have."
)]
pub struct Cli {
    /// Print only warnings, the gate result and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more: per-stage timings, skipped files, what each advisory source did
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour in the terminal output (NO_COLOR turns it off in auto mode)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a repository
    Run(Box<RunArgs>),
    /// The local advisory database: import, download, status
    #[command(subcommand)]
    Db(DbCommand),
    /// Stored reports: list, show or re-render any of them, prune old ones
    #[command(subcommand)]
    Report(ReportCommand),
    /// Stored issues: list with filters, triage (set status)
    #[command(subcommand)]
    Issues(IssuesCommand),
    /// The current security score, and its history with --trend
    Score(ScoreArgs),
    /// The rule catalog of the code engine: list, or show one rule with its docs and examples
    #[command(subcommand)]
    Rules(RulesCommand),
    /// The secrets engine: write a baseline of the secrets found now
    #[command(subcommand)]
    Secrets(SecretsCommand),
    /// Take other tools' reports (bandit, semgrep, npm audit, …) as a report of their own: gates, history
    /// and every artifact as for a scan; the same as `run PATH --engines none --import FILE:FORMAT`
    Import(Box<ImportArgs>),
}

/// `secscan import FILE --from FORMAT [PATH]` (more reports with `--import FILE:FORMAT`).
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The report file; PATH is the repository it was made on (its paths are relative to it)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Their format
    #[arg(long, value_name = "FORMAT", value_parser = import_format_parser())]
    pub from: String,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Write the secrets found now (redacted, identified by salted hashes) to FILE; `run --baseline FILE`
    /// then gates only on new secrets
    Baseline {
        /// Where to write the baseline (JSON)
        file: PathBuf,
        /// The repository to scan
        #[arg(value_name = "PATH", default_value = ".")]
        path: PathBuf,
        /// Also scan the git history
        #[arg(long)]
        git_history: bool,
        /// Settings file (default: PATH/.secscan.toml)
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Glob of paths to skip (repeatable), relative to PATH
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
    },
}

/// Which rules: the embedded ones plus these folders.
#[derive(Debug, Args, Clone)]
pub struct RuleSource {
    /// A folder of rule files to add to the embedded rules (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules: id, language, OWASP category, CWE, severity, title
    List {
        /// Only rules of this language (python, javascript, typescript, sql, secrets, practices)
        #[arg(long, value_name = "LANGUAGE")]
        language: Option<String>,
        /// Only rules of this OWASP Top 10 2021 category (A03 or A03:2021)
        #[arg(long, value_name = "CATEGORY")]
        owasp: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: RuleSource,
    },
    /// Show one rule: what it finds, why it matters, a vulnerable example, the fix, references
    Show {
        /// The rule id
        id: String,
        #[command(flatten)]
        source: RuleSource,
    },
}

/// Which history database (shared by the commands that read it): the same one `run` writes.
#[derive(Debug, Args, Clone)]
pub struct HistoryArgs {
    /// The scanned repository whose history to read: its .secscan/history.db
    #[arg(value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
    /// The history database file (env SECSCAN_DB; default PATH/.secscan/history.db)
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

/// [`HistoryArgs`] as options, for commands whose positional arguments are taken (`set-status`).
#[derive(Debug, Args, Clone)]
pub struct HistoryOptions {
    /// The scanned repository whose history to use: its .secscan/history.db
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
    /// The history database file (env SECSCAN_DB; default PATH/.secscan/history.db)
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

impl From<HistoryOptions> for HistoryArgs {
    fn from(o: HistoryOptions) -> HistoryArgs {
        HistoryArgs { path: o.path, db: o.db }
    }
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// List stored reports, newest first
    List {
        #[command(flatten)]
        history: HistoryArgs,
        /// How many reports to list
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// How many of the newest reports to skip
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Render one stored report (its id from `report list`)
    Show {
        /// The report's id, as `report list` shows it
        id: i64,
        #[command(flatten)]
        output: RenderArgs,
    },
    /// Render the newest stored report
    Latest {
        #[command(flatten)]
        output: RenderArgs,
    },
    /// Delete stored reports (and their issues) older than a duration
    Prune {
        /// Age of the reports to delete, with a unit: 48h, 90d, 12w or 1y (at least 1h, at most 100y)
        #[arg(long, value_name = "DURATION")]
        older_than: String,
        /// Say what would be deleted, and delete nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        history: HistoryArgs,
    },
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Formats, comma-separated (default: table)
    #[arg(long, value_delimiter = ',', value_parser = format_parser())]
    pub format: Option<Vec<String>>,
    /// Folder for report files (default: the current folder)
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write the one machine-readable format to this file, or `-` for standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum IssuesCommand {
    /// List the issues of the latest report (or of --report), with filters
    List {
        #[command(flatten)]
        history: HistoryArgs,
        #[command(flatten)]
        filter: IssueFilterArgs,
        /// Print JSON lines instead of a table
        #[arg(long)]
        json: bool,
        /// How many issues to list
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// How many issues to skip (for paging)
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Triage: `set-status ID... STATUS`, or `set-status STATUS --severity low …` for every issue a filter lists
    SetStatus {
        /// The issues' ids (the short ids `issues list` and the reports show, or a unique prefix of one)
        /// followed by the status: open, in-progress, resolved, accepted-risk or false-positive. A status
        /// set on an issue applies to it in every later report.
        #[arg(value_name = "ID... STATUS", required = true, num_args = 1..)]
        args: Vec<String>,
        /// Why (kept with the issue, shown in every report)
        #[arg(long)]
        reason: Option<String>,
        /// For accepted-risk: the date (YYYY-MM-DD or RFC 3339) after which the issue counts again
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// Who sets it (default: the user name from the environment)
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        #[command(flatten)]
        history: HistoryOptions,
        #[command(flatten)]
        filter: IssueFilterArgs,
    },
}

#[derive(Debug, Args)]
pub struct IssueFilterArgs {
    /// critical, high, medium, low, info (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub severity: Vec<String>,
    /// The spec's issue types, any case, - or _: python-dependency, node-dependency, owasp-injection,
    /// best-practice-secrets, … (comma-separated)
    #[arg(long = "type", value_delimiter = ',')]
    pub issue_type: Vec<String>,
    /// open, in-progress, resolved, accepted-risk, false-positive (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Engines (comma-separated)
    #[arg(long, value_delimiter = ',', value_parser = engine_parser())]
    pub engine: Vec<String>,
    /// Only issues created at or after this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only issues created at or before this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Issues of this report (its id from `report list`) instead of the latest one
    #[arg(long, value_name = "REPORT-ID")]
    pub report: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Also show the score of every stored report, remediation progress and MTTR
    #[arg(long)]
    pub trend: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The repository to scan
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Report formats, comma-separated (default: table, plus json when there is an --out-dir)
    #[arg(long, value_delimiter = ',', value_parser = format_parser())]
    pub format: Option<Vec<String>>,
    /// Folder for report files (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write the one machine-readable format (json, sarif, junit, html) to this file, or `-` for standard
    /// output; the table and messages then go to standard error
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Engines to run, comma-separated (default: all; none: only --import reports)
    #[arg(long, value_delimiter = ',', value_parser = engine_parser())]
    pub engines: Option<Vec<String>>,
    /// Fail (exit 1) when an issue at or above this severity is found: critical, high, medium, low, info,
    /// or none (env SECURITY_BLOCK_ON_CRITICAL / SECURITY_BLOCK_ON_HIGH; default critical)
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Fail (exit 1) when the security score is below N, 0 to 100; 0 turns the score gate off
    /// (env SECURITY_FAIL_SCORE_THRESHOLD; default 70)
    #[arg(long, value_name = "N")]
    pub min_score: Option<u32>,
    /// Never use the network: advisories come from the local database and configured folders only
    #[arg(long)]
    pub offline: bool,
    /// The advisory database file (env SECSCAN_ADVISORY_DB; default in the user's cache folder)
    #[arg(long, value_name = "FILE")]
    pub advisory_db: Option<PathBuf>,
    /// Exit 2 when a file could not be read completely or an advisory source failed
    #[arg(long)]
    pub strict: bool,
    /// Accept a scan whose packages could not be checked because no advisory data was available (no
    /// local database, no record folder, no network); without it such a scan exits 2, never "passed"
    #[arg(long)]
    pub allow_no_advisories: bool,
    /// A previous JSON report (secscan-report.json): gates count only issues not in it
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The history database file (env SECSCAN_DB; default PATH/.secscan/history.db)
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Do not read or write the history database
    #[arg(long, conflicts_with = "db")]
    pub no_history: bool,
    /// Gate only on issues not in the latest stored report of the same project and branch
    #[arg(long, conflicts_with = "no_history")]
    pub new_only: bool,
    /// Leave development-only dependencies out
    #[arg(long)]
    pub no_dev: bool,
    /// Also scan every blob the current branch's git history introduced, for secrets
    #[arg(long)]
    pub git_history: bool,
    /// With the history scan: only commits not reachable from REF (a pull request's base)
    #[arg(long, value_name = "REF")]
    pub since: Option<String>,
    /// Push errors, warnings and a summary to Loki: loki://host:port or loki+https://host (env SECSCAN_LOG_SINK)
    #[arg(long, value_name = "URL", env = "SECSCAN_LOG_SINK")]
    pub log_sink: Option<String>,
    /// Take another tool's report into this one (repeatable): FILE:FORMAT, FORMAT one of sarif, bandit, semgrep,
    /// eslint, gitleaks, detect-secrets, npm-audit, yarn-audit, pnpm-audit, pip-audit, snyk, safety, trufflehog,
    /// sqlfluff
    #[arg(long = "import", value_name = "FILE:FORMAT")]
    pub imports: Vec<String>,
    /// Glob of paths to skip (repeatable), relative to PATH
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Worker threads, 1 to 256 (default: the number of cores)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// A folder of rule files to add to the embedded rules of the code engine (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Configuration file (default: PATH/.secscan.toml, unless --ignore-repo-config)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read the scanned repository's own .secscan.toml (env SECSCAN_IGNORE_REPO_CONFIG=true): for
    /// pipelines that scan pull requests, which could otherwise weaken their own scan
    #[arg(long)]
    pub ignore_repo_config: bool,
    /// Also list the issues marked accepted-risk or false-positive in the terminal table
    #[arg(long)]
    pub show_triaged: bool,
}

/// The advisory database and configuration of the `db` commands.
#[derive(Debug, Args, Clone)]
pub struct AdvisoryArgs {
    /// The advisory database file (env SECSCAN_ADVISORY_DB, then deps.advisory_db of the configuration;
    /// default in the user's cache folder): the one `run` reads
    #[arg(long, value_name = "FILE")]
    pub advisory_db: Option<PathBuf>,
    /// Configuration file (default: ./.secscan.toml, unless --ignore-repo-config)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read ./.secscan.toml (env SECSCAN_IGNORE_REPO_CONFIG=true)
    #[arg(long)]
    pub ignore_repo_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Load OSV records: an all.zip export, a folder of .json/.yaml records, or one record
    Import {
        /// all.zip, folder or file
        src: PathBuf,
        #[command(flatten)]
        advisory: AdvisoryArgs,
    },
    /// Download the OSV exports of the ecosystems (OSV_DOWNLOAD_URL) and import them
    Update {
        #[command(flatten)]
        advisory: AdvisoryArgs,
        /// Ecosystems to download, comma-separated
        #[arg(long, value_delimiter = ',', default_value = "PyPI,npm")]
        ecosystems: Vec<String>,
    },
    /// Counts per ecosystem and the newest record
    Status {
        #[command(flatten)]
        advisory: AdvisoryArgs,
    },
}

/// The `--format` values: the names of the registered reporters.
fn format_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(crate::config::formats())
}

/// The `import --from` values: the formats of the adapters.
fn import_format_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(crate::adapters::format_names())
}

/// The `--engines` values: the engines this build has.
fn engine_parser() -> PossibleValuesParser {
    // `none`: only other tools' reports (`--import`)
    PossibleValuesParser::new(crate::engine::available().into_iter().map(|e| e.cli_name()).chain(["none"]))
}
