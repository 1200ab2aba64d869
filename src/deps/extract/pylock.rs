//! `pylock.toml` and `pylock.<name>.toml` (PEP 751, `lock-version = "1.0"`).
//!
//! Each `[[packages]]` entry (or inline table of `packages = [...]`) is a locked package: `name`,
//! `version` (optional in the format). Sources:
//! - `vcs = { type, url | path, commit-id }` → `requirement = "<type>+<url>@<commit-id>"`;
//! - `directory = { path }` → the path; `path = "."` is the project itself and is left out;
//! - `archive = { url | path }` → the URL or path;
//! - `index`, `sdist`, `wheels` → a registry package (an unversioned one gets its sdist or wheel
//!   location as `requirement`). A package with neither version nor any source is skipped with a
//!   warning.
//!
//! dev/optional come from each package's `marker`, evaluated only for the PEP 751 set markers:
//! a package installed with no extras and the `default-groups` is neither; otherwise it is optional
//! when some extra selects it (`'x' in extras`), else dev when a dependency group selects it
//! (`'dev' in dependency_groups`). Other marker variables (`python_version`, …) count as "may hold".
//!
//! The graph comes from `dependencies = [{ name = ..., version = ... }]` when packages have it. When
//! the project itself is locked (a `directory` at `.`) with `dependencies`, those are the direct
//! dependencies; otherwise nothing is direct (the engine decides from the manifest) and paths start
//! at the packages nothing depends on.
use super::toml_lock::{fallback_roots, parse_toml, string_list, vcs_requirement};
use super::warning;
use super::{shortest_paths, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::collections::HashSet;
use toml::{Spanned, Value};

pub(crate) struct Pylock;

const FORMAT: &str = "pylock.toml";

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct RawLock {
    lock_version: Option<Value>,
    default_groups: Option<Value>,
    packages: Vec<RawPackage>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct RawPackage {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    marker: Option<Value>,
    dependencies: Option<Value>,
    vcs: Option<Value>,
    directory: Option<Value>,
    archive: Option<Value>,
    index: Option<Value>,
    sdist: Option<Value>,
    wheels: Option<Value>,
}

/// A reference to a locked package: normalised name and, when given, the version.
type Ref<'a> = (String, Option<&'a str>);

impl Extractor for Pylock {
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
        &["pylock.toml", "pylock.*.toml"]
    }
    fn package_manager(&self) -> &'static str {
        "pip"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["pyproject.toml"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let (lock, text): (RawLock, &str) = parse_toml(FORMAT, src.content, &[])?;
        if let Some(v) = lock.lock_version.as_ref() {
            let major = v.as_str().and_then(|s| s.trim().split('.').next()).unwrap_or_default();
            if major != "1" {
                return Err(ExtractError::Unsupported {
                    format: FORMAT,
                    message: format!("lock-version {v} (only 1.x is known)"),
                });
            }
        }
        // group markers can only be judged when the lock names its default groups
        let default_groups: Option<Vec<&str>> = lock.default_groups.as_ref().map(|g| string_list(Some(g)));
        let lines = LineIndex::new(text);
        let mut out = Extraction::default();
        let mut direct_refs: Vec<Ref> = Vec::new();
        let mut project_has_deps = false;
        let mut has_graph = false;
        let mut kept: Vec<(Package, Vec<Ref>)> = Vec::with_capacity(lock.packages.len());
        for raw in &lock.packages {
            let line = raw.name.as_ref().map(|n| lines.line(n.span().start));
            let Some(name) = raw.name.as_ref().and_then(|n| n.get_ref().as_str()).filter(|n| !n.trim().is_empty())
            else {
                out.warnings.push(warning(src.rel, line, "[[packages]] entry without a name: skipped"));
                continue;
            };
            has_graph |= raw.dependencies.is_some();
            let deps = refs(raw.dependencies.as_ref());
            if is_project_itself(raw) {
                project_has_deps |= raw.dependencies.is_some();
                direct_refs.extend(deps);
                continue;
            }
            let mut requirement = package_source(raw);
            let version = raw.version.as_ref().and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
            if version.is_none() && requirement.is_none() {
                // an unversioned sdist/wheel: name what will be installed
                requirement = distribution_location(raw);
            }
            if version.is_none() && requirement.is_none() {
                out.warnings.push(warning(src.rel, line, format!("package {name} has no version or source: skipped")));
                continue;
            }
            let mut pkg = Package::new(Ecosystem::PyPI, name, version.map(str::to_string), src.rel).at_line(line);
            pkg.requirement = requirement;
            pkg.direct = false;
            if let Some(marker) = raw.marker.as_ref().and_then(Value::as_str) {
                let (dev, optional) = classify(marker, default_groups.as_deref());
                pkg.dev = dev;
                pkg.optional = optional;
            }
            kept.push((pkg, deps));
        }

        if has_graph {
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
            let (roots, direct): (Vec<usize>, HashSet<usize>) = if project_has_deps {
                let r = resolve(&direct_refs);
                let d = r.iter().copied().collect();
                (r, d)
            } else {
                (fallback_roots(&adjacency), HashSet::new())
            };
            let mut paths = shortest_paths(
                &roots,
                |&i| adjacency.get(i).cloned().unwrap_or_default(),
                |&i| kept.get(i).map(|k| k.0.name.clone()).unwrap_or_default(),
            );
            for (i, (p, _)) in kept.iter_mut().enumerate() {
                p.direct = direct.contains(&i);
                p.dependency_path = paths.remove(&i).unwrap_or_default();
            }
        }
        out.packages = kept.into_iter().map(|(p, _)| p).collect();
        Ok(out)
    }
}

/// A `directory` source at the lock's own directory: the project itself.
fn is_project_itself(raw: &RawPackage) -> bool {
    raw.directory
        .as_ref()
        .and_then(Value::as_table)
        .and_then(|d| d.get("path"))
        .and_then(Value::as_str)
        .is_some_and(|p| matches!(p.trim().trim_end_matches('/'), "." | ""))
}

/// The requirement of a non-registry package (`vcs`, `directory`, `archive`), `None` otherwise.
fn package_source(raw: &RawPackage) -> Option<String> {
    let field = |v: &Option<Value>, keys: &[&str]| -> Option<String> {
        let t = v.as_ref()?.as_table()?;
        keys.iter().find_map(|k| t.get(*k).and_then(Value::as_str)).map(str::to_string)
    };
    if let Some(vcs) = raw.vcs.as_ref().and_then(Value::as_table) {
        let kind = vcs.get("type").and_then(Value::as_str).unwrap_or("git");
        let location = ["url", "path"].iter().find_map(|k| vcs.get(*k).and_then(Value::as_str))?;
        let rev = ["commit-id", "requested-revision"].iter().find_map(|k| vcs.get(*k).and_then(Value::as_str));
        return Some(vcs_requirement(kind, location, rev));
    }
    field(&raw.directory, &["path"]).or_else(|| field(&raw.archive, &["url", "path"]))
}

/// Where an unversioned package's distribution comes from: its sdist, first wheel or index.
fn distribution_location(raw: &RawPackage) -> Option<String> {
    let location = |v: &Value| {
        let t = v.as_table()?;
        ["url", "path", "name"].iter().find_map(|k| t.get(*k).and_then(Value::as_str)).map(str::to_string)
    };
    let first_wheel = match raw.wheels.as_ref() {
        Some(Value::Array(w)) => w.first(),
        _ => None,
    };
    raw.sdist
        .as_ref()
        .and_then(location)
        .or_else(|| first_wheel.and_then(location))
        .or_else(|| raw.index.as_ref().and_then(Value::as_str).map(str::to_string))
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

// ---- PEP 751 set markers: `'x' in extras`, `'g' in dependency_groups` ----

/// (dev, optional) for a package marker; see the module documentation.
fn classify(marker: &str, default_groups: Option<&[&str]>) -> (bool, bool) {
    let Some(expr) = Marker::parse(marker) else {
        return (false, false);
    };
    let default = Env { all_extras: false, groups: default_groups.map(Groups::Only).unwrap_or(Groups::Unknown) };
    if expr.eval(&default) {
        return (false, false);
    }
    let with_extras = Env { all_extras: true, ..default };
    if expr.eval(&with_extras) {
        return (false, true);
    }
    if expr.eval(&Env { all_extras: false, groups: Groups::All }) {
        return (true, false);
    }
    (false, false)
}

#[derive(Clone, Copy)]
enum Groups<'a> {
    /// Only these groups are installed.
    Only(&'a [&'a str]),
    /// Every group is installed.
    All,
    /// Not known: group tests may hold.
    Unknown,
}

#[derive(Clone, Copy)]
struct Env<'a> {
    /// Every extra requested (else none).
    all_extras: bool,
    groups: Groups<'a>,
}

#[derive(Debug, PartialEq)]
enum Marker {
    Or(Vec<Marker>),
    And(Vec<Marker>),
    /// `'x' in extras`, `extra == 'x'` (negated for `not in` / `!=`)
    Extra {
        negated: bool,
    },
    /// `'g' in dependency_groups`
    Group {
        name: String,
        negated: bool,
    },
    /// Any other comparison: may hold somewhere.
    Other,
}

#[derive(Debug, PartialEq, Clone)]
enum Token {
    Str(String),
    Ident(String),
    Op(String),
    Open,
    Close,
}

impl Marker {
    fn parse(text: &str) -> Option<Marker> {
        let tokens = tokenize(text)?;
        let mut pos = 0;
        let m = parse_or(&tokens, &mut pos)?;
        (pos == tokens.len()).then_some(m)
    }

    fn eval(&self, env: &Env<'_>) -> bool {
        match self {
            Marker::Or(items) => items.iter().any(|m| m.eval(env)),
            Marker::And(items) => items.iter().all(|m| m.eval(env)),
            Marker::Extra { negated } => env.all_extras != *negated,
            Marker::Group { name, negated } => match env.groups {
                Groups::Only(groups) => groups.contains(&name.as_str()) != *negated,
                Groups::All => !negated,
                Groups::Unknown => true,
            },
            Marker::Other => true,
        }
    }
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '\'' | '"' => {
                chars.next();
                let start = i + 1;
                let end = chars.by_ref().find(|&(_, d)| d == c)?.0;
                out.push(Token::Str(text.get(start..end)?.to_string()));
            }
            '<' | '>' | '=' | '!' | '~' => {
                let start = i;
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if !matches!(d, '<' | '>' | '=' | '!' | '~') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(Token::Op(text.get(start..end)?.to_string()));
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' => {
                let start = i;
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_' || d == '.' || d == '-' || d == '*' || d == '+') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(Token::Ident(text.get(start..end)?.to_string()));
            }
            _ => return None,
        }
    }
    Some(out)
}

fn parse_or(tokens: &[Token], pos: &mut usize) -> Option<Marker> {
    let mut items = vec![parse_and(tokens, pos)?];
    while tokens.get(*pos) == Some(&Token::Ident("or".into())) {
        *pos += 1;
        items.push(parse_and(tokens, pos)?);
    }
    Some(if items.len() == 1 { items.pop()? } else { Marker::Or(items) })
}

fn parse_and(tokens: &[Token], pos: &mut usize) -> Option<Marker> {
    let mut items = vec![parse_atom(tokens, pos)?];
    while tokens.get(*pos) == Some(&Token::Ident("and".into())) {
        *pos += 1;
        items.push(parse_atom(tokens, pos)?);
    }
    Some(if items.len() == 1 { items.pop()? } else { Marker::And(items) })
}

fn parse_atom(tokens: &[Token], pos: &mut usize) -> Option<Marker> {
    if tokens.get(*pos) == Some(&Token::Open) {
        *pos += 1;
        let inner = parse_or(tokens, pos)?;
        if tokens.get(*pos) != Some(&Token::Close) {
            return None;
        }
        *pos += 1;
        return Some(inner);
    }
    let lhs = tokens.get(*pos)?.clone();
    *pos += 1;
    let op = match tokens.get(*pos)? {
        Token::Op(o) => o.clone(),
        Token::Ident(w) if w == "in" => "in".to_string(),
        Token::Ident(w) if w == "not" && tokens.get(*pos + 1) == Some(&Token::Ident("in".into())) => {
            *pos += 1;
            "not in".to_string()
        }
        _ => return None,
    };
    *pos += 1;
    let rhs = tokens.get(*pos)?.clone();
    *pos += 1;
    let negated = matches!(op.as_str(), "not in" | "!=");
    Some(match (&lhs, op.as_str(), &rhs) {
        (Token::Str(_), "in" | "not in", Token::Ident(v)) if v == "extras" => Marker::Extra { negated },
        (Token::Str(g), "in" | "not in", Token::Ident(v)) if v == "dependency_groups" => {
            Marker::Group { name: g.clone(), negated }
        }
        (Token::Ident(v), "==" | "!=", Token::Str(_)) | (Token::Str(_), "==" | "!=", Token::Ident(v))
            if v == "extra" =>
        {
            Marker::Extra { negated }
        }
        (Token::Str(_) | Token::Ident(_), _, Token::Str(_) | Token::Ident(_)) => Marker::Other,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("pylock.toml"),
            rel: "pylock.toml",
            content: text,
        };
        Pylock.extract(&src)
    }

    #[test]
    fn markers_classify_dev_and_optional() {
        let d: &[&str] = &["default"];
        assert_eq!(classify("python_version >= \"3.6\" and \"security\" in extras", Some(d)), (false, true));
        assert_eq!(classify("os_name == \"nt\" and \"default\" in dependency_groups", Some(d)), (false, false));
        assert_eq!(classify("'dev' in dependency_groups", Some(d)), (true, false));
        assert_eq!(classify("'dev' in dependency_groups", None), (false, false));
        assert_eq!(classify("\"default\" in dependency_groups or \"security\" in extras", Some(d)), (false, false));
        assert_eq!(classify("(extra == 'x') and sys_platform == 'win32'", Some(d)), (false, true));
        assert_eq!(classify("'x' not in extras", Some(d)), (false, false));
        assert_eq!(classify("this is ( not a marker", Some(d)), (false, false));
    }

    #[test]
    fn the_project_itself_gives_the_direct_dependencies() {
        let x = run("lock-version = '1.0'\npackages = [\n  { name = 'me', directory = { path = '.', editable = true }, \
                     dependencies = [{ name = 'a' }] },\n  { name = 'a', version = '1', index = 'https://pypi.example/simple', \
                     dependencies = [{ name = 'b' }] },\n  { name = 'b', version = '2', vcs = { type = 'git', \
                     url = 'https://git.example/b', commit-id = 'abc' } },\n]\n")
        .unwrap();
        let got: Vec<_> = x
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.line_number, p.direct, p.dependency_path.join(">")))
            .collect();
        assert_eq!(got, vec![("a", Some(4), true, "a".into()), ("b", Some(5), false, "a>b".into())]);
        assert_eq!(x.packages[1].requirement.as_deref(), Some("git+https://git.example/b@abc"));
    }

    #[test]
    fn unversioned_wheels_name_their_location() {
        let x = run("lock-version = '1.0'\n[[packages]]\nname = 'w'\n\
                     wheels = [{ url = 'https://files.pythonhosted.example/w-1-py3-none-any.whl' }]\n")
        .unwrap();
        assert_eq!(x.packages[0].version, None);
        assert_eq!(
            x.packages[0].requirement.as_deref(),
            Some("https://files.pythonhosted.example/w-1-py3-none-any.whl")
        );
    }

    #[test]
    fn unknown_major_lock_versions_are_refused() {
        assert!(matches!(run("lock-version = '2.0'\n"), Err(ExtractError::Unsupported { .. })));
    }
}
