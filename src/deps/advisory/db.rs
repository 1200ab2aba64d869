//! The local advisory database: a SQLite file (separate from the history database) holding imported
//! OSV records, an index of the packages they name, and the OSV API response cache.
use super::load::Loaded;
use super::AdvisoryError;
use crate::model::{Advisory, Ecosystem};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

const SCHEMA_VERSION: i32 = 1;

/// How long a writer waits for another one (a concurrent import) before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked))
}

const MIGRATION_1: &str = "
CREATE TABLE IF NOT EXISTS advisory (
    id          TEXT PRIMARY KEY,
    modified    TEXT NOT NULL,
    withdrawn   INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    record      TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS affected (
    advisory_id TEXT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    ecosystem   TEXT NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (advisory_id, ecosystem, name)
);
CREATE INDEX IF NOT EXISTS affected_package ON affected(ecosystem, name);
CREATE TABLE IF NOT EXISTS api_cache (
    key        TEXT PRIMARY KEY,
    fetched_at INTEGER NOT NULL,
    body       TEXT NOT NULL
);
";

/// Indexes that keep the status of a large database cheap (`MAX(modified)` and the withdrawn count
/// otherwise read every record). Not a schema version of their own: an older secscan sharing the same
/// cached database keeps opening it; they are added on any open that can write.
const MIGRATION_2: &str = "
CREATE INDEX IF NOT EXISTS advisory_modified ON advisory(modified);
CREATE INDEX IF NOT EXISTS advisory_withdrawn ON advisory(withdrawn);
";

/// Counts of one import.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ImportStats {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What `db status` shows.
#[derive(Debug, Default, Clone)]
pub(crate) struct Status {
    pub path: String,
    pub total: usize,
    pub withdrawn: usize,
    pub per_ecosystem: BTreeMap<String, usize>,
    pub newest_modified: Option<String>,
    pub cached_api_responses: usize,
}

pub(crate) struct AdvisoryDb {
    conn: Connection,
    path: String,
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl AdvisoryDb {
    /// Open (creating the file and its folder when `create`) and migrate.
    pub(crate) fn open(path: &Path, create: bool) -> Result<AdvisoryDb, AdvisoryError> {
        let p = path.display().to_string();
        let err = |source| AdvisoryError::Db { path: p.clone(), source };
        if !create && !path.exists() {
            return Err(AdvisoryError::Read {
                path: p,
                message: "no advisory database here (run `secscan db import` or `secscan db update`)".into(),
            });
        }
        if create {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| AdvisoryError::Read { path: p.clone(), message: e.to_string() })?;
            }
        }
        // Two processes (two `db import`, a scan and an import) may open the file at once: writers wait for
        // each other (busy timeout, IMMEDIATE transactions), and the first set-up is retried while busy.
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(10);
        loop {
            match Self::init(path) {
                Err(e) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(500));
                }
                Err(e) => return Err(err(e)),
                Ok(Some(conn)) => return Ok(AdvisoryDb { conn, path: p }),
                Ok(None) => {
                    return Err(AdvisoryError::Read {
                        path: p,
                        message: format!("made by a newer secscan (schema newer than {SCHEMA_VERSION})"),
                    })
                }
            }
        }
    }

    /// Open and migrate; `None` when the schema is newer than this build's.
    fn init(path: &Path) -> Result<Option<Connection>, rusqlite::Error> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Ok(None);
        }
        if version < 1 {
            let tx = rusqlite::Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
            let version: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version < 1 {
                tx.execute_batch(MIGRATION_1)?;
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            }
            tx.commit()?;
        }
        // a database this process cannot write (a read-only cache) works without them
        let _ = conn.execute_batch(MIGRATION_2);
        Ok(Some(conn))
    }

    fn err(&self, source: rusqlite::Error) -> AdvisoryError {
        AdvisoryError::Db { path: self.path.clone(), source }
    }

    /// Insert or update records by id: a record replaces the stored one when its `modified` is the same
    /// or newer; an older one is left alone. One transaction.
    pub(crate) fn import(&mut self, records: &[Loaded]) -> Result<ImportStats, AdvisoryError> {
        let now = now_rfc3339();
        let path = self.path.clone();
        let err = |source| AdvisoryError::Db { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let mut stats = ImportStats::default();
        {
            let mut get = tx.prepare("SELECT modified, record FROM advisory WHERE id = ?1").map_err(err)?;
            let mut put = tx
                .prepare(
                    "INSERT INTO advisory (id, modified, withdrawn, record, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(id) DO UPDATE SET modified = excluded.modified, withdrawn = excluded.withdrawn,
                     record = excluded.record, imported_at = excluded.imported_at",
                )
                .map_err(err)?;
            let mut clear = tx.prepare("DELETE FROM affected WHERE advisory_id = ?1").map_err(err)?;
            let mut add = tx
                .prepare("INSERT OR IGNORE INTO affected (advisory_id, ecosystem, name) VALUES (?1, ?2, ?3)")
                .map_err(err)?;
            for r in records {
                let adv = &r.advisory;
                let existing: Option<(String, String)> =
                    get.query_row([&adv.id], |row| Ok((row.get(0)?, row.get(1)?))).optional().map_err(err)?;
                match &existing {
                    Some((m, rec)) if adv.modified < *m || (adv.modified == *m && *rec == r.raw_json) => {
                        stats.unchanged += 1;
                        continue;
                    }
                    Some(_) => stats.updated += 1,
                    None => stats.inserted += 1,
                }
                put.execute(params![adv.id, adv.modified, adv.withdrawn.is_some() as i32, r.raw_json, now])
                    .map_err(err)?;
                clear.execute([&adv.id]).map_err(err)?;
                for a in &adv.affected {
                    let (eco, name) = match Ecosystem::from_osv(&a.package.ecosystem) {
                        Some(e) => (e.as_str().to_string(), e.normalize_name(&a.package.name)),
                        None => (a.package.ecosystem.clone(), a.package.name.clone()),
                    };
                    add.execute(params![adv.id, eco, name]).map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)?;
        Ok(stats)
    }

    /// Every stored, not withdrawn record that names one of `packages`.
    /// The stored, not withdrawn records naming one of `packages`, and the ids of stored records that
    /// could not be read back (a damaged database: the caller reports them, never drops them silently).
    /// Records are fetched in one pass and parsed in parallel.
    pub(crate) fn advisories_for(
        &self,
        packages: &HashSet<(Ecosystem, String)>,
    ) -> Result<(Vec<Advisory>, Vec<String>), AdvisoryError> {
        let mut seen = HashSet::new();
        let mut records = Vec::new();
        // many packages against a small database (a monorepo against a curated record folder): one pass
        // over every record beats a lookup per package name; otherwise a lookup per name
        let affected_rows: i64 =
            self.conn.query_row("SELECT COUNT(*) FROM affected", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        if (packages.len() as i64).saturating_mul(2) > affected_rows {
            let wanted: HashSet<(&str, &str)> = packages.iter().map(|(e, n)| (e.as_str(), n.as_str())).collect();
            let mut scan = self
                .conn
                .prepare(
                    "SELECT f.ecosystem, f.name, a.id, a.record FROM affected f JOIN advisory a ON a.id = f.advisory_id
                     WHERE a.withdrawn = 0",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = scan.query([]).map_err(|e| self.err(e))?;
            while let Some(row) = rows.next().map_err(|e| self.err(e))? {
                let eco = row.get_ref(0).map_err(|e| self.err(e))?.as_str().unwrap_or_default();
                let name = row.get_ref(1).map_err(|e| self.err(e))?.as_str().unwrap_or_default();
                if !wanted.contains(&(eco, name)) {
                    continue;
                }
                let id: String = row.get(2).map_err(|e| self.err(e))?;
                if seen.insert(id.clone()) {
                    records.push((id, row.get::<_, String>(3).map_err(|e| self.err(e))?));
                }
            }
            return Ok(parse_records(records));
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.record FROM affected f JOIN advisory a ON a.id = f.advisory_id
                 WHERE f.ecosystem = ?1 AND f.name = ?2 AND a.withdrawn = 0",
            )
            .map_err(|e| self.err(e))?;
        for (eco, name) in packages {
            let rows = stmt
                .query_map(params![eco.as_str(), name], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(|e| self.err(e))?;
            for row in rows {
                let (id, record) = row.map_err(|e| self.err(e))?;
                if seen.insert(id.clone()) {
                    records.push((id, record));
                }
            }
        }
        Ok(parse_records(records))
    }

    pub(crate) fn status(&self) -> Result<Status, AdvisoryError> {
        let q = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map_err(|e| self.err(e));
        let mut per_ecosystem = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT ecosystem, COUNT(DISTINCT advisory_id) FROM affected GROUP BY ecosystem ORDER BY ecosystem",
            )
            .map_err(|e| self.err(e))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(|e| self.err(e))?;
        for row in rows {
            let (eco, n) = row.map_err(|e| self.err(e))?;
            per_ecosystem.insert(eco, n as usize);
        }
        let newest_modified = self
            .conn
            .query_row("SELECT MAX(modified) FROM advisory", [], |r| r.get::<_, Option<String>>(0))
            .map_err(|e| self.err(e))?;
        Ok(Status {
            path: self.path.clone(),
            total: q("SELECT COUNT(*) FROM advisory")? as usize,
            withdrawn: q("SELECT COUNT(*) FROM advisory WHERE withdrawn = 1")? as usize,
            per_ecosystem,
            newest_modified,
            cached_api_responses: q("SELECT COUNT(*) FROM api_cache")? as usize,
        })
    }

    /// A cached API response no older than `max_age_secs`.
    pub(crate) fn cache_get(&self, key: &str, max_age_secs: i64) -> Option<String> {
        self.conn
            .query_row(
                "SELECT body FROM api_cache WHERE key = ?1 AND fetched_at >= ?2",
                params![key, unix_now() - max_age_secs],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()
    }

    pub(crate) fn cache_put(&mut self, entries: &[(String, String)]) -> Result<(), AdvisoryError> {
        let now = unix_now();
        let path = self.path.clone();
        let err = |source| AdvisoryError::Db { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        {
            let mut put = tx
                .prepare("INSERT OR REPLACE INTO api_cache (key, fetched_at, body) VALUES (?1, ?2, ?3)")
                .map_err(err)?;
            for (k, v) in entries {
                put.execute(params![k, now, v]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }
}

/// Stored records (id, JSON) parsed in parallel: the advisories, and the ids of records that could not be
/// read back.
fn parse_records(records: Vec<(String, String)>) -> (Vec<Advisory>, Vec<String>) {
    use rayon::prelude::*;
    let parsed: Vec<Result<Advisory, String>> = records
        .par_iter()
        .map(|(id, record)| serde_json::from_str::<Advisory>(record).map_err(|_| id.clone()))
        .collect();
    let mut out = Vec::with_capacity(parsed.len());
    let mut unreadable = Vec::new();
    for p in parsed {
        match p {
            Ok(a) => out.push(a),
            Err(id) => unreadable.push(id),
        }
    }
    (out, unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::advisory::load::parse_record;

    fn rec(id: &str, modified: &str, name: &str) -> Loaded {
        let text = format!(
            r#"{{"id":"{id}","modified":"{modified}","affected":[{{"package":{{"ecosystem":"PyPI","name":"{name}"}},"versions":["1.0"]}}]}}"#
        );
        parse_record(&text, false).expect("test record")
    }

    #[test]
    fn an_existing_database_gets_its_indexes() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("adv.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(MIGRATION_1).expect("v1");
            conn.pragma_update(None, "user_version", 1).expect("version");
        }
        let db = AdvisoryDb::open(&path, false).expect("opens");
        let indexes: i64 = db
            .conn
            .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'advisory_%'", [], |r| {
                r.get(0)
            })
            .expect("query");
        assert_eq!(indexes, 2);
        assert_eq!(db.status().expect("status").total, 0);
    }

    #[test]
    fn import_is_idempotent_and_updates_by_modified() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.db");
        let mut db = AdvisoryDb::open(&path, true).expect("open");
        let s = db.import(&[rec("A", "2024-01-01", "Foo_Bar"), rec("B", "2024-01-01", "x")]).expect("import");
        assert_eq!(s, ImportStats { inserted: 2, updated: 0, unchanged: 0 });
        let s = db.import(&[rec("A", "2024-01-01", "Foo_Bar")]).expect("again");
        assert_eq!(s, ImportStats { inserted: 0, updated: 0, unchanged: 1 });
        let s = db.import(&[rec("A", "2023-01-01", "other")]).expect("older");
        assert_eq!(s.unchanged, 1);
        let s = db.import(&[rec("A", "2025-01-01", "renamed")]).expect("newer");
        assert_eq!(s.updated, 1);
        let want: HashSet<_> = [(Ecosystem::PyPI, "renamed".to_string())].into_iter().collect();
        assert_eq!(db.advisories_for(&want).expect("query").0.len(), 1);
        let old: HashSet<_> = [(Ecosystem::PyPI, "foo-bar".to_string())].into_iter().collect();
        assert!(db.advisories_for(&old).expect("query").0.is_empty());
        let st = db.status().expect("status");
        assert_eq!(st.total, 2);
        assert_eq!(st.per_ecosystem.get("PyPI"), Some(&2));
        assert_eq!(st.newest_modified.as_deref(), Some("2025-01-01"));
        // many packages against few records: one pass over the records, the same ones as a lookup per
        // package
        let many: HashSet<_> =
            ["renamed", "x", "unknown", "other"].iter().map(|n| (Ecosystem::PyPI, n.to_string())).collect();
        let mut ids: Vec<String> = db.advisories_for(&many).expect("query").0.into_iter().map(|a| a.id).collect();
        ids.sort();
        let mut one_by_one: Vec<String> = many
            .iter()
            .flat_map(|p| {
                let single: HashSet<_> = [p.clone()].into_iter().collect();
                db.advisories_for(&single).expect("query").0.into_iter().map(|a| a.id)
            })
            .collect();
        one_by_one.sort();
        one_by_one.dedup();
        assert_eq!(ids, vec!["A".to_string(), "B".to_string()]);
        assert_eq!(ids, one_by_one);
        // a damaged record is named, not dropped
        db.conn.execute("UPDATE advisory SET record = '{' WHERE id = 'A'", []).expect("damage");
        let (found, unreadable) = db.advisories_for(&want).expect("query");
        assert!(found.is_empty());
        assert_eq!(unreadable, vec!["A".to_string()]);
        // the one-pass read names it too
        let (found, unreadable) = db.advisories_for(&many).expect("query");
        assert_eq!(found.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), vec!["B"]);
        assert_eq!(unreadable, vec!["A".to_string()]);
    }

    #[test]
    fn two_concurrent_imports_both_land() {
        // the second of two concurrent `db import` failed at once with "database is locked"
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.db");
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut db = AdvisoryDb::open(&path, true).expect("open");
                    let records: Vec<Loaded> =
                        (0..300).map(|i| rec(&format!("T{t}-{i}"), "2024-01-01", &format!("p{i}"))).collect();
                    db.import(&records).expect("import")
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().expect("thread").inserted, 300);
        }
        assert_eq!(AdvisoryDb::open(&path, false).expect("open").status().expect("status").total, 600);
    }

    #[test]
    fn cache_respects_age() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut db = AdvisoryDb::open(&dir.path().join("c.db"), true).expect("open");
        db.cache_put(&[("k".into(), "v".into())]).expect("put");
        assert_eq!(db.cache_get("k", 60).as_deref(), Some("v"));
        assert_eq!(db.cache_get("k", -10), None);
    }
}
