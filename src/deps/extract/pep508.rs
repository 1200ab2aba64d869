//! PEP 508 requirement helpers shared by the Python manifest extractors (requirements files,
//! pyproject.toml, setup.py, setup.cfg): PEP 508 strings and pip's direct sources (URLs, VCS, paths).

use crate::model::{Ecosystem, FileError, Package};
use pep508_rs::pep440_rs::Operator;
use pep508_rs::{Pep508Url, Requirement, VersionOrUrl};
use std::fmt;
use std::path::Path;

/// A dependency read from a requirement string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Dep {
    /// The name as written (normalised later by `Package::new`).
    pub name: String,
    /// The exact pinned version (`==1.2.3`, `===1.2.3`), as written.
    pub version: Option<String>,
    /// The requirement text when not pinned (with extras and markers), or the URL of `name @ url`.
    pub requirement: Option<String>,
}

/// A URL in `name @ url`, kept exactly as written (no environment expansion, no file-system access).
#[derive(Debug, Clone)]
struct RawUrl(String);

impl fmt::Display for RawUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Pep508Url for RawUrl {
    type Err = std::convert::Infallible;
    fn parse_url(url: &str, _working_dir: Option<&Path>) -> Result<Self, Self::Err> {
        Ok(RawUrl(url.to_string()))
    }
}

const MAX_PARENTHESES: usize = 64;

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// Parse one PEP 508 requirement string. The error is a one-line message.
pub(super) fn parse_pep508(text: &str) -> Result<Dep, String> {
    let text = text.trim();
    // the marker grammar is parsed recursively; no real requirement nests parentheses this deep
    if text.matches('(').count() > MAX_PARENTHESES {
        return Err(format!("more than {MAX_PARENTHESES} parentheses"));
    }
    let req = text.parse::<Requirement<RawUrl>>().map_err(|e| e.message.to_string())?;
    let name = req.name.to_string();
    Ok(match req.version_or_url {
        Some(VersionOrUrl::Url(url)) => Dep { name, version: None, requirement: Some(url.0) },
        Some(VersionOrUrl::VersionSpecifier(specs)) => {
            let exact = specs.iter().any(|s| matches!(s.operator(), Operator::Equal | Operator::ExactEqual));
            match exact.then(|| exact_version_text(text)).flatten() {
                Some(v) => Dep { name, version: Some(v), requirement: None },
                None => Dep { name, version: None, requirement: Some(text.to_string()) },
            }
        }
        None => Dep { name, version: None, requirement: Some(text.to_string()) },
    })
}

/// The version of the first `==`/`===` clause of a requirement, exactly as written; none for `==1.*`.
fn exact_version_text(text: &str) -> Option<String> {
    let rest = text.trim_start();
    let name_len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
    let mut rest = rest[name_len..].trim_start();
    if rest.starts_with('[') {
        rest = &rest[rest.find(']').map_or(rest.len(), |i| i + 1)..];
    }
    let spec = rest.split(';').next().unwrap_or(rest);
    for clause in spec.split(',') {
        let clause = clause.trim().trim_start_matches('(').trim_end_matches(')').trim();
        let version = if let Some(v) = clause.strip_prefix("===") {
            v
        } else if let Some(v) = clause.strip_prefix("==") {
            v
        } else {
            continue;
        };
        let version = version.trim();
        if !version.is_empty() && !version.ends_with(".*") {
            return Some(version.to_string());
        }
    }
    None
}

/// Shared by the other extractors: a package from a PEP 508 string, or a warning for an invalid one.
pub(super) fn pep508_package(
    text: &str,
    rel: &str,
    line: Option<u32>,
    warnings: &mut Vec<FileError>,
) -> Option<Package> {
    match parse_pep508(text) {
        Ok(dep) => {
            let mut p = Package::new(Ecosystem::PyPI, &dep.name, dep.version, rel).at_line(line);
            p.requirement = dep.requirement;
            Some(p)
        }
        Err(e) => {
            let mut w = FileError::new("deps", rel, format!("invalid requirement {text:?}: {e}"));
            w.line_number = line;
            warnings.push(w);
            None
        }
    }
}

/// Shared by the other extractors: an editable source as pip's `-e` takes it (a VCS URL with
/// `#egg=name`, a path). Local project directories give nothing; an unnamed URL gives a warning.
pub(super) fn editable_package(
    source: &str,
    rel: &str,
    line: Option<u32>,
    warnings: &mut Vec<FileError>,
) -> Option<Package> {
    match source_dep(source) {
        SourceDep::Named(dep) => {
            let mut p = Package::new(Ecosystem::PyPI, &dep.name, dep.version, rel).at_line(line);
            p.requirement = dep.requirement;
            Some(p)
        }
        SourceDep::LocalProject => None,
        SourceDep::Unnamed(source) => {
            let mut w = FileError::new("deps", rel, format!("cannot tell the package name of {source:?}; skipped"));
            w.line_number = line;
            warnings.push(w);
            None
        }
    }
}

/// Whether the requirement is a URL, a VCS reference or a local path/archive rather than PEP 508.
pub(super) fn looks_like_source(args: &str) -> bool {
    if has_url_scheme(args) {
        return true;
    }
    let first = args.split(|c: char| c.is_whitespace() || c == ';').next().unwrap_or("");
    // `name@url` without spaces is PEP 508
    if let Some((name, _)) = first.split_once('@') {
        if !name.is_empty() && name.chars().all(is_name_char) {
            return false;
        }
    }
    let path_part = first.split('[').next().unwrap_or(first);
    path_part.starts_with('.')
        || path_part.starts_with('/')
        || path_part.starts_with('~')
        || path_part.contains('/')
        || path_part.contains('\\')
        || archive_kind(path_part).is_some()
}

/// `scheme://…`, `scheme:…` for known schemes, and `git+…`-style VCS prefixes.
pub(super) fn has_url_scheme(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // a Windows drive letter (`C:\x`) is a path, not a scheme
    valid && scheme.len() > 1 && (rest.starts_with("//") || scheme.eq_ignore_ascii_case("file") || scheme.contains('+'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Archive {
    Wheel,
    Sdist,
}

pub(super) fn archive_kind(file: &str) -> Option<Archive> {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".whl") {
        return Some(Archive::Wheel);
    }
    const SDIST: &[&str] =
        &[".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar", ".zip"];
    SDIST.iter().any(|ext| lower.ends_with(ext)).then_some(Archive::Sdist)
}

pub(super) enum SourceDep {
    Named(Dep),
    /// A local project directory (`.`, `./pkg`): the project itself or a sibling, not a registry package.
    LocalProject,
    Unnamed(String),
}

/// A bare URL, VCS reference or local path: the name comes from `#egg=` or the archive file name.
pub(super) fn source_dep(args: &str) -> SourceDep {
    let is_url = has_url_scheme(args);
    // pip: a URL's marker must follow "; ", a path's may follow ";" directly
    let source = if is_url { args.split("; ").next() } else { args.split(';').next() }.unwrap_or(args).trim();
    let mut name = None;
    if let Some((_, fragment)) = source.split_once('#') {
        for part in fragment.split('&') {
            if let Some(egg) = part.strip_prefix("egg=") {
                let egg = egg.split('[').next().unwrap_or(egg).trim();
                if !egg.is_empty() && egg.chars().all(is_name_char) {
                    name = Some(egg.to_string());
                }
            }
        }
    }
    if name.is_none() {
        let path = source.split(['#', '?']).next().unwrap_or(source);
        let path = path.split('[').next().unwrap_or(path);
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
        name = match archive_kind(file) {
            Some(Archive::Wheel) => file.split('-').next().filter(|n| !n.is_empty()).map(str::to_string),
            Some(Archive::Sdist) => sdist_name(file),
            // a local directory (a path or a file: URL) is a project, not a registry package
            None if !is_url || source.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("file:")) => {
                return SourceDep::LocalProject
            }
            None => None,
        };
    }
    match name {
        Some(name) => SourceDep::Named(Dep { name, version: None, requirement: Some(source.to_string()) }),
        None => SourceDep::Unnamed(source.to_string()),
    }
}

/// `name-1.0.tar.gz` → `name`: the part before the last `-` that is followed by a digit.
pub(super) fn sdist_name(file: &str) -> Option<String> {
    let bytes = file.as_bytes();
    let cut = file.char_indices().rfind(|&(i, c)| c == '-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
    let (i, _) = cut?;
    let name = &file[..i];
    (!name.is_empty()).then(|| name.to_string())
}
