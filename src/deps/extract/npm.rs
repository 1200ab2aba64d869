//! Helpers shared by the npm extractors (package.json, package-lock.json, yarn.lock, pnpm-lock.yaml,
//! bun.lock): versions, aliases, sources, merging.
use crate::model::Package;
use rustc_hash::FxHashMap as HashMap;

/// The version and requirement of a locked package: an exact version stays the version; anything else
/// (a git URL, a `file:` path, a tarball URL) is the requirement. A non-registry `resolved` source is the
/// requirement even when the version is exact, so the matcher knows it is not the registry's package.
pub(crate) fn locked_version(version: Option<&str>, resolved: Option<&str>) -> (Option<String>, Option<String>) {
    let version = version.map(str::trim).filter(|v| !v.is_empty());
    let resolved = resolved.map(str::trim).filter(|r| !r.is_empty());
    match version.map(|v| (v, exact_version(v))) {
        Some((_, Some(exact))) => (Some(exact), resolved.filter(|r| is_non_registry(r)).map(str::to_string)),
        Some((spec, None)) => (None, Some(spec.to_string())),
        None => (None, resolved.map(str::to_string)),
    }
}

/// An exact npm version (`1.2.3`, `=1.2.3`, `v1.2.3`, `1.2.3-rc.1+build`) without the `=`/`v`; `None`
/// for ranges, tags, URLs and paths.
pub(crate) fn exact_version(spec: &str) -> Option<String> {
    let s = spec.trim();
    let s = s.strip_prefix('=').unwrap_or(s).trim_start();
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let (core, rest) = match s.find(['-', '+']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let mut parts = core.split('.');
    for _ in 0..3 {
        let p = parts.next()?;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if parts.next().is_some() {
        return None;
    }
    let (pre, build) = match rest.find('+') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let ident_ok = |x: &str| {
        !x.is_empty()
            && x.split('.').all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    if let Some(pre) = pre.strip_prefix('-') {
        if !ident_ok(pre) {
            return None;
        }
    } else if !pre.is_empty() {
        return None;
    }
    if build.is_some_and(|b| !ident_ok(b)) {
        return None;
    }
    Some(s.to_string())
}

/// Whether a `resolved` source is something other than a registry tarball: git, a local path, a link,
/// a plain tarball URL. Registry tarballs (npmjs, mirrors, Artifactory, GitLab…) all have the
/// `<name>/-/<file>.tgz` shape.
pub(crate) fn is_non_registry(resolved: &str) -> bool {
    let r = resolved.trim();
    let lower = r.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let host = lower.split("://").nth(1).unwrap_or("").split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        let git_host = matches!(host, "github.com" | "codeload.github.com" | "gitlab.com" | "bitbucket.org")
            || host.starts_with("codeload.");
        return git_host || !lower.contains("/-/") || lower.split('#').next().is_some_and(|u| u.ends_with(".git"));
    }
    // anything else with a scheme (git+ssh:, git:, github:, file:, link:…) or a bare path
    true
}

/// Merge entries that are the same package (name, version and source): npm installs one version in
/// several folders. The merged entry is prod if any copy is, optional/peer only if every copy is, direct
/// if any copy is; it keeps the line and path of its most direct copy.
pub(crate) fn dedupe(packages: Vec<Package>) -> Vec<Package> {
    let mut out: Vec<Package> = Vec::with_capacity(packages.len());
    let mut seen: HashMap<(String, Option<String>, Option<String>), usize> = HashMap::default();
    for p in packages {
        let id = (p.name.clone(), p.version.clone(), p.requirement.clone());
        match seen.get(&id).and_then(|&i| out.get_mut(i)) {
            Some(q) => {
                let better = (p.direct && !q.direct)
                    || (p.direct == q.direct
                        && !p.dependency_path.is_empty()
                        && (q.dependency_path.is_empty() || p.dependency_path.len() < q.dependency_path.len()));
                if better {
                    q.line_number = p.line_number;
                    q.dependency_path = p.dependency_path;
                }
                q.direct |= p.direct;
                q.dev &= p.dev;
                q.optional &= p.optional;
                q.peer &= p.peer;
            }
            None => {
                seen.insert(id, out.len());
                out.push(p);
            }
        }
    }
    out
}

/// Split an npm alias (`npm:real-name@^1.2.3`) into the real name and its range.
pub(super) fn npm_alias(spec: &str) -> Option<(&str, &str)> {
    let rest = spec.strip_prefix("npm:")?;
    // the name may be scoped: find the '@' that separates it from the version, skipping a leading one
    let at = rest.char_indices().skip(1).find(|&(_, c)| c == '@').map(|(i, _)| i);
    Some(match at {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_versions() {
        assert_eq!(exact_version("1.2.3").as_deref(), Some("1.2.3"));
        assert_eq!(exact_version("=1.2.3").as_deref(), Some("1.2.3"));
        assert_eq!(exact_version("v1.2.3-rc.1+b.2").as_deref(), Some("1.2.3-rc.1+b.2"));
        for s in ["^1.2.3", "1.2", "1.2.x", "latest", "1.2.3 - 2", ">=1.0.0", "git+https://x/y.git", "1.2.3.4", ""] {
            assert_eq!(exact_version(s), None, "{s}");
        }
    }

    #[test]
    fn registry_or_not() {
        assert!(!is_non_registry("https://registry.npm.example/a/-/a-1.0.0.tgz"));
        assert!(is_non_registry("git+ssh://git@github.example/a/b.git#abc"));
        assert!(is_non_registry("file:../x"));
        assert!(is_non_registry("packages/a"));
        assert!(is_non_registry("https://codeload.github.com/a/b/tar.gz/abc"));
    }

    #[test]
    fn npm_alias_splits_scoped_names() {
        assert_eq!(npm_alias("npm:@babel/core@^7.0.0"), Some(("@babel/core", "^7.0.0")));
        assert_eq!(npm_alias("npm:string-width@4.2.0"), Some(("string-width", "4.2.0")));
        assert_eq!(npm_alias("npm:foo"), Some(("foo", "")));
        assert_eq!(npm_alias("^1.0.0"), None);
    }
}
