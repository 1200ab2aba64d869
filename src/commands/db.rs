//! The advisory database commands: `db import`, `db update`, `db status`. Their settings come from the same
//! [`Config`] as `run` (flags, then `SECSCAN_ADVISORY_DB` / `OSV_*` variables, then `.secscan.toml`), so
//! `db import` fills the database `run` reads.
use super::{Terminal, EXIT_ERROR, EXIT_PASSED};
use crate::cli::AdvisoryArgs;
use crate::config::{Config, Env, Flags};
use crate::deps::advisory::db::AdvisoryDb;
use crate::deps::advisory::load;
use crate::error::{Error, Result};
use crate::model::Ecosystem;
use crate::report::text::terminal;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest download accepted for one ecosystem's export (the PyPI export is about 60 MB today).
const MAX_DOWNLOAD_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The settings of a db command: the configuration of the current folder.
fn settings(args: &AdvisoryArgs, env: &dyn Env) -> Result<Config> {
    let flags = Flags {
        config: args.config.clone(),
        ignore_repo_config: args.ignore_repo_config,
        advisory_db: args.advisory_db.clone(),
        no_history: true,
        ..Flags::default()
    };
    Config::load(Path::new("."), &flags, env)
}

fn import_path(db: &mut AdvisoryDb, src: &Path, term: &Terminal) -> Result<u8> {
    let out = load::load_path(src)?;
    for p in out.problems.iter().take(20) {
        eprintln!("warning: {}", terminal(p));
    }
    if out.problems.len() > 20 {
        eprintln!("warning: … and {} more unreadable records", out.problems.len() - 20);
    }
    if out.records.is_empty() {
        eprintln!(
            "error: {} holds no OSV record ({} unreadable); nothing imported",
            terminal(&src.display().to_string()),
            out.problems.len()
        );
        return Ok(EXIT_ERROR);
    }
    let stats = db.import(&out.records)?;
    if !term.quiet {
        println!(
            "imported {} records from {}: {} new, {} updated, {} unchanged, {} unreadable",
            out.records.len(),
            terminal(&src.display().to_string()),
            stats.inserted,
            stats.updated,
            stats.unchanged,
            out.problems.len()
        );
    }
    Ok(EXIT_PASSED)
}

/// `db import SRC`.
pub fn import(src: &Path, args: &AdvisoryArgs, term: &Terminal, env: &dyn Env) -> Result<u8> {
    let cfg = settings(args, env)?;
    let mut db = AdvisoryDb::open(&cfg.advisory_db, true)?;
    import_path(&mut db, src, term)
}

/// `db update`: download each ecosystem's `all.zip` and import it.
pub fn update(args: &AdvisoryArgs, ecosystems: &[String], term: &Terminal, env: &dyn Env) -> Result<u8> {
    let cfg = settings(args, env)?;
    if !cfg.osv_api_enabled {
        return Err(Error::usage("OSV_API_ENABLED is false (or deps.osv_api_enabled): not downloading"));
    }
    let ecosystems: Vec<Ecosystem> = ecosystems
        .iter()
        .map(|e| {
            Ecosystem::from_osv(e)
                .ok_or_else(|| Error::usage(format!("unknown ecosystem {} (PyPI or npm)", terminal(e))))
        })
        .collect::<Result<_>>()?;
    let mut db = AdvisoryDb::open(&cfg.advisory_db, true)?;
    let dir = cfg.advisory_db.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let tmp = tempdir_in(&dir)?;
    let mut code = EXIT_PASSED;
    for eco in ecosystems {
        let url = format!("{}/{}/all.zip", cfg.osv_download_url.trim_end_matches('/'), eco.as_str());
        let file = tmp.join(format!("{}.zip", eco.as_str()));
        let result = download(&url, &file).and_then(|_| import_path(&mut db, &file, term));
        match result {
            Ok(c) => code = code.max(c),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(code)
}

/// `db status`.
pub fn status(args: &AdvisoryArgs, env: &dyn Env) -> Result<u8> {
    let cfg = settings(args, env)?;
    let db = AdvisoryDb::open(&cfg.advisory_db, false)?;
    let s = db.status()?;
    println!("advisory database: {}", terminal(&s.path));
    println!("records: {} ({} withdrawn)", s.total, s.withdrawn);
    for (eco, n) in &s.per_ecosystem {
        println!("  {:<10} {n}", terminal(eco));
    }
    println!("newest modified: {}", terminal(s.newest_modified.as_deref().unwrap_or("-")));
    println!("cached API responses: {}", s.cached_api_responses);
    Ok(EXIT_PASSED)
}

fn tempdir_in(parent: &Path) -> Result<PathBuf> {
    let dir = parent.join(format!(".download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, format!("cannot create: {e}")))?;
    Ok(dir)
}

fn download(url: &str, to: &Path) -> Result<()> {
    let fail = |m: String| Error::Advisory(format!("downloading {url}: {m}"));
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(600))
        .connect_timeout(std::time::Duration::from_secs(15))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let resp = client.get(url).send().map_err(|e| fail(e.to_string()))?;
    if !resp.status().is_success() {
        return Err(fail(format!("HTTP {}", resp.status())));
    }
    let mut file = std::fs::File::create(to).map_err(|e| Error::io(to, format!("cannot create: {e}")))?;
    let copied = std::io::copy(&mut resp.take(MAX_DOWNLOAD_BYTES + 1), &mut file).map_err(|e| fail(e.to_string()))?;
    if copied > MAX_DOWNLOAD_BYTES {
        return Err(fail(format!("larger than {MAX_DOWNLOAD_BYTES} bytes; refused")));
    }
    Ok(())
}
