//! Dependency engine: manifests and lockfiles → inventory → OSV advisories → findings.
//!
//! 1. read and extract every manifest/lockfile in parallel (size, UTF-8 and parse problems are per-file
//!    warnings);
//! 2. reconcile: a lockfile beside (or above) its manifest wins, the manifest marks direct/dev;
//!    a manifest without a lockfile contributes its exact pins and one INFO finding when it has ranges;
//! 3. gather advisories (configured record folders, the local database, the OSV API);
//! 4. match every pinned registry package and turn each vulnerability (aliases merged) into a finding.
pub(crate) mod advisory;
pub mod extract;
pub(crate) mod matcher;
pub(crate) mod version;

use crate::config::Config;
use crate::engine::{Analyzer, EngineOutput, FileKind, FileOutput, SourceFile};
use crate::model::report::Timing;
use crate::model::{
    Advisory, Confidence, DependencyChecks, Ecosystem, Engine, FileError, Finding, IssueType, Package, ScannedFile,
    Severity,
};
use advisory::api::{OsvClient, Query};
use advisory::db::AdvisoryDb;
use advisory::AdvisoryIndex;
use extract::{Extractor, FileKind as ExtractKind, Source, EXTRACTORS};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use version::Version;

const ENGINE: &str = "deps";
/// Rule id of the "no lockfile" finding.
pub const NO_LOCKFILE_RULE: &str = "deps-no-lockfile";
/// Longest advisory text copied into a finding.
const MAX_DESCRIPTION: usize = 4000;

/// What the engine needs to know of the configuration.
#[derive(Debug, Clone)]
pub struct DepsOptions {
    pub include_dev: bool,
    pub online: bool,
    pub osv_api_url: String,
    pub advisory_db: PathBuf,
    pub advisory_dirs: Vec<PathBuf>,
    pub api_timeout: Duration,
}

struct FileResult {
    rel: String,
    extractor: &'static dyn Extractor,
    packages: Vec<Package>,
}

/// The dependency engine, set up for one scan.
pub struct DepsEngine {
    opts: DepsOptions,
}

/// Build the engine from the configuration (see [`crate::engine::ENGINES`]).
pub fn engine(cfg: &Config) -> crate::error::Result<Box<dyn Analyzer>> {
    Ok(Box::new(DepsEngine::new(DepsOptions {
        include_dev: cfg.include_dev,
        online: cfg.online(),
        osv_api_url: cfg.osv_api_url.clone(),
        advisory_db: cfg.advisory_db.clone(),
        advisory_dirs: cfg.advisory_dirs.clone(),
        api_timeout: Duration::from_secs(60),
    })))
}

impl DepsEngine {
    pub fn new(opts: DepsOptions) -> DepsEngine {
        DepsEngine { opts }
    }
}

impl Analyzer for DepsEngine {
    fn engine(&self) -> Engine {
        Engine::Deps
    }

    fn file_kinds(&self) -> Vec<FileKind> {
        EXTRACTORS
            .iter()
            .map(|e| FileKind { name: e.name(), names: e.file_names(), paths: e.path_patterns() })
            .collect()
    }

    fn analyze(&self, file: &SourceFile<'_>, kind: usize) -> FileOutput {
        let Some(extractor) = EXTRACTORS.get(kind).copied() else {
            return FileOutput::failed(file.rel, kind, FileError::new(ENGINE, file.rel, "no extractor for this file"));
        };
        let src = Source {
            root: file.root,
            path: file.path,
            rel: file.rel,
            content: file.text,
            read_separately: Some(file.read_separately),
        };
        // An extractor must not panic; if one does anyway, the file is reported and the scan goes on.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.extract(&src))) {
            Ok(Ok(x)) => {
                let mut out = FileOutput::new(file.rel, kind);
                out.packages = x.packages;
                out.errors = x.warnings;
                out
            }
            Ok(Err(e)) => FileOutput::failed(file.rel, kind, FileError::new(ENGINE, file.rel, e.to_string())),
            Err(_) => FileOutput::failed(
                file.rel,
                kind,
                FileError::new(
                    ENGINE,
                    file.rel,
                    format!("internal error while reading this {}; skipped", extractor.name()),
                ),
            ),
        }
    }

    fn finish(&self, _root: &Path, files: Vec<FileOutput>) -> EngineOutput {
        run(files, &self.opts)
    }
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[..i]).unwrap_or("")
}

/// The nearest folder at or above `dir` that is in `dirs` ("" is the root).
fn nearest<'a>(dir: &str, dirs: &'a HashSet<String>) -> Option<&'a String> {
    let mut d = dir.to_string();
    loop {
        if let Some(found) = dirs.get(&d) {
            return Some(found);
        }
        if d.is_empty() {
            return None;
        }
        d = parent_dir(&d).to_string();
    }
}

/// Step 2: the inventory and the "no lockfile" findings, from the files read in step 1.
fn inventory(files: Vec<FileResult>, include_dev: bool) -> (Vec<Package>, Vec<Finding>) {
    // lockfile folders per manifest format
    let mut lock_dirs: HashMap<&str, HashSet<String>> = HashMap::default();
    for f in files.iter().filter(|f| f.extractor.kind() == ExtractKind::Lockfile) {
        for manifest in f.extractor.locks() {
            lock_dirs.entry(manifest).or_default().insert(parent_dir(&f.rel).to_string());
        }
    }
    // declared names (name → dev only?) per lock folder, from the manifests it covers
    let mut declared: HashMap<(Ecosystem, String), HashMap<String, bool>> = HashMap::default();
    let mut inventory = Vec::with_capacity(files.iter().map(|f| f.packages.len()).sum());
    let mut findings = Vec::new();
    let mut locks = Vec::new();
    let empty = HashSet::new();
    for f in files {
        if f.extractor.kind() == ExtractKind::Lockfile {
            locks.push(f);
            continue;
        }
        let dirs = lock_dirs.get(f.extractor.name()).unwrap_or(&empty);
        if let Some(lock_dir) = nearest(parent_dir(&f.rel), dirs) {
            let names = declared.entry((f.extractor.ecosystem(), lock_dir.clone())).or_default();
            for p in &f.packages {
                let dev_only = names.get(&p.name).copied().unwrap_or(true) && p.dev;
                names.insert(p.name.clone(), dev_only);
            }
            continue;
        }
        let unpinned: Vec<&Package> = f.packages.iter().filter(|p| p.version.is_none() && !p.constraint).collect();
        if !unpinned.is_empty() && !f.extractor.is_library_metadata() {
            findings.push(no_lockfile_finding(&f, &unpinned));
        }
        inventory.extend(f.packages);
    }
    for f in locks {
        let names = declared.get(&(f.extractor.ecosystem(), parent_dir(&f.rel).to_string()));
        for mut p in f.packages {
            if let Some(dev_only) = names.and_then(|n| n.get(&p.name)) {
                if !p.direct {
                    p.direct = true;
                    p.dev = p.dev || *dev_only;
                }
            }
            inventory.push(p);
        }
    }
    // a constraints pin counts only for a package something requires
    if inventory.iter().any(|p| p.constraint) {
        let required: HashSet<(Ecosystem, &str)> =
            inventory.iter().filter(|p| !p.constraint).map(|p| (p.ecosystem, p.name.as_str())).collect();
        let keep: Vec<bool> =
            inventory.iter().map(|p| !p.constraint || required.contains(&(p.ecosystem, p.name.as_str()))).collect();
        let mut keep = keep.into_iter();
        inventory.retain(|_| keep.next().unwrap_or(true));
    }
    for p in inventory.iter_mut() {
        if p.direct && p.dependency_path.is_empty() {
            p.dependency_path = vec![p.name.clone()];
        }
    }
    if !include_dev {
        inventory.retain(|p| !p.dev);
    }
    (sorted_inventory(inventory), findings)
}

/// The inventory ordered by ecosystem, name, version, file and line (stable), consecutive equal packages
/// dropped. Names, versions and files repeat across a monorepo's lockfiles: they are ranked once, and
/// the sort compares integers (and only packages with the same key are compared whole).
fn sorted_inventory(inventory: Vec<Package>) -> Vec<Package> {
    fn ranks<'a>(values: impl Iterator<Item = &'a str>) -> rustc_hash::FxHashMap<&'a str, u32> {
        let mut m: rustc_hash::FxHashMap<&str, u32> = values.map(|v| (v, 0)).collect();
        let mut distinct: Vec<&str> = m.keys().copied().collect();
        distinct.par_sort_unstable();
        for (i, v) in distinct.into_iter().enumerate() {
            m.insert(v, u32::try_from(i).unwrap_or(u32::MAX));
        }
        m
    }
    let (names, (versions, files)) = rayon::join(
        || ranks(inventory.iter().map(|p| p.name.as_str())),
        || {
            rayon::join(
                || ranks(inventory.iter().filter_map(|p| p.version.as_deref())),
                || ranks(inventory.iter().map(|p| p.file_path.as_str())),
            )
        },
    );
    let rank = |m: &rustc_hash::FxHashMap<&str, u32>, s: &str| m.get(s).copied().unwrap_or(u32::MAX);
    /// ecosystem, name rank, version rank (0: none), file rank, line (0: none)
    type Key = (Ecosystem, u32, u64, u32, u64);
    let mut order: Vec<(Key, usize)> = inventory
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            // None sorts before every value, as Option's order has it
            let version = p.version.as_deref().map_or(0, |v| u64::from(rank(&versions, v)) + 1);
            let line = p.line_number.map_or(0, |l| u64::from(l) + 1);
            ((p.ecosystem, rank(&names, &p.name), version, rank(&files, &p.file_path), line), i)
        })
        .collect();
    drop((names, versions, files));
    // the index breaks ties: the same order as a stable sort
    order.par_sort_unstable();
    // each package moved once, to its place (what is left behind allocates nothing)
    let mut inventory = inventory;
    let hollow = || Package {
        ecosystem: Ecosystem::Npm,
        name: String::new(),
        version: None,
        requirement: None,
        file_path: String::new(),
        line_number: None,
        direct: false,
        dev: false,
        optional: false,
        peer: false,
        dependency_path: Vec::new(),
        constraint: false,
    };
    let mut out: Vec<Package> = Vec::with_capacity(order.len());
    let mut last: Option<Key> = None;
    for (key, i) in order {
        let Some(p) = inventory.get_mut(i).map(|p| std::mem::replace(p, hollow())) else { continue };
        if last == Some(key) && out.last() == Some(&p) {
            continue;
        }
        last = Some(key);
        out.push(p);
    }
    out
}

fn no_lockfile_finding(f: &FileResult, unpinned: &[&Package]) -> Finding {
    let examples: Vec<String> = unpinned
        .iter()
        .take(5)
        .map(|p| format!("{} {}", p.name, p.requirement.as_deref().unwrap_or("(any version)")))
        .collect();
    let mut finding = Finding::new(
        Engine::Deps,
        NO_LOCKFILE_RULE,
        IssueType::BestPracticeConfiguration,
        Severity::Info,
        "No lockfile: versions are not reproducible".to_string(),
    );
    finding.description = format!(
        "{} declares {} dependencies by range rather than an exact version ({}{}), and no lockfile locks them. \
         Every install may resolve to different versions, so what was tested is not what is deployed and a \
         compromised or vulnerable new release is picked up silently (OWASP A08:2021). Only exact pins were \
         checked against advisories.",
        f.rel,
        unpinned.len(),
        examples.join(", "),
        if unpinned.len() > 5 { ", …" } else { "" }
    );
    finding.remediation = match f.extractor.ecosystem() {
        Ecosystem::Npm => "Commit a lockfile (npm install writes package-lock.json; or yarn.lock, pnpm-lock.yaml, bun.lock) and install with `npm ci` in CI.".into(),
        Ecosystem::PyPI => "Lock the dependencies (uv lock, poetry lock, pdm lock, pipenv lock, or pip-compile --generate-hashes to a requirements file with exact pins) and commit the result.".into(),
    };
    finding.file_path = Some(f.rel.clone());
    finding.line_number = unpinned.first().and_then(|p| p.line_number);
    finding.ecosystem = Some(f.extractor.ecosystem());
    finding.confidence = Confidence::High;
    finding.owasp = vec!["A08:2021".into()];
    finding.cwe = vec!["CWE-1357".into()];
    finding
}

/// Whether a package can be looked up in the advisories: an exact version from the registry.
fn matchable(p: &Package) -> bool {
    p.version.is_some() && p.requirement.is_none()
}

/// Step 3: the advisories relevant to `inventory`, from every configured source: the record folders,
/// the local database, the OSV API. Returns the index, per-source problems, whether every ecosystem that
/// has packages to check was covered by a source that answered, and one note per source (for `-v`).
/// Returns the index, errors, whether advisory data was available, notes, and how many stored records
/// could not be read back (the packages they name were not checked against them).
/// The advisories, errors, availability, notes and damaged-record count of [`gather`].
type Gathered = (AdvisoryIndex, Vec<FileError>, bool, Vec<String>, usize);

/// The ecosystems and names of the packages to check.
fn wanted<'p>(packages: impl Iterator<Item = &'p Package>) -> (HashSet<Ecosystem>, HashSet<(Ecosystem, String)>) {
    let mut needed = HashSet::new();
    let mut names = HashSet::new();
    for p in packages.filter(|p| matchable(p)) {
        needed.insert(p.ecosystem);
        names.insert((p.ecosystem, p.name.clone()));
    }
    (needed, names)
}

fn gather_advisories(inventory: &[Package], opts: &DepsOptions) -> Gathered {
    let (needed, names) = wanted(inventory.iter());
    gather(needed, names, Some(inventory), opts)
}

/// The advisories for `names` from the record folders, the database and (with `inventory`, when the
/// API is allowed) the OSV API.
fn gather(
    needed: HashSet<Ecosystem>,
    names: HashSet<(Ecosystem, String)>,
    inventory: Option<&[Package]>,
    opts: &DepsOptions,
) -> Gathered {
    let mut index = AdvisoryIndex::default();
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut damaged = 0;
    // ecosystems some source holds records for (the API, when it answers, covers every one)
    let mut covered: HashSet<Ecosystem> = HashSet::new();

    for dir in &opts.advisory_dirs {
        match advisory::load::load_path(dir) {
            Ok(out) => {
                notes.push(format!("advisory folder {}: {} record(s)", dir.display(), out.records.len()));
                for p in out.problems {
                    errors.push(FileError::new(ENGINE, "advisories", p));
                }
                for r in out.records {
                    covered
                        .extend(r.advisory.affected.iter().filter_map(|a| Ecosystem::from_osv(&a.package.ecosystem)));
                    index.add(Arc::new(r.advisory));
                }
            }
            Err(e) => errors.push(FileError::new(ENGINE, "advisories", e.to_string())),
        }
    }

    // a missing database is not a problem by itself (the coverage check says when nothing was available);
    // one that exists but cannot be opened is
    let mut db = if opts.advisory_db.exists() {
        match AdvisoryDb::open(&opts.advisory_db, false) {
            Ok(db) => Some(db),
            Err(e) => {
                errors.push(FileError::new(ENGINE, "advisories", e.to_string()));
                None
            }
        }
    } else {
        notes.push(format!("advisory database {}: not present", opts.advisory_db.display()));
        None
    };
    if let Some(d) = &db {
        match d.status() {
            Ok(st) => {
                notes.push(format!(
                    "advisory database {}: {} record(s), newest modified {}",
                    opts.advisory_db.display(),
                    st.total,
                    st.newest_modified.as_deref().unwrap_or("-")
                ));
                covered.extend(st.per_ecosystem.keys().filter_map(|e| Ecosystem::from_osv(e)));
                if st.total > 0 {
                    match d.advisories_for(&names) {
                        Ok((list, unreadable)) => {
                            list.into_iter().for_each(|a| index.add(Arc::new(a)));
                            damaged = unreadable.len();
                            if !unreadable.is_empty() {
                                let mut ids = unreadable;
                                ids.sort_unstable();
                                let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
                                errors.push(FileError::new(
                                    ENGINE,
                                    "advisories",
                                    format!(
                                        "{} stored advisory record(s) of the advisory database could not be read ({}{}); \
                                         the packages they name were not checked against them: import them again",
                                        ids.len(),
                                        shown.join(", "),
                                        if ids.len() > shown.len() { ", …" } else { "" }
                                    ),
                                ));
                            }
                        }
                        Err(e) => errors.push(FileError::new(ENGINE, "advisories", e.to_string())),
                    }
                }
            }
            Err(e) => errors.push(FileError::new(ENGINE, "advisories", e.to_string())),
        }
    }

    if let Some(inventory) = inventory.filter(|_| opts.online) {
        if db.is_none() {
            // the database doubles as the API cache: create it
            db = AdvisoryDb::open(&opts.advisory_db, true).ok();
        }
        let queries: BTreeSet<Query> = inventory
            .iter()
            .filter(|p| matchable(p))
            .filter_map(|p| Some(Query { ecosystem: p.ecosystem, name: p.name.clone(), version: p.version.clone()? }))
            .collect();
        let queries: Vec<Query> = queries.into_iter().collect();
        let result = OsvClient::new(&opts.osv_api_url, opts.api_timeout)
            .and_then(|c| advisory::api::fetch(&c, db.as_mut(), &queries));
        match result {
            Ok(list) => {
                notes.push(format!(
                    "OSV API {}: answered for {} package version(s), {} record(s)",
                    opts.osv_api_url,
                    queries.len(),
                    list.len()
                ));
                covered.extend(needed.iter().copied());
                list.into_iter().for_each(|a| index.add(Arc::new(a)));
            }
            Err(e) => {
                let missing: Vec<&str> = needed.iter().filter(|e| !covered.contains(e)).map(|e| e.as_str()).collect();
                notes.push(format!("OSV API {}: failed", opts.osv_api_url));
                errors.push(FileError::new(
                    ENGINE,
                    "advisories",
                    format!(
                        "{e}; {}",
                        if missing.is_empty() {
                            "matched against local advisory data only".to_string()
                        } else {
                            format!("no local advisory data for {}", missing.join(", "))
                        }
                    ),
                ))
            }
        }
    } else {
        notes.push("OSV API: not used (--offline or OSV_API_ENABLED=false)".into());
    }
    let missing: Vec<&str> = {
        let mut m: Vec<&str> = needed.iter().filter(|e| !covered.contains(e)).map(|e| e.as_str()).collect();
        m.sort_unstable();
        m
    };
    if !missing.is_empty() {
        errors.push(FileError::new(
            ENGINE,
            "advisories",
            format!(
                "no advisory data for {}: the OSV API is {} and neither the local database {} nor a record folder \
                 holds {} records; those dependencies were inventoried but not checked",
                missing.join(", "),
                if opts.online { "unreachable" } else { "off (--offline or OSV_API_ENABLED=false)" },
                opts.advisory_db.display(),
                missing.join("/")
            ),
        ));
    }
    (index, errors, missing.is_empty(), notes, damaged)
}

/// Step 4: match the inventory against the advisories. Packages are grouped by ecosystem and name, so
/// that a package's advisories are prepared (their ranges parsed) once however many lockfiles hold it;
/// the results keep the inventory's order.
pub fn match_inventory(inventory: &[Package], index: &AdvisoryIndex) -> (Vec<Finding>, Vec<FileError>) {
    let mut group_of: rustc_hash::FxHashMap<(Ecosystem, &str), usize> = Default::default();
    let mut groups: Vec<Vec<(usize, &Package)>> = Vec::new();
    for (i, p) in inventory.iter().enumerate().filter(|(_, p)| matchable(p)) {
        if index.for_package(p.ecosystem, &p.name).is_empty() {
            continue;
        }
        let g = *group_of.entry((p.ecosystem, p.name.as_str())).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push((i, p));
    }
    let mut results: Vec<(usize, Vec<Finding>, Option<FileError>)> =
        groups.par_iter().flat_map_iter(|g| match_group(g, index)).collect();
    results.sort_unstable_by_key(|(i, _, _)| *i);
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    for (_, f, e) in results {
        findings.extend(f);
        errors.extend(e);
    }
    (findings, errors)
}

/// The packages of one ecosystem and name (each with its place in the inventory) against their
/// advisories, prepared once; what a set of advisories says is worked out once for every version it
/// affects.
fn match_group(group: &[(usize, &Package)], index: &AdvisoryIndex) -> Vec<(usize, Vec<Finding>, Option<FileError>)> {
    let Some((_, first)) = group.first() else { return Vec::new() };
    let candidates = index.for_package(first.ecosystem, &first.name);
    let mut cache = matcher::VersionCache::default();
    let prepared: Vec<matcher::PreparedAdvisory<'_>> = candidates
        .iter()
        .map(|a| matcher::PreparedAdvisory::with_cache(a.as_ref(), first.ecosystem, &first.name, &mut cache))
        .collect();
    let mut said = HashMap::default();
    group
        .iter()
        .map(|(i, p)| {
            let (f, e) = match_package(p, &prepared, &mut said);
            (*i, f, e)
        })
        .filter(|(_, f, e)| !f.is_empty() || e.is_some())
        .collect()
}

/// What the advisories affecting a version say, by the set of them (their places among the package's
/// prepared advisories): one entry per alias group.
type Said = HashMap<Vec<usize>, std::rc::Rc<Vec<Advised>>>;

fn match_package(
    p: &Package,
    prepared: &[matcher::PreparedAdvisory<'_>],
    said: &mut Said,
) -> (Vec<Finding>, Option<FileError>) {
    let Some(text) = p.version.as_deref() else {
        return (Vec::new(), None);
    };
    if prepared.is_empty() {
        return (Vec::new(), None);
    }
    let Some(version) = Version::parse(p.ecosystem, text) else {
        let mut e = FileError::new(
            ENGINE,
            p.file_path.clone(),
            format!(
                "{} version '{text}' of {} cannot be compared; not checked against its {} advisories",
                p.ecosystem,
                p.name,
                prepared.len()
            ),
        );
        e.line_number = p.line_number;
        return (Vec::new(), Some(e));
    };
    let affecting: Vec<usize> = (0..prepared.len()).filter(|&i| prepared[i].affects(text, &version)).collect();
    if affecting.is_empty() {
        return (Vec::new(), None);
    }
    let refs: Vec<&matcher::PreparedAdvisory<'_>> = affecting.iter().filter_map(|&i| prepared.get(i)).collect();
    let fix = matcher::smallest_fix_prepared(&refs, p.ecosystem, &p.name, &version);
    let advised = said
        .entry(affecting)
        .or_insert_with(|| {
            let hits: Vec<&Advisory> = refs.iter().map(|a| a.advisory).collect();
            let groups = matcher::group_by_alias(&hits);
            std::rc::Rc::new(
                groups
                    .iter()
                    .map(|g| {
                        let members: Vec<&Advisory> = g.iter().filter_map(|&i| hits.get(i).copied()).collect();
                        Advised::new(p, &members)
                    })
                    .collect(),
            )
        })
        .clone();
    let total = refs.len();
    let findings = advised.iter().map(|a| vulnerability_finding(p, &version, a, fix.as_deref(), total)).collect();
    (findings, None)
}
/// What one alias group of advisories says about a package, whatever its version and file: worked out
/// once per group and package name.
struct Advised {
    id: String,
    aliases: Vec<String>,
    severity: Severity,
    score: Option<f64>,
    vector: Option<String>,
    /// the title's text after the package and version
    summary: String,
    description: String,
    /// every fixed version the group names, parsed, in version order
    fixed: Vec<(Version, String)>,
    cwe: Vec<String>,
    references: Vec<String>,
}

impl Advised {
    fn new(p: &Package, members: &[&Advisory]) -> Advised {
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for a in members {
            ids.insert(a.id.clone());
            ids.extend(a.aliases.iter().cloned());
        }
        let id = matcher::canonical_id(ids.iter().map(String::as_str)).unwrap_or_default();
        let aliases: Vec<String> = ids.iter().filter(|i| **i != id).cloned().collect();
        let (mut severity, mut score, mut vector) = (Severity::Info, None, None);
        for a in members {
            let aff = a.affected.iter().find(|x| matcher::names_package(x, p.ecosystem, &p.name));
            let (s, sc, v) = matcher::severity(a, aff);
            if s > severity || (s == severity && sc > score) {
                (severity, score, vector) = (s, sc, v);
            }
        }
        let summary = members
            .iter()
            .find_map(|a| a.summary.clone().filter(|s| !s.trim().is_empty()))
            .or_else(|| {
                members.iter().find_map(|a| {
                    a.details
                        .as_ref()
                        .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
                        .map(|l| truncate(l.trim(), 160))
                })
            })
            .unwrap_or_else(|| id.clone());
        let description = members
            .iter()
            .find_map(|a| a.details.as_deref().filter(|d| !d.trim().is_empty()))
            .map_or_else(|| truncate(&summary, MAX_DESCRIPTION), |d| truncate(d, MAX_DESCRIPTION));
        let mut fixed: Vec<(Version, String)> = Vec::new();
        let mut seen_fix: HashSet<String> = HashSet::new();
        for a in members {
            for f in matcher::fixed_versions(a, p.ecosystem, &p.name) {
                if !seen_fix.insert(f.clone()) {
                    continue;
                }
                if let Some(v) = Version::parse(p.ecosystem, &f) {
                    fixed.push((v, f));
                }
            }
        }
        // stable: the versions a package's version filters out leave the others in this order
        fixed.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        let mut cwe: BTreeSet<String> = BTreeSet::new();
        let mut references: Vec<String> = Vec::new();
        for a in members {
            if let Some(list) = a.database_specific.get("cwe_ids").and_then(|v| v.as_array()) {
                cwe.extend(list.iter().filter_map(|c| c.as_str()).map(str::to_string));
            }
            for r in &a.references {
                if !r.url.is_empty() && !references.contains(&r.url) && references.len() < 10 {
                    references.push(r.url.clone());
                }
            }
        }
        Advised {
            summary: truncate(&summary, 200),
            id,
            aliases,
            severity,
            score,
            vector,
            description,
            fixed,
            cwe: cwe.into_iter().collect(),
            references,
        }
    }
}

fn vulnerability_finding(p: &Package, version: &Version, a: &Advised, fix: Option<&str>, total: usize) -> Finding {
    let id = &a.id;
    // the fixed versions above the installed one, in version order
    let fixed: Vec<&str> = a
        .fixed
        .iter()
        .filter(|(v, _)| v.partial_cmp(version) == Some(std::cmp::Ordering::Greater))
        .map(|(_, t)| t.as_str())
        .collect();
    let installed = p.version.clone().unwrap_or_default();
    let via = if p.dependency_path.len() > 1 {
        format!(
            " {} is not a direct dependency: it comes in through {}; upgrade that chain, or force the version ({}).",
            p.name,
            p.dependency_path.join(" > "),
            match p.ecosystem {
                Ecosystem::Npm => "npm `overrides`, yarn `resolutions`, pnpm `overrides`",
                Ecosystem::PyPI => "a constraints file or a direct pin",
            }
        )
    } else {
        String::new()
    };
    let remediation = match (fix, fixed.first()) {
        (Some(v), _) => format!(
            "Outdated with a security patch: upgrade {} from {installed} to {v} or later ({v} is the smallest version that fixes {}).{via}",
            p.name,
            if total > 1 { format!("all {total} known vulnerabilities of {installed}") } else { id.to_string() }
        ),
        (None, Some(first)) => format!(
            "Upgrade {} to {first} or later for this vulnerability; no single version fixes every known vulnerability of {installed} yet.{via}",
            p.name
        ),
        (None, None) => format!(
            "No fixed version of {} is known for {id}. Consider replacing the package, removing it if unused, or mitigating as the advisory describes.{via}",
            p.name
        ),
    };
    let mut f = Finding::new(
        Engine::Deps,
        id,
        IssueType::dependency(p.ecosystem),
        a.severity,
        format!("{} {installed}: {}", p.name, a.summary),
    );
    f.description = a.description.clone();
    f.remediation = remediation;
    f.file_path = Some(p.file_path.clone());
    f.line_number = p.line_number;
    f.vulnerability_id = Some(id.clone());
    f.aliases = a.aliases.clone();
    f.package_name = Some(p.name.clone());
    f.package_version = Some(installed);
    f.fixed_versions = fixed.into_iter().map(str::to_string).collect();
    f.dependency_path = p.dependency_path.clone();
    f.ecosystem = Some(p.ecosystem);
    f.cvss_score = a.score;
    f.cvss_vector = a.vector.clone();
    f.dev = p.dev;
    f.confidence = Confidence::High;
    f.owasp = vec!["A06:2021".into()];
    f.cwe = a.cwe.clone();
    f.references = a.references.clone();
    f
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The whole engine after the per-file reading: reconcile, gather advisories, match.
fn run(files: Vec<FileOutput>, opts: &DepsOptions) -> EngineOutput {
    let mut out = EngineOutput::default();
    let mut results = Vec::with_capacity(files.len());
    for f in files {
        let Some(extractor) = EXTRACTORS.get(f.kind).copied() else { continue };
        out.scanned.push(ScannedFile {
            file_path: f.rel.clone(),
            engine: Engine::Deps,
            kind: extractor.name().to_string(),
            package_manager: Some(extractor.package_manager().to_string()),
            packages: u32::try_from(f.packages.len()).unwrap_or(u32::MAX),
            complete: f.complete,
        });
        out.errors.extend(f.errors);
        if f.complete {
            results.push(FileResult { rel: f.rel, extractor, packages: f.packages });
        }
    }

    let t = Instant::now();
    // offline, the advisories are read from the database while the inventory is put together (for the
    // names of the files' packages: the inventory keeps a subset of them); the API needs the final one
    let early = (!opts.online).then(|| {
        wanted(results.iter().flat_map(|r| r.packages.iter().filter(|p| !p.constraint && (opts.include_dev || !p.dev))))
    });
    let ((inventory, findings), early) = rayon::join(
        || inventory(results, opts.include_dev),
        || {
            early.map(|(needed, names)| {
                let t = Instant::now();
                let gathered = gather(needed, names, None, opts);
                (t.elapsed(), gathered)
            })
        },
    );
    out.findings = findings;
    let mut checks = DependencyChecks::default();
    for p in &inventory {
        if matchable(p) {
            checks.checked += 1;
        } else if p.requirement.is_some() && p.version.is_some() || is_source(p) {
            checks.non_registry += 1;
        } else {
            checks.unpinned += 1;
        }
    }
    out.timings.push(Timing { stage: "deps.inventory".into(), millis: millis(t.elapsed()) });

    let t = Instant::now();
    let (took, (index, adv_errors, available, notes, damaged)) = match early {
        _ if checks.checked == 0 => (
            t.elapsed(),
            (
                AdvisoryIndex::default(),
                Vec::new(),
                true,
                vec!["no package with an exact version: advisories not needed".into()],
                0,
            ),
        ),
        // read alongside the inventory: the stage's own time
        Some(early) => early,
        None => {
            let gathered = gather_advisories(&inventory, opts);
            (t.elapsed(), gathered)
        }
    };
    out.timings.push(Timing { stage: "deps.advisories".into(), millis: millis(took) });
    checks.advisories_available = available;
    out.notes = notes;
    out.errors.extend(adv_errors);
    if !available {
        out.incomplete = Some(format!(
            "no advisory data: {} package(s) with exact versions could not be checked for known vulnerabilities. \
             Get advisory data with `secscan db update` (downloads the OSV exports), `secscan db import <all.zip|dir>`, \
             or allow the OSV API (drop --offline / OSV_API_ENABLED=false); or accept an unchecked run explicitly \
             with --allow-no-advisories.",
            checks.checked
        ));
    } else if damaged > 0 {
        out.incomplete = Some(format!(
            "{damaged} stored advisory record(s) could not be read: the packages they name were not checked \
             against them. Import the advisories again (`secscan db update` or `secscan db import`)."
        ));
    }

    let t = Instant::now();
    let (vulns, match_errors) = match_inventory(&inventory, &index);
    out.findings.extend(vulns);
    out.errors.extend(match_errors);
    out.timings.push(Timing { stage: "deps.match".into(), millis: millis(t.elapsed()) });
    out.errors.sort_by(|a, b| (&a.file_path, a.line_number).cmp(&(&b.file_path, b.line_number)));
    out.checks = Some(checks);
    out.inventory = inventory;
    out
}

/// A package from a URL, a VCS or a local path (its requirement names the source).
fn is_source(p: &Package) -> bool {
    p.requirement.as_deref().is_some_and(|r| {
        r.contains("://")
            || r.starts_with("git+")
            || r.starts_with("file:")
            || r.starts_with("link:")
            || r.starts_with('.')
            || r.starts_with('/')
            || r.starts_with("github:")
            || r.starts_with("git@")
    })
}

fn millis(d: Duration) -> u64 {
    d.as_millis().min(u128::from(u64::MAX)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_sort_orders_as_the_field_comparison_does() {
        let mut inventory = Vec::new();
        let mut seed: u32 = 7;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        for i in 0..500 {
            let eco = if next(2) == 0 { Ecosystem::Npm } else { Ecosystem::PyPI };
            let name = format!("p{}", next(20));
            let version = (next(4) != 0).then(|| format!("1.{}.0", next(12)));
            let file = format!("d{}/lock", next(6));
            let mut p = Package::new(eco, &name, version, &file).at_line((next(3) != 0).then(|| next(50)));
            p.dev = i % 2 == 0;
            inventory.push(p);
        }
        // exact repeats (the same lock read twice) next to near-repeats
        let repeats: Vec<Package> = inventory.iter().step_by(7).cloned().collect();
        inventory.extend(repeats);
        let mut want = inventory.clone();
        want.sort_by(|a, b| {
            (a.ecosystem, &a.name, &a.version, &a.file_path, a.line_number).cmp(&(
                b.ecosystem,
                &b.name,
                &b.version,
                &b.file_path,
                b.line_number,
            ))
        });
        want.dedup();
        assert_eq!(sorted_inventory(inventory), want);
    }
}
