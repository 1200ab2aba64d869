//! The history database: every saved scan of every project, its report and its issues, in one SQLite
//! file (by default `.secscan/history.db` under the scanned root; the caller chooses the path).
//!
//! # Schema
//! Migrations live in `migrations/NNN_name.sql`, one file per schema version, embedded in the binary and
//! applied in order on [`Store::open`] (the version is `PRAGMA user_version`). An older database is
//! migrated in place and keeps its rows; a database newer than this build is refused
//! ([`StoreError::TooNew`]). A change of an enum's values needs a migration that rebuilds the table
//! (SQLite cannot alter a CHECK constraint); a unit test fails when the CHECK lists and the model differ.
//!
//! - version 1: the spec's `security_report` and `security_issue` tables, their enum CHECKs and indexes.
//! - version 2: `project` (one per canonical root) and `scan` (commit, branch, CI, times, tool version,
//!   engine errors, gates, timings and inventory as JSON); on `security_report` the `scan_id` and
//!   `project_id`; on `security_issue` the fingerprint, lifecycle (`first_seen_at`, `status_reason`,
//!   `status_expires_at`) and finding details (engine, rule, confidence, CWE, OWASP, aliases, ecosystem,
//!   dependency path, fixed versions, CVSS, references, dev, a snippet bounded to 500 characters).
//!   Reports of version 1 keep NULL there: they belong to no project.
//! - version 3: the spec's SecurityIssueType values (stored rows mapped, every row kept), the spec's
//!   `updated_at` on both tables (kept current by triggers on every update, triage included) and
//!   `code_snippet` (the former `snippet`), the index on `vulnerability_id`, and `status_set_by`.
//!
//! Times are RFC 3339 UTC strings to the second (`2025-01-31T12:00:00Z`), so text order is time order.
//!
//! # Issue lifecycle (by fingerprint, within one project)
//! The CLI's order is: [`Store::prior_statuses`] → apply them to the findings
//! ([`apply_prior_statuses`]) → score and gates → [`Store::save`], which applies the same rules again
//! inside its transaction and returns the final status of every fingerprint ([`SavedReport::statuses`]).
//!
//! 1. **Carry-over.** For each issue of a new report, the most recent earlier row with the same
//!    fingerprint in the same project (any branch) is its *prior*. A status set by a person on the prior
//!    (`IN_PROGRESS`, `ACCEPTED_RISK`, `FALSE_POSITIVE`) is carried over with its reason and expiry;
//!    an `ACCEPTED_RISK` whose expiry is at or before the new report's `created_at` becomes `OPEN` again
//!    (reason and expiry dropped). Otherwise the issue keeps the status the scan gave it (`RESOLVED`
//!    from a scan is read as `OPEN`: it was just seen).
//! 2. **First seen.** `first_seen_at` is carried over from the prior unless the prior is `RESOLVED`
//!    (the issue came back: a new episode starts, `first_seen_at` = the new report's `created_at`).
//! 3. **Resolution.** The *previous report* is the last report saved before this one for the same
//!    project and, when the scan's branch is known, the same branch. Each of its `OPEN`/`IN_PROGRESS`
//!    rows whose fingerprint is absent from the new report is updated in place to `RESOLVED` with
//!    `resolved_at` = the new report's `created_at`. Time to remediation is
//!    `resolved_at − first_seen_at`; each episode is resolved exactly once, so MTTR counts it once.
//!    Accepted-risk and false-positive rows that disappear are left as they are.
//! 4. Issues without a fingerprint take no part in the lifecycle (always new, never resolved).
//!
//! Triage ([`Store::set_status`]) changes the given rows; to carry over, it must be set on the
//! issue's latest row, which is what [`Store::list_issues`] shows by default. "Latest" and "previous"
//! follow save order (row id); listings are ordered by `created_at`.
//!
//! Rows stored by `save` are not re-scored: the report's summary is stored as given, so the caller
//! applies prior statuses before scoring (see above).
//!
//! # Concurrency
//! WAL mode, a 30 s busy timeout and `BEGIN IMMEDIATE` for every write: two scans saving to one file
//! at once are serialised and both land.
mod ci;
mod query;
mod save;
#[cfg(test)]
mod tests;

pub(crate) use ci::ScanMeta;
pub(crate) use query::IssueFilter;
pub(crate) use save::apply_prior_statuses;

use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// The migrations, in order: entry `i` brings the database to version `i + 1`.
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    ("001_spec_tables", include_str!("migrations/001_spec_tables.sql")),
    ("002_projects_scans_issue_details", include_str!("migrations/002_projects_scans_issue_details.sql")),
    ("003_spec_issue_types_updated_at", include_str!("migrations/003_spec_issue_types_updated_at.sql")),
    ("004_code_locations", include_str!("migrations/004_code_locations.sql")),
];

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another one before giving up.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Snippets are stored at most this many characters long.
pub(crate) const SNIPPET_MAX_CHARS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("history database {path}: {source}")]
    Db {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("history database {path}: {message}")]
    Io { path: String, message: String },
    #[error(
        "history database {path} has schema version {found}, newer than this secscan knows ({known}): \
         upgrade secscan or use another --db"
    )]
    TooNew { path: String, found: i64, known: i64 },
    #[error("history database {path}: migration {name} failed: {source}")]
    Migration {
        path: String,
        name: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("history database: no report with id {0}")]
    ReportNotFound(i64),
    /// A bad argument: a time that is not RFC 3339, an expiry on a status other than accepted risk.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    /// The database was busy or locked by another connection (worth a retry).
    pub fn is_busy(&self) -> bool {
        let source = match self {
            StoreError::Db { source, .. } | StoreError::Migration { source, .. } => source,
            _ => return false,
        };
        matches!(
            source.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    /// Internal: the path is filled in by the public method that returns the error.
    fn from(source: rusqlite::Error) -> StoreError {
        StoreError::Db { path: String::new(), source }
    }
}

impl StoreError {
    fn at(self, p: &str) -> StoreError {
        match self {
            StoreError::Db { path, source } if path.is_empty() => StoreError::Db { path: p.to_string(), source },
            other => other,
        }
    }
}

/// Run `f`, naming the database in a database error it returns.
pub(crate) fn in_path<T>(path: &str, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    f().map_err(|e| e.at(path))
}

/// An open history database.
pub struct Store {
    conn: Connection,
    path: String,
    /// The priors [`Store::prior_statuses`] found, by fingerprint, for the project (by id): the save that
    /// follows in the same run uses them instead of asking the database again for every issue.
    priors: std::cell::RefCell<Option<save::KnownPriors>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open the database at `path`, creating its folder and file on first use, and migrate it.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let p = path.display().to_string();
        if let Some(parent) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Io {
                path: p.clone(),
                message: format!("cannot create {}: {e}", parent.display()),
            })?;
        }
        // Two processes opening a fresh file at once can get SQLITE_BUSY from the journal-mode switch or the
        // first migration without the busy handler being consulted: retry, bounded by BUSY_TIMEOUT.
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(10);
        loop {
            let conn = Connection::open(path).map_err(|e| StoreError::from(e).at(&p))?;
            match Store::init(conn, p.clone(), MIGRATIONS.len()) {
                Err(e) if e.is_busy() && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(500));
                }
                other => return other,
            }
        }
    }

    /// A private database in memory (tests, `--no-history` dry runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| StoreError::from(e).at(":memory:"))?;
        Store::init(conn, ":memory:".into(), MIGRATIONS.len())
    }

    /// Configure the connection and apply the first `upto` migrations.
    pub(crate) fn init(conn: Connection, path: String, upto: usize) -> Result<Store, StoreError> {
        let mut store = Store { conn, path, priors: Default::default() };
        store.configure().map_err(|e| e.at(&store.path))?;
        store.migrate(upto)?;
        Ok(store)
    }

    fn configure(&self) -> Result<(), StoreError> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // In memory the journal stays "memory"; on a file it becomes "wal" (and stays so).
        let _mode: String = self.conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    fn migrate(&mut self, upto: usize) -> Result<(), StoreError> {
        let path = self.path.clone();
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path, found, known: SCHEMA_VERSION });
        }
        if found >= upto as i64 {
            return Ok(());
        }
        // Another process may be migrating too: take the write lock, then read the version again.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from(e).at(&path))?;
        let version: i64 =
            tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| StoreError::from(e).at(&path))?;
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate().take(upto) {
            if (i as i64) < version {
                continue;
            }
            tx.execute_batch(sql)
                .and_then(|_| tx.pragma_update(None, "user_version", (i + 1) as i64))
                .map_err(|source| StoreError::Migration { path: path.clone(), name: (*name).to_string(), source })?;
        }
        tx.commit().map_err(|e| StoreError::from(e).at(&path))?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| StoreError::from(e).at(&self.path))
    }

    /// Where the database is (`:memory:` for an in-memory one).
    pub fn path(&self) -> &str {
        &self.path
    }
}

// ── Times ────────────────────────────────────────────────────────────────────────────────────────

const CANONICAL: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const DATE: &[time::format_description::BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

fn format_time(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC).format(CANONICAL).unwrap_or_default()
}

/// Now, as the store writes times: RFC 3339, UTC, whole seconds.
pub(crate) fn now_utc() -> String {
    format_time(OffsetDateTime::now_utc())
}

pub(crate) fn parse_time(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    time::Date::parse(s, DATE).ok().map(|d| d.midnight().assume_utc())
}

/// Normalise an RFC 3339 time (any offset) or a date `YYYY-MM-DD` (midnight UTC) to the stored form.
/// With `end_of_day`, a bare date means its last second (for inclusive upper bounds).
pub(crate) fn canonical_time(s: &str, end_of_day: bool) -> Result<String, StoreError> {
    let t = parse_time(s).ok_or_else(|| {
        StoreError::Invalid(format!(
            "'{s}' is not a time (expected RFC 3339 such as 2025-01-31T12:00:00Z, or a date 2025-01-31)"
        ))
    })?;
    let is_date = time::Date::parse(s.trim(), DATE).is_ok();
    Ok(if end_of_day && is_date {
        format_time(t + time::Duration::days(1) - time::Duration::seconds(1))
    } else {
        format_time(t)
    })
}

/// The project key of a scanned root: its canonical absolute path when it exists, else the text given
/// without a trailing separator.
pub(crate) fn canonical_root(root: &str) -> String {
    match std::fs::canonicalize(root) {
        Ok(p) => p.display().to_string(),
        Err(_) => {
            let t = root.trim_end_matches(['/', '\\']);
            if t.is_empty() {
                root.to_string()
            } else {
                t.to_string()
            }
        }
    }
}
