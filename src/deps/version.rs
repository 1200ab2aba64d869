//! Version ordering per ecosystem: PEP 440 (pep440_rs) for PyPI, SemVer 2.0 (nodejs-semver) for npm.
use crate::model::Ecosystem;
use std::cmp::Ordering;
use std::str::FromStr;

/// A parsed version of either ecosystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Version {
    Pep440(pep440_rs::Version),
    Semver(nodejs_semver::Version),
}

impl Version {
    /// Parse `text` with the ordering of `ecosystem`; `None` when it is not a version there.
    pub(crate) fn parse(ecosystem: Ecosystem, text: &str) -> Option<Version> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        match ecosystem {
            Ecosystem::PyPI => pep440_rs::Version::from_str(t).ok().map(Version::Pep440),
            Ecosystem::Npm => parse_semver(t).map(Version::Semver),
        }
    }

    /// Parse with SemVer ordering whatever the ecosystem (OSV `SEMVER` ranges).
    pub(crate) fn parse_semver(text: &str) -> Option<Version> {
        parse_semver(text.trim()).map(Version::Semver)
    }
}

fn parse_semver(t: &str) -> Option<nodejs_semver::Version> {
    let t = t.strip_prefix('v').unwrap_or(t);
    nodejs_semver::Version::parse(t).ok()
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        match (self, other) {
            (Version::Pep440(a), Version::Pep440(b)) => Some(a.cmp(b)),
            (Version::Semver(a), Version::Semver(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(ecosystem: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
        Version::parse(ecosystem, a)?.partial_cmp(&Version::parse(ecosystem, b)?)
    }
    use Ecosystem::*;

    #[test]
    fn pep440_ordering_with_pre_post_dev_and_local() {
        let order = ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0+local.1", "1.0.post1", "1.1"];
        for w in order.windows(2) {
            assert_eq!(compare(PyPI, w[0], w[1]), Some(Ordering::Less), "{} < {}", w[0], w[1]);
        }
        assert_eq!(compare(PyPI, "1.0", "1.0.0"), Some(Ordering::Equal));
        assert_eq!(compare(PyPI, "2!1.0", "3.0"), Some(Ordering::Greater));
    }

    #[test]
    fn semver_ordering_with_prereleases() {
        let order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0"];
        for w in order.windows(2) {
            assert_eq!(compare(Npm, w[0], w[1]), Some(Ordering::Less), "{} < {}", w[0], w[1]);
        }
        assert_eq!(compare(Npm, "v1.2.3", "1.2.3"), Some(Ordering::Equal));
        assert_eq!(compare(Npm, "1.2.3+build", "1.2.3"), Some(Ordering::Equal));
    }

    #[test]
    fn garbage_does_not_parse() {
        assert!(Version::parse(Npm, "latest").is_none());
        assert!(Version::parse(PyPI, "").is_none());
        assert!(Version::parse(PyPI, "not a version").is_none());
    }
}
