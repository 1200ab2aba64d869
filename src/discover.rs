//! Walk the tree once (in parallel) honouring .gitignore, .secscanignore and `--exclude`, skipping
//! dependency and tool folders, never following symbolic links; classify each file through the one
//! table of file kinds every engine registers into.
use crate::engine::FileKind;
use crate::error::{Error, Result};
use crate::model::FileError;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Folders never descended into: installed dependencies, VCS data, caches, virtual environments.
pub(crate) const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".virtualenv",
    "virtualenv",
    "__pycache__",
    ".tox",
    ".nox",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".secscan",
    ".yarn",
    ".pnpm-store",
];

/// Which engine reads a file, and as which of its kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct KindRef {
    /// Index into the engines given to [`KindTable::new`].
    pub engine: usize,
    /// Index into that engine's kinds.
    pub kind: usize,
}

/// The one table of file kinds every engine registers into: a file is classified once, by name and by
/// path, and every engine that claims it gets it (each engine as its first matching kind).
pub(crate) struct KindTable {
    names: GlobSet,
    name_refs: Vec<KindRef>,
    paths: GlobSet,
    path_refs: Vec<KindRef>,
}

fn glob(pattern: &str) -> Result<Glob> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| Error::config("file pattern", format!("{pattern}: {e}")))
}

impl KindTable {
    /// Build from each engine's kinds (outer index: engine, inner: kind).
    pub(crate) fn new(engines: &[Vec<FileKind>]) -> Result<KindTable> {
        let (mut names, mut paths) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut name_refs, mut path_refs) = (Vec::new(), Vec::new());
        for (engine, kinds) in engines.iter().enumerate() {
            for (kind, k) in kinds.iter().enumerate() {
                for p in k.names {
                    names.add(glob(p)?);
                    name_refs.push(KindRef { engine, kind });
                }
                for p in k.paths {
                    paths.add(glob(p)?);
                    path_refs.push(KindRef { engine, kind });
                }
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| Error::config("file pattern", e.to_string()));
        Ok(KindTable { names: build(names)?, name_refs, paths: build(paths)?, path_refs })
    }

    /// The kinds a file is read as: at most one per engine (its first matching kind), by engine.
    pub(crate) fn classify(&self, file_name: &str, rel: &str) -> Vec<KindRef> {
        let mut found: Vec<KindRef> = Vec::new();
        let hits = self
            .names
            .matches(file_name)
            .into_iter()
            .filter_map(|i| self.name_refs.get(i))
            .chain(self.paths.matches(rel).into_iter().filter_map(|i| self.path_refs.get(i)));
        for r in hits {
            match found.iter_mut().find(|f| f.engine == r.engine) {
                Some(f) if r.kind < f.kind => *f = *r,
                Some(_) => {}
                None => found.push(*r),
            }
        }
        found.sort();
        found
    }
}

/// A file worth reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiscoveredFile {
    pub path: PathBuf,
    /// Relative to the root, `/` separators (lossy for a non-UTF-8 path, which also gets a warning).
    pub rel: String,
    /// The engines that read it, and as what.
    pub kinds: Vec<KindRef>,
}

#[derive(Debug, Default)]
pub(crate) struct Discovery {
    /// Classified files, sorted by relative path.
    pub files: Vec<DiscoveredFile>,
    pub errors: Vec<FileError>,
    /// Every regular file seen (classified or not).
    pub files_seen: u64,
    /// Files git tracks that a .gitignore hides, scanned anyway.
    pub tracked_ignored: Vec<String>,
    /// Tracked files an engine would read that .secscanignore or --exclude keeps out of the scan.
    pub excluded: Vec<String>,
}

fn is_virtualenv(dir: &Path) -> bool {
    dir.join("pyvenv.cfg").is_file()
}

/// Path of `p` relative to `root` with `/` separators, and whether it was valid UTF-8.
pub(crate) fn relative(root: &Path, p: &Path) -> (String, bool) {
    let rel = p.strip_prefix(root).unwrap_or(p);
    let mut ok = true;
    let parts: Vec<String> = rel
        .components()
        .map(|c| {
            let s = c.as_os_str();
            match s.to_str() {
                Some(t) => t.to_string(),
                None => {
                    ok = false;
                    s.to_string_lossy().into_owned()
                }
            }
        })
        .collect();
    (parts.join("/"), ok)
}

/// Walk `root` once.
pub(crate) fn discover(root: &Path, exclude: &[String], table: &KindTable, threads: usize) -> Result<Discovery> {
    let mut overrides = OverrideBuilder::new(root);
    for g in exclude {
        overrides
            .add(&format!("!{}", g.trim_start_matches('!')))
            .map_err(|e| Error::config("exclude", format!("{g}: {e}")))?;
    }
    let overrides = overrides.build().map_err(|e| Error::config("exclude", e.to_string()))?;
    let excluded_by_flag = overrides.clone();
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(false)
        .parents(false)
        .add_custom_ignore_filename(".secscanignore")
        .overrides(overrides)
        .threads(threads.max(1))
        .filter_entry(|e| {
            if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            !SKIPPED_DIRS.contains(&name.as_ref()) && !is_virtualenv(e.path())
        });
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let seen = AtomicU64::new(0);
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    if let Ok(mut v) = errors.lock() {
                        v.push(FileError::new("discover", err_path(&err, root), err.to_string()));
                    }
                    return WalkState::Continue;
                }
            };
            let Some(ft) = entry.file_type() else {
                return WalkState::Continue;
            };
            if !ft.is_file() {
                return WalkState::Continue;
            }
            seen.fetch_add(1, Ordering::Relaxed);
            let Some(name) = entry.file_name().to_str() else {
                let (rel, _) = relative(root, entry.path());
                if let Ok(mut v) = errors.lock() {
                    v.push(FileError::new("discover", rel, "file name is not valid UTF-8; not classified"));
                }
                return WalkState::Continue;
            };
            let (rel, utf8) = relative(root, entry.path());
            let kinds = table.classify(name, &rel);
            if !kinds.is_empty() {
                if !utf8 {
                    if let Ok(mut v) = errors.lock() {
                        v.push(FileError::new(
                            "discover",
                            rel.clone(),
                            "path is not valid UTF-8; shown with replacement characters",
                        ));
                    }
                }
                if let Ok(mut v) = found.lock() {
                    v.push(DiscoveredFile { path: entry.path().to_path_buf(), rel, kinds });
                }
            }
            WalkState::Continue
        })
    });
    let mut files = found.into_inner().unwrap_or_default();
    let mut errors = errors.into_inner().unwrap_or_default();
    let mut seen = seen.into_inner();

    // Files git tracks are scanned even when a .gitignore matches them (a committed .gitignore must not
    // hide a committed lockfile); .secscanignore and --exclude still apply, and the files with a kind
    // they exclude are listed.
    let mut tracked_ignored = Vec::new();
    let mut excluded = Vec::new();
    if let Some(tracked) = tracked_files(root) {
        let walked: HashSet<String> = files.iter().map(|f| f.rel.clone()).collect();
        let mut secscanignores = SecscanIgnores::new(root);
        let mut extra = Vec::new();
        for rel in tracked.iter().filter(|r| !walked.contains(*r)) {
            let path = root.join(rel);
            let skipped_dir = rel.split('/').rev().skip(1).any(|c| SKIPPED_DIRS.contains(&c));
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            if skipped_dir || !meta.is_file() {
                continue;
            }
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let kinds = table.classify(name, rel);
            if excluded_by_flag.matched(&path, false).is_ignore() || secscanignores.ignores(&path) {
                if !kinds.is_empty() {
                    excluded.push(rel.clone());
                }
                continue;
            }
            seen += 1;
            if !kinds.is_empty() {
                tracked_ignored.push(rel.clone());
                extra.push(DiscoveredFile { path, rel: rel.clone(), kinds });
            }
        }
        files.extend(extra);
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    excluded.sort();
    excluded.dedup();
    errors.sort_by(|a, b| a.file_path.cmp(&b.file_path));
    Ok(Discovery { files, errors, files_seen: seen, tracked_ignored, excluded })
}

/// `.secscanignore` files by folder, read when first needed, to judge files the walk did not reach.
struct SecscanIgnores<'a> {
    root: &'a Path,
    by_dir: HashMap<PathBuf, Option<ignore::gitignore::Gitignore>>,
}

impl<'a> SecscanIgnores<'a> {
    fn new(root: &'a Path) -> SecscanIgnores<'a> {
        SecscanIgnores { root, by_dir: HashMap::new() }
    }

    /// Whether a `.secscanignore` in the root or a folder between it and `path` ignores `path`.
    fn ignores(&mut self, path: &Path) -> bool {
        let mut dirs: Vec<PathBuf> =
            path.ancestors().skip(1).take_while(|d| d.starts_with(self.root)).map(Path::to_path_buf).collect();
        dirs.reverse();
        for dir in dirs {
            let matcher = self.by_dir.entry(dir.clone()).or_insert_with(|| {
                let file = dir.join(".secscanignore");
                std::fs::symlink_metadata(&file).ok().filter(|m| m.is_file())?;
                let mut b = ignore::gitignore::GitignoreBuilder::new(&dir);
                b.add(&file);
                b.build().ok()
            });
            if let Some(m) = matcher {
                if m.matched_path_or_any_parents(path, false).is_ignore() {
                    return true;
                }
            }
        }
        false
    }
}

/// The largest git index read (a repository of a million files has an index of about 100 MB).
const MAX_INDEX_BYTES: u64 = 512 * 1024 * 1024;

/// The files git tracks below `root`, relative to it with `/` separators, read from the index of the
/// work tree that contains `root` (a `.git` folder at or above it). `None` outside a git work tree or
/// when the index cannot be read. Git itself is never run (a scanned repository's git configuration
/// could make it run commands).
pub(crate) fn tracked_files(root: &Path) -> Option<Vec<String>> {
    let repo = root.ancestors().take(64).find(|d| d.join(".git").is_dir())?;
    let index = repo.join(".git").join("index");
    let meta = std::fs::symlink_metadata(&index).ok().filter(|m| m.is_file() && m.len() <= MAX_INDEX_BYTES)?;
    let mut data = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(&index).ok()?.take(MAX_INDEX_BYTES).read_to_end(&mut data).ok()?;
    let options = gix_index::decode::Options {
        thread_limit: Some(1),
        alloc_limit_bytes: Some(usize::try_from(MAX_INDEX_BYTES).unwrap_or(usize::MAX)),
        ..Default::default()
    };
    let (state, _) =
        gix_index::State::from_bytes(&data, filetime::FileTime::zero(), gix_index::hash::Kind::Sha1, options).ok()?;
    let prefix = relative(repo, root).0;
    let mut out: Vec<String> = state
        .entries()
        .iter()
        .filter_map(|e| std::str::from_utf8(e.path(&state)).ok())
        .filter_map(|p| if prefix.is_empty() { Some(p) } else { p.strip_prefix(prefix.as_str())?.strip_prefix('/') })
        .filter(|p| !p.is_empty() && !p.split('/').any(|c| c == ".." || c == "." || c.is_empty()))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

fn err_path(err: &ignore::Error, root: &Path) -> String {
    fn find(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => find(err),
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    find(err).map(|p| relative(root, p).0).unwrap_or_else(|| ".".to_string())
}

/// Paths of tests, fixtures, examples and documentation (the secrets engine lowers confidence there; the
/// practices engine leaves test settings and test `.env` files out).
pub(crate) fn is_test_path(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let mut parts = lower.split('/').collect::<Vec<_>>();
    let name = parts.pop().unwrap_or_default();
    let dirs = [
        "test",
        "tests",
        "__tests__",
        "spec",
        "specs",
        "fixture",
        "fixtures",
        "testdata",
        "test_data",
        "test-data",
        "example",
        "examples",
        "sample",
        "samples",
        "doc",
        "docs",
        "documentation",
        "mock",
        "mocks",
        "__mocks__",
        "e2e",
    ];
    parts.iter().any(|p| dirs.contains(p))
        || name.starts_with("test_")
        || name == "conftest.py"
        || [".test.", ".spec.", "_test.", ".example", ".sample"].iter().any(|s| name.contains(s))
        || name.ends_with(".md")
        || name.ends_with(".rst")
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_paths() {
        assert!(is_test_path("tests/test_api.py"));
        assert!(is_test_path("src/__tests__/a.js"));
        assert!(is_test_path("docs/setup.md"));
        assert!(!is_test_path("app/settings.py"));
        assert!(!is_test_path("src/contest.py"));
    }

    use super::*;

    type Kinds<'a> = &'a [(&'static str, &'static [&'static str], &'static [&'static str])];

    fn table(engines: &[Kinds<'_>]) -> KindTable {
        let kinds: Vec<Vec<FileKind>> = engines
            .iter()
            .map(|ks| ks.iter().map(|(name, names, paths)| FileKind { name, names, paths }).collect())
            .collect();
        KindTable::new(&kinds).expect("table")
    }

    #[test]
    fn every_engine_gets_its_first_matching_kind_by_name_or_path() {
        let t = table(&[
            &[
                ("req", &["*requirements*.txt"], &["**/requirements/**/*.txt"]),
                ("constraints", &["constraints*.txt"], &[]),
            ],
            &[("any", &["*"], &[])],
        ]);
        let refs = |name: &str, rel: &str| -> Vec<(usize, usize)> {
            t.classify(name, rel).iter().map(|r| (r.engine, r.kind)).collect()
        };
        assert_eq!(refs("test-requirements.txt", "test-requirements.txt"), vec![(0, 0), (1, 0)]);
        assert_eq!(refs("base.txt", "requirements/base.txt"), vec![(0, 0), (1, 0)]);
        assert_eq!(refs("main.txt", "a/requirements/sub/main.txt"), vec![(0, 0), (1, 0)]);
        assert_eq!(refs("constraints.txt", "constraints.txt"), vec![(0, 1), (1, 0)]);
        assert_eq!(refs("notes.txt", "docs/notes.txt"), vec![(1, 0)]);
        // `*` does not cross a separator
        assert_eq!(refs("x.txt", "requirements-x/y/x.txt"), vec![(1, 0)]);
    }

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, "x").expect("write");
    }

    #[test]
    fn walks_once_honouring_ignores_and_skipped_dirs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let r = dir.path();
        for f in [
            "package.json",
            "a/requirements.txt",
            "a/requirements-dev.txt",
            "node_modules/x/package.json",
            ".venv/lib/requirements.txt",
            "env2/pyvenv.cfg",
            "env2/requirements.txt",
            "ignored/package.json",
            "excluded/package.json",
            "secret/package.json",
            "src/app.py",
        ] {
            touch(r, f);
        }
        std::fs::write(r.join(".gitignore"), "ignored/\n").expect("gitignore");
        std::fs::write(r.join(".secscanignore"), "secret/\n").expect("secscanignore");
        let c = table(&[&[("package.json", &["package.json"], &[])], &[("requirements", &["requirements*.txt"], &[])]]);
        let d = discover(r, &["excluded/**".to_string()], &c, 2).expect("discover");
        let rels: Vec<_> = d.files.iter().map(|f| (f.rel.as_str(), f.kinds[0].engine)).collect();
        assert_eq!(rels, vec![("a/requirements-dev.txt", 1), ("a/requirements.txt", 1), ("package.json", 0)]);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let r = dir.path();
        touch(r, "a/package.json");
        std::os::unix::fs::symlink(r, r.join("a/loop")).expect("symlink");
        std::os::unix::fs::symlink(r.join("a/package.json"), r.join("linked-package.json")).expect("symlink");
        let c = table(&[&[("package.json", &["package.json", "*-package.json"], &[])]]);
        let d = discover(r, &[], &c, 1).expect("discover");
        let rels: Vec<_> = d.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, vec!["a/package.json"]);
    }
}
