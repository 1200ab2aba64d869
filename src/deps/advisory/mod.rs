//! Where advisories come from: the local OSV database (imported `all.zip`/directories), directories of
//! OSV records named in the configuration, and the OSV API (cached in the local database for 24 h).
pub(crate) mod api;
pub(crate) mod db;
pub(crate) mod load;

use crate::model::{Advisory, Ecosystem};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// Errors of the advisory sources.
#[derive(Debug, thiserror::Error)]
pub enum AdvisoryError {
    #[error("advisory database {path}: {source}")]
    Db { path: String, source: rusqlite::Error },
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("OSV API {url}: {message}")]
    Api { url: String, message: String },
}

impl From<AdvisoryError> for crate::error::Error {
    fn from(e: AdvisoryError) -> crate::error::Error {
        crate::error::Error::Advisory(e.to_string())
    }
}

fn slot(ecosystem: Ecosystem) -> usize {
    match ecosystem {
        Ecosystem::Npm => 0,
        Ecosystem::PyPI => 1,
    }
}

/// Advisories by (ecosystem, normalised package name), deduplicated by id.
#[derive(Debug, Default)]
pub struct AdvisoryIndex {
    /// per ecosystem (npm, PyPI), so that a lookup by `&str` allocates nothing
    by_package: [HashMap<String, Vec<Arc<Advisory>>>; 2],
    count: usize,
}

impl AdvisoryIndex {
    /// Add a record under every package of a known ecosystem it names; a record already present (same
    /// id) is kept if its `modified` is newer or equal.
    pub fn add(&mut self, adv: Arc<Advisory>) {
        let mut keys: Vec<(Ecosystem, String)> = adv
            .affected
            .iter()
            .filter_map(|a| {
                let eco = Ecosystem::from_osv(&a.package.ecosystem)?;
                Some((eco, eco.normalize_name(&a.package.name)))
            })
            .collect();
        keys.sort();
        keys.dedup();
        let mut added = false;
        for (eco, name) in keys {
            let list = self.by_package[slot(eco)].entry(name).or_default();
            match list.iter_mut().find(|x| x.id == adv.id) {
                Some(existing) => {
                    if adv.modified > existing.modified {
                        *existing = adv.clone();
                    }
                }
                None => {
                    list.push(adv.clone());
                    added = true;
                }
            }
        }
        if added {
            self.count += 1;
        }
    }

    pub fn for_package(&self, ecosystem: Ecosystem, name: &str) -> &[Arc<Advisory>] {
        self.by_package[slot(ecosystem)].get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of distinct records added.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}
