//! Manifest and lockfile extractors: one module per format, each registered once in [`EXTRACTORS`].
//!
//! An extractor reads one file's text and returns the packages it declares or locks. It never executes
//! anything, never touches the network and never panics on input: malformed content is an
//! [`ExtractError`] naming what is wrong, which the engine turns into a per-file warning.
use crate::model::{Ecosystem, FileError, Package};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{HashSet, VecDeque};
use std::hash::Hash;
use std::path::{Path, PathBuf};

pub(crate) use crate::syntax::LineIndex;

pub(crate) mod bun_lock;
mod json;
mod npm;
pub(crate) mod package_json;
pub(crate) mod package_lock;
pub(crate) mod pdm_lock;
mod pep508;
pub(crate) mod pipfile;
pub(crate) mod pipfile_lock;
pub(crate) mod pnpm_lock;
pub(crate) mod poetry_lock;
pub(crate) mod pylock;
pub(crate) mod pyproject;
pub(crate) mod requirements;
pub(crate) mod setup_cfg;
pub(crate) mod setup_py;
mod toml_lock;
pub(crate) mod uv_lock;
mod yaml_block;
pub(crate) mod yarn_lock;

/// Every format secscan reads. Adding a format: one module, one line here, one fixtures folder.
pub static EXTRACTORS: &[&dyn Extractor] = &[
    &requirements::Requirements,
    &pyproject::Pyproject,
    &setup_py::SetupPy,
    &setup_cfg::SetupCfg,
    &pipfile::Pipfile,
    &pipfile_lock::PipfileLock,
    &poetry_lock::PoetryLock,
    &uv_lock::UvLock,
    &pdm_lock::PdmLock,
    &pylock::Pylock,
    &package_json::PackageJson,
    &package_lock::PackageLock,
    &yarn_lock::YarnLock,
    &pnpm_lock::PnpmLock,
    &bun_lock::BunLock,
];

/// Look an extractor up by its format name.
pub fn by_name(name: &str) -> Option<&'static dyn Extractor> {
    EXTRACTORS.iter().copied().find(|e| e.name() == name)
}

/// Whether a file states intent (manifest) or pins what is installed (lockfile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Manifest,
    Lockfile,
}

/// One file to extract.
pub struct Source<'a> {
    /// The scanned root (canonical). Includes must stay inside it.
    pub root: &'a Path,
    /// Absolute path of the file.
    pub path: &'a Path,
    /// Path relative to the root with `/` separators: what goes into `Package::file_path`.
    pub rel: &'a str,
    /// The file's text (already checked to be UTF-8 and within the size limit).
    pub content: &'a str,
    /// Files this scan reads on their own (absolute paths): an include of one of them is not read again
    /// here (its packages come from its own reading). `None`: follow every include.
    pub read_separately: Option<&'a HashSet<PathBuf>>,
}

/// What one file yielded.
#[derive(Debug, Default)]
pub struct Extraction {
    pub packages: Vec<Package>,
    /// Non-fatal problems (a line that could not be read, an include refused); the rest of the file counts.
    pub warnings: Vec<FileError>,
}

/// Why a whole file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("not valid {format}: {message}")]
    Syntax { format: &'static str, message: String },
    #[error("unsupported {format}: {message}")]
    Unsupported { format: &'static str, message: String },
}

/// A manifest/lockfile format.
pub trait Extractor: Sync + Send {
    /// The format's name as users know it (`package-lock.json`, `poetry.lock`).
    fn name(&self) -> &'static str;
    fn ecosystem(&self) -> Ecosystem;
    fn kind(&self) -> FileKind;
    /// Glob patterns matched against the file name only (`requirements*.txt`).
    fn file_names(&self) -> &'static [&'static str];
    /// Glob patterns matched against the path relative to the root (`**/requirements/**/*.txt`); `*`
    /// does not cross a `/`.
    fn path_patterns(&self) -> &'static [&'static str] {
        &[]
    }
    /// For a lockfile: the manifest formats (by name) whose ranges it pins when it sits beside or above
    /// them (`package-lock.json` locks `package.json`).
    fn locks(&self) -> &'static [&'static str] {
        &[]
    }
    /// The package manager that writes or reads the file, as GitLab's dependency list names it.
    fn package_manager(&self) -> &'static str;
    /// A library's declared compatibility ranges (setup.py, setup.cfg), not what is deployed: no "no
    /// lockfile" finding for its ranges.
    fn is_library_metadata(&self) -> bool {
        false
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError>;
}

/// A per-entry warning of the dependency engine about file `rel`.
pub(crate) fn warning(rel: &str, line: Option<u32>, message: impl Into<String>) -> FileError {
    let mut w = FileError::new("deps", rel, message);
    w.line_number = line;
    w
}

/// The text without a leading byte-order mark.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Shortest dependency paths over a graph, by breadth-first search from the direct dependencies.
///
/// `roots` are the direct dependencies, `children` lists a node's dependencies and `name` gives the
/// package name shown in the path. Each reachable node gets the names from its root down to itself.
/// Linear in nodes + edges; cycles are fine.
pub fn shortest_paths<K, C, N>(roots: &[K], mut children: C, mut name: N) -> HashMap<K, Vec<String>>
where
    K: Hash + Eq + Clone,
    C: FnMut(&K) -> Vec<K>,
    N: FnMut(&K) -> String,
{
    let mut parent: HashMap<K, Option<K>> = HashMap::default();
    let mut queue = VecDeque::new();
    for r in roots {
        if !parent.contains_key(r) {
            parent.insert(r.clone(), None);
            queue.push_back(r.clone());
        }
    }
    let mut order = Vec::new();
    while let Some(node) = queue.pop_front() {
        for child in children(&node) {
            if !parent.contains_key(&child) {
                parent.insert(child.clone(), Some(node.clone()));
                queue.push_back(child);
            }
        }
        order.push(node);
    }
    let mut paths: HashMap<K, Vec<String>> = HashMap::with_capacity_and_hasher(order.len(), Default::default());
    // BFS order guarantees a parent's path is known before its children's.
    for node in order {
        let mut path = match parent.get(&node).and_then(|p| p.as_ref()) {
            Some(p) => paths.get(p).cloned().unwrap_or_default(),
            None => Vec::new(),
        };
        path.push(name(&node));
        paths.insert(node, path);
    }
    paths
}

/// Every node reachable from `roots` (roots included).
pub fn reachable<K, C>(roots: &[K], mut children: C) -> HashSet<K>
where
    K: Hash + Eq + Clone,
    C: FnMut(&K) -> Vec<K>,
{
    let mut seen: HashSet<K> = roots.iter().cloned().collect();
    let mut stack: Vec<K> = roots.to_vec();
    while let Some(node) = stack.pop() {
        for child in children(&node) {
            if seen.insert(child.clone()) {
                stack.push(child);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_paths_prefer_short_routes_and_survive_cycles() {
        let edges: HashMap<&str, Vec<&str>> =
            [("a", vec!["b", "c"]), ("b", vec!["c", "d"]), ("c", vec!["a"]), ("x", vec!["d"])].into_iter().collect();
        let paths = shortest_paths(&["a", "x"], |k| edges.get(k).cloned().unwrap_or_default(), |k| k.to_string());
        assert_eq!(paths["a"], vec!["a"]);
        assert_eq!(paths["c"], vec!["a", "c"]);
        assert_eq!(paths["d"], vec!["x", "d"]);
    }

    #[test]
    fn reachable_includes_roots() {
        let edges: HashMap<u8, Vec<u8>> = [(1, vec![2]), (2, vec![1, 3])].into_iter().collect();
        let r = reachable(&[1], |k| edges.get(k).cloned().unwrap_or_default());
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn every_extractor_has_a_unique_name_and_patterns() {
        let mut names = HashSet::new();
        for e in EXTRACTORS {
            assert!(names.insert(e.name()), "duplicate extractor name {}", e.name());
            assert!(!e.file_names().is_empty(), "{} has no file names", e.name());
        }
    }
}
