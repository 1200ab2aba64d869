//! `poetry.lock` (Poetry 1.x and 2.x lock files, TOML).
//!
//! Each `[[package]]` table is one locked package: `name`, `version`, and
//! - dev: `category = "dev"` (lock format 1.x) or `groups = [...]` without `"main"` (Poetry 2, lock 2.1);
//!   lock format 2.0 (Poetry 1.5–1.8) records neither, so its packages are not dev here;
//! - optional: `optional = true` (needed only for an extra of the project);
//! - `[package.source]` of type `git`, `directory`, `file` or `url`: a non-registry package, whose
//!   `requirement` is the source (`git+<url>@<commit>`, the path or the URL) so the matcher skips it;
//!   `legacy`/`explicit`/… sources are package indexes and change nothing.
//!
//! The graph comes from `[package.dependencies]` (keys are dependency names, PEP 503-normalised when
//! resolved). poetry.lock does not record which packages the project itself depends on, so
//! `direct` is always false (the engine marks direct dependencies from pyproject.toml) and the
//! dependency paths start at the packages no other locked package depends on (plus one package of
//! every cycle that is otherwise unreachable).
//!
//! This module also holds the small helpers the TOML lock extractors (poetry.lock, uv.lock,
//! pdm.lock, pylock.toml) share.
use super::toml_lock::{fallback_roots, parse_toml, resolve_by_name, string_list, vcs_requirement};
use super::{shortest_paths, warning, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, Package};
use serde::Deserialize;
use toml::{Spanned, Value};

pub(crate) struct PoetryLock;

const FORMAT: &str = "poetry.lock";

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
    category: Option<Value>,
    optional: Option<Value>,
    groups: Option<Value>,
    source: Option<Value>,
    dependencies: Option<Value>,
}

impl Extractor for PoetryLock {
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
        &["poetry.lock"]
    }
    fn package_manager(&self) -> &'static str {
        "poetry"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["pyproject.toml"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let (lock, text): (RawLock, &str) = parse_toml(FORMAT, src.content, &["files"])?;
        let lines = LineIndex::new(text);
        let mut out = Extraction::default();
        // (package, its dependency names) for every package kept
        let mut kept: Vec<(Package, Vec<String>)> = Vec::with_capacity(lock.package.len());
        for raw in &lock.package {
            let line = raw.name.as_ref().map(|n| lines.line(n.span().start));
            let Some(name) = raw.name.as_ref().and_then(|n| n.get_ref().as_str()).filter(|n| !n.trim().is_empty())
            else {
                out.warnings.push(warning(src.rel, line, "[[package]] without a name: skipped"));
                continue;
            };
            let source = poetry_source(raw.source.as_ref());
            if source.as_deref() == Some(".") {
                continue; // the project itself
            }
            let version = raw.version.as_ref().and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
            if version.is_none() && source.is_none() {
                out.warnings.push(warning(src.rel, line, format!("package {name} has no version: skipped")));
                continue;
            }
            let mut pkg = Package::new(Ecosystem::PyPI, name, version.map(str::to_string), src.rel).at_line(line);
            pkg.requirement = source;
            pkg.direct = false;
            pkg.optional = raw.optional.as_ref().and_then(Value::as_bool).unwrap_or(false);
            let category_dev = raw.category.as_ref().and_then(Value::as_str) == Some("dev");
            let groups: Vec<&str> = string_list(raw.groups.as_ref());
            pkg.dev = category_dev || (!groups.is_empty() && !groups.contains(&"main"));
            let deps = match raw.dependencies.as_ref() {
                Some(Value::Table(t)) => t.keys().map(|k| Ecosystem::PyPI.normalize_name(k)).collect(),
                _ => Vec::new(),
            };
            kept.push((pkg, deps));
        }
        let adjacency = resolve_by_name(kept.iter().map(|(p, d)| (p.name.as_str(), d.as_slice())));
        let roots = fallback_roots(&adjacency);
        let mut paths = shortest_paths(
            &roots,
            |&i| adjacency.get(i).cloned().unwrap_or_default(),
            |&i| kept.get(i).map(|k| k.0.name.clone()).unwrap_or_default(),
        );
        out.packages = kept
            .into_iter()
            .enumerate()
            .map(|(i, (mut p, _))| {
                p.dependency_path = paths.remove(&i).unwrap_or_default();
                p
            })
            .collect();
        Ok(out)
    }
}

/// The requirement text for a non-registry `[package.source]`, `None` for a package index.
fn poetry_source(source: Option<&Value>) -> Option<String> {
    let t = source?.as_table()?;
    let kind = t.get("type").and_then(Value::as_str)?;
    let url = t.get("url").and_then(Value::as_str).filter(|u| !u.is_empty())?;
    match kind {
        "git" => {
            let rev = ["resolved_reference", "reference"]
                .iter()
                .find_map(|k| t.get(*k).and_then(Value::as_str).filter(|r| !r.is_empty()));
            Some(vcs_requirement("git", url, rev))
        }
        "directory" | "file" | "url" => Some(url.to_string()),
        _ => None,
    }
}

// ---- helpers shared by the TOML lock extractors (poetry.lock, uv.lock, pdm.lock, pylock.toml) ----

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("poetry.lock"),
            rel: "poetry.lock",
            content: text,
        };
        PoetryLock.extract(&src)
    }

    #[test]
    fn groups_without_main_are_dev_and_category_dev_is_dev() {
        let x = run("[[package]]\nname = \"a\"\nversion = \"1\"\ngroups = [\"dev\", \"test\"]\n\n\
                     [[package]]\nname = \"b\"\nversion = \"2\"\ngroups = [\"main\", \"dev\"]\n\n\
                     [[package]]\nname = \"c\"\nversion = \"3\"\ncategory = \"dev\"\n")
        .unwrap();
        let dev: Vec<_> = x.packages.iter().map(|p| (p.name.as_str(), p.dev)).collect();
        assert_eq!(dev, vec![("a", true), ("b", false), ("c", true)]);
    }

    #[test]
    fn git_source_becomes_the_requirement() {
        let x = run("[[package]]\nname = \"ike\"\nversion = \"0.2.0\"\n\n[package.source]\ntype = \"git\"\n\
                     url = \"https://git.example/ike\"\nreference = \"main\"\nresolved_reference = \"abc123\"\n")
        .unwrap();
        assert_eq!(x.packages[0].version.as_deref(), Some("0.2.0"));
        assert_eq!(x.packages[0].requirement.as_deref(), Some("git+https://git.example/ike@abc123"));
    }

    #[test]
    fn paths_start_at_packages_nobody_depends_on_and_survive_cycles() {
        let x = run("[[package]]\nname = \"A\"\nversion = \"1\"\n[package.dependencies]\nB_b = \"*\"\n\n\
                     [[package]]\nname = \"b-b\"\nversion = \"1\"\n\n\
                     [[package]]\nname = \"x\"\nversion = \"1\"\n[package.dependencies]\ny = \"*\"\n\n\
                     [[package]]\nname = \"y\"\nversion = \"1\"\n[package.dependencies]\nx = \"*\"\n")
        .unwrap();
        let paths: Vec<_> = x.packages.iter().map(|p| p.dependency_path.join(">")).collect();
        assert_eq!(paths, vec!["a", "a>b-b", "x", "x>y"]);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let Err(ExtractError::Syntax { message, .. }) = run("[[package]]\nname = \"a\"\nversion = \n") else {
            panic!("expected a syntax error")
        };
        assert!(message.starts_with("line 3"), "{message}");
    }

    #[test]
    fn vcs_requirement_does_not_double_prefixes() {
        assert_eq!(vcs_requirement("git", "git+https://h/r", Some("x")), "git+https://h/r@x");
        assert_eq!(vcs_requirement("git", "https://h/r", None), "git+https://h/r");
    }
}
