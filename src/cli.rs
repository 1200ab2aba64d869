//! Command-line definitions (clap).
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "secscan",
    version,
    about = "Find what is insecure in a Python or Node.js repository, and block the merge when it matters",
    after_help = "Exit codes: 0 scan done and gates passed; 1 a gate failed; 2 usage, configuration or fatal error."
)]
pub struct Cli {
    /// Print only warnings and the result
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more detail
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a repository
    Run(RunArgs),
    /// Manage the local advisory database (and prune the history)
    #[command(subcommand)]
    Db(DbCommand),
    /// Stored reports: list, show or re-render any of them
    #[command(subcommand)]
    Report(ReportCommand),
    /// Stored issues: list with filters, triage (set status)
    #[command(subcommand)]
    Issues(IssuesCommand),
    /// The current security score, and its history with --trend
    Score(ScoreArgs),
}

/// Where the history database is (shared by the commands that read it).
#[derive(Debug, Args, Clone)]
pub struct HistoryArgs {
    /// The history database (default: .secscan/history.db in the current folder)
    #[arg(long, value_name = "FILE", default_value = ".secscan/history.db")]
    pub db: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// List stored reports, newest first
    List {
        #[command(flatten)]
        history: HistoryArgs,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Render one stored report
    Show {
        id: i64,
        #[command(flatten)]
        output: RenderArgs,
    },
    /// Render the newest stored report
    Latest {
        #[command(flatten)]
        output: RenderArgs,
    },
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Formats, comma-separated (default: table)
    #[arg(long, value_delimiter = ',')]
    pub format: Option<Vec<String>>,
    /// Folder for report files
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum IssuesCommand {
    /// List issues of the latest report of each project (or of --report), with filters
    List {
        #[command(flatten)]
        filter: IssueFilterArgs,
        /// Print JSON lines instead of a table
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Set the status of issues: `set-status ID... STATUS`, or `set-status STATUS --severity low …` (bulk)
    SetStatus {
        /// Issue ids (from `issues list`) then the status: open | in-progress | resolved | accepted-risk |
        /// false-positive. With no ids, every issue matching the filter options gets the status.
        #[arg(value_name = "ID... STATUS", required = true, num_args = 1..)]
        args: Vec<String>,
        /// Why (kept with the issue and carried to later reports)
        #[arg(long)]
        reason: Option<String>,
        /// For accepted risk: the date (YYYY-MM-DD or RFC 3339) after which the issue counts again
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        #[command(flatten)]
        filter: IssueFilterArgs,
    },
}

#[derive(Debug, Args)]
pub struct IssueFilterArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// critical | high | medium | low | info (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub severity: Vec<String>,
    /// Issue type, the spec's values in any case with - or _: python-dependency, node-dependency,
    /// owasp-injection, best-practice-secrets, … (comma-separated)
    #[arg(long = "type", value_delimiter = ',')]
    pub issue_type: Vec<String>,
    /// open | in-progress | resolved | accepted-risk | false-positive (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// deps | code | secrets | practices
    #[arg(long, value_delimiter = ',')]
    pub engine: Vec<String>,
    /// Only issues created at or after this date (YYYY-MM-DD or RFC 3339)
    #[arg(long)]
    pub since: Option<String>,
    /// Only issues created before this date
    #[arg(long)]
    pub until: Option<String>,
    /// Issues of this report id instead of the latest report of each project
    #[arg(long)]
    pub report: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Show the score of every stored report, remediation progress and MTTR
    #[arg(long)]
    pub trend: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The repository to scan
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Report formats, comma-separated: table, json (default: table, plus json with --out-dir)
    #[arg(long, value_delimiter = ',')]
    pub format: Option<Vec<String>>,
    /// Folder for report files (created if missing)
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
    /// Engines to run, comma-separated (this version: deps)
    #[arg(long, value_delimiter = ',')]
    pub engines: Option<Vec<String>>,
    /// Fail (exit 1) when an issue at or above this severity is found: critical|high|medium|low|info|none
    #[arg(long)]
    pub fail_on: Option<String>,
    /// Fail (exit 1) when the security score is below N (0 disables)
    #[arg(long, value_name = "N")]
    pub min_score: Option<u32>,
    /// Never use the network: advisories come from the local database and configured folders only
    #[arg(long)]
    pub offline: bool,
    /// The advisory database file (default: in the user's cache folder)
    #[arg(long, value_name = "FILE")]
    pub advisory_db: Option<PathBuf>,
    /// Exit 2 when a file could not be read or advisory data was unavailable
    #[arg(long)]
    pub strict: bool,
    /// Accept a scan whose packages could not be checked because no advisory data was available
    /// (no local database, no record folder, no network). Without it such a scan exits 2, never "passed".
    #[arg(long)]
    pub allow_no_advisories: bool,
    /// A previous JSON report (secscan-report.json): gates count only issues that are not in it
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The history database (default: PATH/.secscan/history.db)
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
    /// Glob of paths to skip (repeatable), relative to PATH
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Worker threads (default: the number of cores)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Configuration file (default: PATH/.secscan.toml)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read the scanned repository's own .secscan.toml (env SECSCAN_IGNORE_REPO_CONFIG=true):
    /// for pipelines that scan pull requests, which could otherwise weaken their own scan
    #[arg(long)]
    pub ignore_repo_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Load OSV records: an all.zip export, a folder of .json/.yaml records, or one record
    Import {
        /// all.zip, folder or file
        src: PathBuf,
        #[arg(long, value_name = "FILE")]
        advisory_db: Option<PathBuf>,
    },
    /// Download the PyPI and npm all.zip exports and import them
    Update {
        #[arg(long, value_name = "FILE")]
        advisory_db: Option<PathBuf>,
        /// Ecosystems to download, comma-separated
        #[arg(long, value_delimiter = ',', default_value = "PyPI,npm")]
        ecosystems: Vec<String>,
    },
    /// Counts per ecosystem and the newest record
    Status {
        #[arg(long, value_name = "FILE")]
        advisory_db: Option<PathBuf>,
    },
    /// Delete stored reports (and their issues) older than a duration, from the history database
    Prune {
        /// e.g. 365d, 12w, 1y, 48h
        #[arg(long, value_name = "DURATION", default_value = "365d")]
        older_than: String,
        #[command(flatten)]
        history: HistoryArgs,
    },
}
