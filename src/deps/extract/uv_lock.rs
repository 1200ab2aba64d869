//! `uv.lock` (TOML).
//!
//! Each `[[package]]` is a locked package (`name`, `version`, `source`), except the project itself
//! and the other workspace members: a package whose source is `{ virtual = ... }`, `{ editable = "." }`,
//! or `{ editable = ... }` for a name listed in `[manifest] members`. Those are left out, and their
//! dependencies are the project's direct dependencies (`direct = true`):
//! - `dependencies = [{ name = ... }]` → production roots;
//! - `[package.optional-dependencies]` (extras) → optional roots;
//! - `[package.dev-dependencies]` (dependency groups) → dev roots.
//!
//! The graph follows `dependencies` and the `optional-dependencies`/`dev-dependencies` tables of the
//! other packages (a reference with `version` picks that version when a name is locked more than once).
//! A package reachable from a production root is neither dev nor optional; otherwise it is optional
//! when an optional root reaches it, else dev when a dev root reaches it. `dependency_path` is the
//! shortest path from a direct dependency. A lock without any workspace member falls back to paths
//! from the packages nothing depends on (and then nothing is direct).
//!
//! Non-registry sources (`git`, `url`, `path`, `directory`, a non-member `editable`) keep their
//! version and get `requirement` = the source so the matcher skips them.
use super::toml_lock::{fallback_roots, parse_toml, string_list};
use super::warning;
use super::{reachable, shortest_paths, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::collections::HashSet;
use toml::{Spanned, Value};

pub(crate) struct UvLock;

const FORMAT: &str = "uv.lock";

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLock {
    package: Vec<RawPackage>,
    manifest: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct RawPackage {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    source: Option<Value>,
    dependencies: Option<Value>,
    optional_dependencies: Option<Value>,
    dev_dependencies: Option<Value>,
}

/// A reference to a locked package: normalised name and, when given, the version.
type Ref<'a> = (String, Option<&'a str>);

impl Extractor for UvLock {
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
        &["uv.lock"]
    }
    fn package_manager(&self) -> &'static str {
        "uv"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["pyproject.toml"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let (lock, text): (RawLock, &str) = parse_toml(FORMAT, src.content, &["wheels"])?;
        let lines = LineIndex::new(text);
        let mut out = Extraction::default();
        let members: HashSet<String> =
            string_list(lock.manifest.as_ref().and_then(Value::as_table).and_then(|m| m.get("members")))
                .into_iter()
                .map(|m| Ecosystem::PyPI.normalize_name(m))
                .collect();

        let (mut prod_refs, mut opt_refs, mut dev_refs) = (Vec::new(), Vec::new(), Vec::new());
        let mut any_member = false;
        // kept packages with the references of their own dependencies
        let mut kept: Vec<(Package, Vec<Ref>)> = Vec::with_capacity(lock.package.len());
        for raw in &lock.package {
            let line = raw.name.as_ref().map(|n| lines.line(n.span().start));
            let Some(name) = raw.name.as_ref().and_then(|n| n.get_ref().as_str()).filter(|n| !n.trim().is_empty())
            else {
                out.warnings.push(warning(src.rel, line, "[[package]] without a name: skipped"));
                continue;
            };
            let normalized = Ecosystem::PyPI.normalize_name(name);
            let source = raw.source.as_ref().and_then(Value::as_table);
            if source.is_none() && !members.contains(&normalized) {
                // uv writes a source for every package; without one this entry was cut short (it may be the
                // project itself, whose `source = { virtual = "." }` is missing)
                out.warnings.push(warning(
                    src.rel,
                    line,
                    format!("package {name} has no source (cut short?): skipped"),
                ));
                continue;
            }
            if is_member(source, &normalized, &members) {
                any_member = true;
                prod_refs.extend(refs(raw.dependencies.as_ref()));
                opt_refs.extend(group_refs(raw.optional_dependencies.as_ref()));
                dev_refs.extend(group_refs(raw.dev_dependencies.as_ref()));
                continue;
            }
            let requirement = source.and_then(source_requirement);
            let version = raw.version.as_ref().and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
            if version.is_none() && requirement.is_none() {
                out.warnings.push(warning(src.rel, line, format!("package {name} has no version: skipped")));
                continue;
            }
            let mut pkg = Package::new(Ecosystem::PyPI, name, version.map(str::to_string), src.rel).at_line(line);
            pkg.requirement = requirement;
            pkg.direct = false;
            let mut deps = refs(raw.dependencies.as_ref());
            deps.extend(group_refs(raw.optional_dependencies.as_ref()));
            deps.extend(group_refs(raw.dev_dependencies.as_ref()));
            kept.push((pkg, deps));
        }

        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, (p, _)) in kept.iter().enumerate() {
            by_name.entry(p.name.as_str()).or_default().push(i);
        }
        let resolve = |refs: &[Ref]| -> Vec<usize> {
            let mut out = Vec::new();
            for (name, version) in refs {
                let Some(candidates) = by_name.get(name.as_str()) else {
                    continue;
                };
                let exact: Vec<usize> = match version {
                    Some(v) if candidates.len() > 1 => candidates
                        .iter()
                        .copied()
                        .filter(|&i| kept.get(i).and_then(|k| k.0.version.as_deref()) == Some(*v))
                        .collect(),
                    _ => Vec::new(),
                };
                out.extend(if exact.is_empty() { candidates.clone() } else { exact });
            }
            out
        };
        let adjacency: Vec<Vec<usize>> = kept.iter().map(|(_, deps)| resolve(deps)).collect();
        let children = |&i: &usize| adjacency.get(i).cloned().unwrap_or_default();
        let (prod, opt, dev) = (resolve(&prod_refs), resolve(&opt_refs), resolve(&dev_refs));

        let roots: Vec<usize> = if any_member {
            prod.iter().chain(&opt).chain(&dev).copied().collect()
        } else {
            fallback_roots(&adjacency)
        };
        let direct: HashSet<usize> = if any_member { roots.iter().copied().collect() } else { HashSet::new() };
        let in_prod = reachable(&prod, children);
        let in_opt = reachable(&opt, children);
        let in_dev = reachable(&dev, children);
        let mut paths =
            shortest_paths(&roots, children, |&i| kept.get(i).map(|k| k.0.name.clone()).unwrap_or_default());

        out.packages = kept
            .into_iter()
            .enumerate()
            .map(|(i, (mut p, _))| {
                p.direct = direct.contains(&i);
                if !in_prod.contains(&i) {
                    p.optional = in_opt.contains(&i);
                    p.dev = !p.optional && in_dev.contains(&i);
                }
                p.dependency_path = paths.remove(&i).unwrap_or_default();
                p
            })
            .collect();
        Ok(out)
    }
}

/// The project itself or another workspace member (not a package to report).
fn is_member(source: Option<&toml::Table>, name: &str, members: &HashSet<String>) -> bool {
    // a member listed in the manifest whose `source` line was cut off is still the member
    let Some(source) = source else { return members.contains(name) };
    if source.contains_key("virtual") {
        return true;
    }
    match source.get("editable").and_then(Value::as_str) {
        Some(path) => is_dot(path) || members.contains(name),
        None => false,
    }
}

fn is_dot(path: &str) -> bool {
    matches!(path.trim(), "." | "./" | "")
}

/// The requirement of a non-registry source, `None` for a registry.
fn source_requirement(source: &toml::Table) -> Option<String> {
    if let Some(git) = source.get("git").and_then(Value::as_str) {
        // uv writes `https://host/repo?rev=x#<commit>`: keep it whole, marked as git
        return Some(if git.starts_with("git+") { git.to_string() } else { format!("git+{git}") });
    }
    ["url", "path", "directory", "editable"]
        .iter()
        .find_map(|k| source.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

/// References in an array of `{ name = ..., version = ... }` tables.
fn refs(value: Option<&Value>) -> Vec<Ref<'_>> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(Value::as_table)
        .filter_map(|t| {
            let name = t.get("name").and_then(Value::as_str)?;
            Some((Ecosystem::PyPI.normalize_name(name), t.get("version").and_then(Value::as_str)))
        })
        .collect()
}

/// References in a table of groups/extras, each an array of `{ name = ... }` tables.
fn group_refs(value: Option<&Value>) -> Vec<Ref<'_>> {
    let Some(Value::Table(groups)) = value else {
        return Vec::new();
    };
    groups.values().flat_map(|g| refs(Some(g))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Extraction {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("uv.lock"),
            rel: "uv.lock",
            content: text,
        };
        UvLock.extract(&src).unwrap()
    }

    const LOCK: &str = r#"version = 1

[manifest]
members = ["app", "lib"]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "lib" }, { name = "a" }]

[package.optional-dependencies]
s3 = [{ name = "b" }]

[package.dev-dependencies]
dev = [{ name = "c" }, { name = "b" }]

[[package]]
name = "lib"
version = "0.1.0"
source = { editable = "packages/lib" }
dependencies = [{ name = "d", version = "2.0" }]

[[package]]
name = "a"
version = "1.0"
source = { registry = "https://pypi.example/simple" }
dependencies = [{ name = "d", version = "1.0" }]

[[package]]
name = "b"
version = "1.0"
source = { registry = "https://pypi.example/simple" }
dependencies = [{ name = "e" }]

[[package]]
name = "c"
version = "1.0"
source = { git = "https://git.example/c?rev=main#abc" }
dependencies = [{ name = "f" }]

[[package]]
name = "d"
version = "1.0"
source = { registry = "https://pypi.example/simple" }

[[package]]
name = "d"
version = "2.0"
source = { registry = "https://pypi.example/simple" }

[[package]]
name = "e"
version = "1.0"
source = { registry = "https://pypi.example/simple" }

[[package]]
name = "f"
version = "1.0"
source = { registry = "https://pypi.example/simple" }
"#;

    #[test]
    fn members_are_left_out_and_their_dependencies_are_direct() {
        let x = run(LOCK);
        let got: Vec<_> = x
            .packages
            .iter()
            .map(|p| {
                (
                    format!("{}@{}", p.name, p.version.as_deref().unwrap_or("")),
                    p.direct,
                    p.dev,
                    p.optional,
                    p.dependency_path.join(">"),
                )
            })
            .collect();
        let want: Vec<(String, bool, bool, bool, String)> = vec![
            ("a@1.0".into(), true, false, false, "a".into()),
            ("b@1.0".into(), true, false, true, "b".into()),
            ("c@1.0".into(), true, true, false, "c".into()),
            ("d@1.0".into(), false, false, false, "a>d".into()),
            ("d@2.0".into(), true, false, false, "d".into()),
            ("e@1.0".into(), false, false, true, "b>e".into()),
            ("f@1.0".into(), false, true, false, "c>f".into()),
        ];
        assert_eq!(got, want);
        let c = x.packages.iter().find(|p| p.name == "c").unwrap();
        assert_eq!(c.requirement.as_deref(), Some("git+https://git.example/c?rev=main#abc"));
        assert_eq!(x.packages[0].line_number, Some(25));
    }
}
