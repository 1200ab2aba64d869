//! Walk the tree once (in parallel) honouring .gitignore, .secscanignore and `--exclude`, skipping
//! dependency and tool folders, never following symbolic links; classify each file by its name through
//! one table of glob patterns.
use crate::error::{Error, Result};
use crate::model::FileError;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Folders never descended into: installed dependencies, VCS data, caches, virtual environments.
pub const SKIPPED_DIRS: &[&str] = &[
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

/// Maps a file name to a tag (the caller's meaning, e.g. an index into the extractor list).
pub struct Classifier {
    set: GlobSet,
    tags: Vec<usize>,
}

impl Classifier {
    /// Build from (glob on the file name, tag) pairs; the first matching pattern wins.
    pub fn new<'a>(patterns: impl IntoIterator<Item = (&'a str, usize)>) -> Result<Classifier> {
        let mut b = GlobSetBuilder::new();
        let mut tags = Vec::new();
        for (p, tag) in patterns {
            let glob = Glob::new(p).map_err(|e| Error::config("file pattern", format!("{p}: {e}")))?;
            b.add(glob);
            tags.push(tag);
        }
        let set = b.build().map_err(|e| Error::config("file pattern", e.to_string()))?;
        Ok(Classifier { set, tags })
    }

    pub fn classify(&self, file_name: &str) -> Option<usize> {
        self.set.matches(file_name).first().and_then(|&i| self.tags.get(i).copied())
    }
}

/// A file worth reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredFile {
    pub path: PathBuf,
    /// Relative to the root, `/` separators (lossy for a non-UTF-8 path, which also gets a warning).
    pub rel: String,
    pub tag: usize,
}

#[derive(Debug, Default)]
pub struct Discovery {
    /// Classified files, sorted by relative path.
    pub files: Vec<DiscoveredFile>,
    pub errors: Vec<FileError>,
    /// Every regular file seen (classified or not).
    pub files_seen: u64,
}

fn is_virtualenv(dir: &Path) -> bool {
    dir.join("pyvenv.cfg").is_file()
}

/// Path of `p` relative to `root` with `/` separators, and whether it was valid UTF-8.
pub fn relative(root: &Path, p: &Path) -> (String, bool) {
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
pub fn discover(root: &Path, exclude: &[String], classifier: &Classifier, threads: usize) -> Result<Discovery> {
    let mut overrides = OverrideBuilder::new(root);
    for g in exclude {
        overrides
            .add(&format!("!{}", g.trim_start_matches('!')))
            .map_err(|e| Error::config("exclude", format!("{g}: {e}")))?;
    }
    let overrides = overrides.build().map_err(|e| Error::config("exclude", e.to_string()))?;
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
            if let Some(tag) = classifier.classify(name) {
                let (rel, utf8) = relative(root, entry.path());
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
                    v.push(DiscoveredFile { path: entry.path().to_path_buf(), rel, tag });
                }
            }
            WalkState::Continue
        })
    });
    let mut files = found.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut errors = errors.into_inner().unwrap_or_default();
    errors.sort_by(|a, b| a.file_path.cmp(&b.file_path));
    Ok(Discovery { files, errors, files_seen: seen.into_inner() })
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let c = Classifier::new([("package.json", 0), ("requirements*.txt", 1)]).expect("classifier");
        let d = discover(r, &["excluded/**".to_string()], &c, 2).expect("discover");
        let rels: Vec<_> = d.files.iter().map(|f| (f.rel.as_str(), f.tag)).collect();
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
        let c = Classifier::new([("package.json", 0), ("*-package.json", 0)]).expect("classifier");
        let d = discover(r, &[], &c, 1).expect("discover");
        let rels: Vec<_> = d.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, vec!["a/package.json"]);
    }
}
