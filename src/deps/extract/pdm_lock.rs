//! `pdm.lock` (TOML).
//!
//! Each `[[package]]` is a locked package: `name`, `version`, and `groups = [...]` (lock format 4.4+):
//! a package that is not in the `"default"` group is needed only by other groups (dev dependency
//! groups or optional extras — the lock does not say which) and is reported as dev. A lock without
//! `groups` says nothing about dev.
//!
//! PDM writes a package once more for each set of extras it is installed with (`extras = [...]`,
//! same name and version): those entries are merged into one package (their groups and dependencies
//! too), keeping the line of the entry without extras.
//!
//! Non-registry packages (`git` + `revision`, `url`, `path`) keep their version and get
//! `requirement` = the source; the project itself (`path = "."`) is left out.
//!
//! The graph comes from `dependencies = ["name[extra]>=1; marker", ...]` (PEP 508 strings; only the
//! name matters). The lock does not record the project's own dependencies, so `direct` is false and
//! paths start at the packages nothing depends on (plus one package of each otherwise unreachable
//! cycle).
use super::toml_lock::{fallback_roots, parse_toml, resolve_by_name, string_list, vcs_requirement};
use super::warning;
use super::{shortest_paths, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use toml::{Spanned, Value};

pub(crate) struct PdmLock;

const FORMAT: &str = "pdm.lock";

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLock {
    package: Vec<RawPackage>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPackage {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    groups: Option<Value>,
    extras: Option<Value>,
    dependencies: Option<Value>,
    git: Option<Value>,
    revision: Option<Value>,
    #[serde(rename = "ref")]
    reference: Option<Value>,
    url: Option<Value>,
    path: Option<Value>,
}

/// One package being built, from one or more `[[package]]` entries.
struct Entry {
    package: Package,
    groups: Vec<String>,
    /// The line comes from an entry with extras (to be replaced by the plain entry's).
    line_from_extras: bool,
    deps: Vec<String>,
}

impl Extractor for PdmLock {
    fn name(&self) -> &'static str {
        FORMAT
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Lockfile
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["pdm.lock"]
    }
    fn package_manager(&self) -> &'static str {
        "pdm"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["pyproject.toml"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let (lock, text): (RawLock, &str) = parse_toml(FORMAT, src.content, &["files"])?;
        let lines = LineIndex::new(text);
        let mut out = Extraction::default();
        let mut entries: Vec<Entry> = Vec::with_capacity(lock.package.len());
        let mut index: HashMap<(String, Option<String>), usize> = HashMap::default();
        for raw in &lock.package {
            let line = raw.name.as_ref().map(|n| lines.line(n.span().start));
            let Some(name) = raw.name.as_ref().and_then(|n| n.get_ref().as_str()).filter(|n| !n.trim().is_empty())
            else {
                out.warnings.push(warning(src.rel, line, "[[package]] without a name: skipped"));
                continue;
            };
            let source = pdm_source(raw);
            if source.as_deref().is_some_and(is_project_itself) {
                continue;
            }
            let version = raw.version.as_ref().and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
            if version.is_none() && source.is_none() {
                out.warnings.push(warning(src.rel, line, format!("package {name} has no version: skipped")));
                continue;
            }
            let groups: Vec<String> = string_list(raw.groups.as_ref()).into_iter().map(str::to_string).collect();
            let deps: Vec<String> = string_list(raw.dependencies.as_ref())
                .into_iter()
                .filter_map(requirement_name)
                .map(|n| Ecosystem::PyPI.normalize_name(n))
                .collect();
            let with_extras = !string_list(raw.extras.as_ref()).is_empty();
            let key = (Ecosystem::PyPI.normalize_name(name), version.map(str::to_string));
            if let Some(entry) = index.get(&key).and_then(|&i| entries.get_mut(i)) {
                for g in groups {
                    if !entry.groups.contains(&g) {
                        entry.groups.push(g);
                    }
                }
                entry.deps.extend(deps);
                if entry.line_from_extras && !with_extras {
                    entry.package.line_number = line;
                    entry.line_from_extras = false;
                }
                continue;
            }
            let mut package = Package::new(Ecosystem::PyPI, name, key.1.clone(), src.rel).at_line(line);
            package.requirement = source;
            package.direct = false;
            index.insert(key, entries.len());
            entries.push(Entry { package, groups, line_from_extras: with_extras, deps });
        }

        let adjacency = resolve_by_name(entries.iter().map(|e| (e.package.name.as_str(), e.deps.as_slice())));
        let roots = fallback_roots(&adjacency);
        let mut paths = shortest_paths(
            &roots,
            |&i| adjacency.get(i).cloned().unwrap_or_default(),
            |&i| entries.get(i).map(|e| e.package.name.clone()).unwrap_or_default(),
        );
        out.packages = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let mut p = e.package;
                p.dev = !e.groups.is_empty() && !e.groups.iter().any(|g| g == "default");
                p.dependency_path = paths.remove(&i).unwrap_or_default();
                p
            })
            .collect();
        Ok(out)
    }
}

/// The requirement of a non-registry package, `None` for one from an index.
fn pdm_source(raw: &RawPackage) -> Option<String> {
    fn text(v: &Option<Value>) -> Option<&str> {
        v.as_ref().and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    }
    if let Some(git) = text(&raw.git) {
        return Some(vcs_requirement("git", git, text(&raw.revision).or(text(&raw.reference))));
    }
    text(&raw.url).or(text(&raw.path)).map(str::to_string)
}

/// `path = "."` or `url = "file:///${PROJECT_ROOT}"`: the project itself.
fn is_project_itself(source: &str) -> bool {
    let s = source.trim().trim_end_matches('/');
    matches!(s, "." | "" | "file:///${PROJECT_ROOT}" | "file://${PROJECT_ROOT}" | "${PROJECT_ROOT}")
}

/// The distribution name at the start of a PEP 508 requirement string (`name[extra] (>=1); marker`).
fn requirement_name(spec: &str) -> Option<&str> {
    let spec = spec.trim_start();
    let end =
        spec.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')).unwrap_or(spec.len());
    let name = spec.get(..end)?.trim_end_matches(['-', '_', '.']);
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Extraction {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("pdm.lock"),
            rel: "pdm.lock",
            content: text,
        };
        PdmLock.extract(&src).unwrap()
    }

    #[test]
    fn requirement_names() {
        assert_eq!(requirement_name("win-inet-pton; platform_system == \"Windows\""), Some("win-inet-pton"));
        assert_eq!(requirement_name("requests[socks]>=2"), Some("requests"));
        assert_eq!(requirement_name("  Foo.Bar (>=1)"), Some("Foo.Bar"));
        assert_eq!(requirement_name("zope.interface==5"), Some("zope.interface"));
        assert_eq!(requirement_name(">=1"), None);
    }

    #[test]
    fn extras_entries_merge_into_the_plain_one() {
        let x =
            run("[[package]]\nname = \"requests\"\nversion = \"2.31.0\"\nextras = [\"socks\"]\ngroups = [\"dev\"]\n\
                     dependencies = [\"requests==2.31.0\", \"PySocks>=1.5.6\"]\n\n\
                     [[package]]\nname = \"requests\"\nversion = \"2.31.0\"\ngroups = [\"default\"]\n\n\
                     [[package]]\nname = \"pysocks\"\nversion = \"1.7.1\"\ngroups = [\"dev\"]\n");
        let got: Vec<_> =
            x.packages.iter().map(|p| (p.name.as_str(), p.line_number, p.dev, p.dependency_path.join(">"))).collect();
        assert_eq!(
            got,
            vec![
                ("requests", Some(9), false, "requests".into()),
                ("pysocks", Some(14), true, "requests>pysocks".into())
            ]
        );
    }

    #[test]
    fn git_packages_keep_their_version_and_the_project_is_left_out() {
        let x = run("[[package]]\nname = \"toml\"\nversion = \"0.10.2\"\ngit = \"https://git.example/toml.git\"\n\
                     revision = \"65ba\"\ngroups = [\"default\"]\n\n\
                     [[package]]\nname = \"me\"\nversion = \"0.1\"\npath = \".\"\n");
        assert_eq!(x.packages.len(), 1);
        assert_eq!(x.packages[0].requirement.as_deref(), Some("git+https://git.example/toml.git@65ba"));
    }
}
