//! A package found in a manifest or lockfile.
use serde::{Deserialize, Serialize};
use std::fmt;

/// A package ecosystem, spelled as OSV spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Ecosystem {
    #[serde(rename = "PyPI")]
    PyPI,
    #[serde(rename = "npm")]
    Npm,
}

impl Ecosystem {
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Npm => "npm",
        }
    }

    /// Parse OSV's spelling (case-insensitive).
    pub fn from_osv(s: &str) -> Option<Ecosystem> {
        match s.to_ascii_lowercase().as_str() {
            "pypi" => Some(Ecosystem::PyPI),
            "npm" => Some(Ecosystem::Npm),
            _ => None,
        }
    }

    /// Normalise a package name as the ecosystem compares names: PEP 503 for PyPI
    /// (lower case, runs of `-`, `_`, `.` become one `-`); npm names are case-sensitive and kept.
    pub fn normalize_name(self, name: &str) -> String {
        match self {
            Ecosystem::Npm => name.trim().to_string(),
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut sep = false;
                for c in name.trim().chars() {
                    if c == '-' || c == '_' || c == '.' {
                        sep = true;
                    } else {
                        if sep && !out.is_empty() {
                            out.push('-');
                        }
                        sep = false;
                        out.extend(c.to_lowercase());
                    }
                }
                out
            }
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One package entry of the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub ecosystem: Ecosystem,
    /// Normalised name (see [`Ecosystem::normalize_name`]); npm aliases resolved to the real package.
    pub name: String,
    /// The exact version that is installed (lockfile) or pinned (`==1.2.3`); `None` when unpinned.
    pub version: Option<String>,
    /// What the file says when it is not an exact version: a range, a URL, a VCS or local path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// Path relative to the scanned root, with `/` separators.
    pub file_path: String,
    /// 1-based line where the package is declared (the line a person would edit).
    pub line_number: Option<u32>,
    /// Declared by the project itself rather than pulled in by another package.
    pub direct: bool,
    /// Only needed for development (devDependencies, dev groups, `develop` of Pipfile.lock…).
    pub dev: bool,
    /// Optional (optionalDependencies, extras, optional groups).
    #[serde(default)]
    pub optional: bool,
    /// A peer dependency (npm).
    #[serde(default)]
    pub peer: bool,
    /// Names from a direct dependency down to this package (inclusive); empty when unknown.
    #[serde(default)]
    pub dependency_path: Vec<String>,
    /// Read from a pip constraints file: it says which version gets installed *if* something requires
    /// the package, not that anything does (the engine keeps it only then). Not part of the report.
    #[serde(skip)]
    pub constraint: bool,
}

impl Package {
    /// A package with the given name and version, declared at `file_path`; flags default to a direct,
    /// non-dev dependency and can be adjusted by the extractor.
    pub fn new(ecosystem: Ecosystem, name: &str, version: Option<String>, file_path: &str) -> Package {
        Package {
            ecosystem,
            name: ecosystem.normalize_name(name),
            version,
            requirement: None,
            file_path: file_path.to_string(),
            line_number: None,
            direct: true,
            dev: false,
            optional: false,
            peer: false,
            dependency_path: Vec::new(),
            constraint: false,
        }
    }

    pub fn at_line(mut self, line: Option<u32>) -> Package {
        self.line_number = line;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_normalisation() {
        assert_eq!(Ecosystem::PyPI.normalize_name("Django"), "django");
        assert_eq!(Ecosystem::PyPI.normalize_name("zope.interface"), "zope-interface");
        assert_eq!(Ecosystem::PyPI.normalize_name("Foo__Bar-.baz"), "foo-bar-baz");
        assert_eq!(Ecosystem::PyPI.normalize_name("  requests "), "requests");
    }

    #[test]
    fn npm_names_are_case_sensitive() {
        assert_eq!(Ecosystem::Npm.normalize_name("@Scope/Pkg"), "@Scope/Pkg");
    }
}
