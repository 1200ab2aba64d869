//! pnpm-lock.yaml, lockfileVersion 5.x (`/name/1.2.3_peer@x` keys), 6.x (`/name@1.2.3(peer@x)` keys) and
//! 9.x (`packages:` with `name@1.2.3` keys plus `snapshots:` with the dependency graph).
//!
//! Direct dependencies come from `importers` (every workspace project) or, in older single-project
//! locks, from the top-level `dependencies`/`devDependencies`/`optionalDependencies`. Dev: the `dev`
//! flag when the lock has one (5.x/6.x), otherwise reachable only from devDependencies. `link:`
//! dependencies (workspace projects) are not packages; `file:`, git and tarball sources keep their
//! version with the source as the requirement. The YAML is read with a budget proportional to the
//! input size, so alias bombs fail fast instead of expanding.
use super::npm::{dedupe, exact_version, is_non_registry};
use super::{reachable, shortest_paths, ExtractError, Extraction, Extractor, FileKind, Source};
use super::{strip_bom, warning};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

pub(crate) struct PnpmLock;

const FORMAT: &str = "pnpm-lock.yaml";

impl Extractor for PnpmLock {
    fn name(&self) -> &'static str {
        FORMAT
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::Npm
    }
    fn kind(&self) -> FileKind {
        FileKind::Lockfile
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["pnpm-lock.yaml"]
    }
    fn package_manager(&self) -> &'static str {
        "pnpm"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["package.json"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let text = strip_bom(src.content);
        let docs: Vec<Lock> = match fast_read(text) {
            Some(lock) => vec![lock],
            None => serde_saphyr::from_str_multiple_with_options(text, yaml_options(text.len()))
                .map_err(|e| yaml_error(FORMAT, &e))?,
        };
        let mut out = Extraction::default();
        for doc in &docs {
            extract_doc(src, doc, &mut out);
        }
        out.packages = dedupe(std::mem::take(&mut out.packages));
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// YAML reading (shared with yarn.lock berry)
// ---------------------------------------------------------------------------------------------

/// Parser options with a budget that grows with the input but bounds alias expansion: a normal
/// lockfile has about one node per few bytes and no aliases, a "billion laughs" needs far more.
pub(crate) fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = budget.max_events.max(len.saturating_mul(2));
    budget.max_nodes = budget.max_nodes.max(len);
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_recorded_anchor_events = 100_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 100_000;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    options
}

pub(crate) fn yaml_error(format: &'static str, e: &serde_saphyr::Error) -> ExtractError {
    let message = e.to_string();
    // keep the first lines: the parser may append a rendered snippet
    let message: String = message.lines().take(3).collect::<Vec<_>>().join(" ");
    ExtractError::Syntax { format, message }
}

/// A YAML value with every scalar kept as text (numbers keep their spelling as far as the parser
/// lets them) and mappings in file order.
#[derive(Debug, Default, Clone)]
pub(crate) enum Node {
    #[default]
    Null,
    Bool(bool),
    Text(String),
    Seq,
    Map(Vec<(String, Node)>),
}

impl Node {
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Node::Text(s) => Some(s),
            _ => None,
        }
    }
    pub(crate) fn flag(&self) -> Option<bool> {
        match self {
            Node::Bool(b) => Some(*b),
            Node::Text(s) if s == "true" => Some(true),
            Node::Text(s) if s == "false" => Some(false),
            _ => None,
        }
    }
    pub(crate) fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Map(m) => m,
            _ => &[],
        }
    }
    fn key_text(self) -> String {
        match self {
            Node::Text(s) => s,
            Node::Bool(b) => b.to_string(),
            Node::Null => String::new(),
            Node::Seq | Node::Map(_) => String::new(),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Text(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                // no lockfile field we read is a list: consume it without keeping it
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Node::Seq)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = map.next_entry::<Node, Node>()? {
                    v.push((k.key_text(), x));
                }
                Ok(Node::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping whose keys keep their source line.
#[derive(Debug, Default)]
pub(crate) struct LinedMap(pub(crate) Vec<(String, u32, Node)>);

impl<'de> Deserialize<'de> for LinedMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LinedMap, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LinedMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<LinedMap, E> {
                Ok(LinedMap::default())
            }
            fn visit_none<E>(self) -> Result<LinedMap, E> {
                Ok(LinedMap::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<LinedMap, D::Error> {
                LinedMap::deserialize(d)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LinedMap, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = map.next_entry::<Spanned<String>, Node>()? {
                    let line = u32::try_from(k.referenced.line()).unwrap_or(0);
                    v.push((k.value, line, x));
                }
                Ok(LinedMap(v))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// pnpm-lock.yaml
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, serde::Deserialize)]
struct Lock {
    #[serde(rename = "lockfileVersion", default)]
    lockfile_version: Node,
    #[serde(default)]
    importers: Node,
    #[serde(default)]
    dependencies: Node,
    #[serde(rename = "devDependencies", default)]
    dev_dependencies: Node,
    #[serde(rename = "optionalDependencies", default)]
    optional_dependencies: Node,
    #[serde(default)]
    packages: Option<LinedMap>,
    #[serde(default)]
    snapshots: Node,
}

/// The lock read by [`yaml_block`](super::yaml_block) when the text is in its subset (nearly every
/// pnpm-written lock), else `None`.
fn fast_read(text: &str) -> Option<Lock> {
    let top = super::yaml_block::read(text, &["packages"])?;
    let mut lock = Lock::default();
    for (key, entry) in top.entries {
        let node = match entry {
            super::yaml_block::Entry::Lined(m) => {
                lock.packages = Some(m);
                continue;
            }
            super::yaml_block::Entry::Null => continue,
            super::yaml_block::Entry::Node(n) => n,
        };
        match key.as_str() {
            "lockfileVersion" => lock.lockfile_version = node,
            "importers" => lock.importers = node,
            "dependencies" => lock.dependencies = node,
            "devDependencies" => lock.dev_dependencies = node,
            "optionalDependencies" => lock.optional_dependencies = node,
            "snapshots" => lock.snapshots = node,
            _ => {}
        }
    }
    Some(lock)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    /// `/name/1.2.3_peer@1.0.0`
    V5,
    /// `/name@1.2.3(peer@1.0.0)`
    V6,
    /// `name@1.2.3(peer@1.0.0)`, graph in `snapshots`
    V9,
}

/// One installed package (a graph node).
struct Node2<'a> {
    key: &'a str,
    line: Option<u32>,
    entry: &'a Node,
    snapshot: Option<&'a Node>,
}

fn style_of(doc: &Lock) -> Style {
    let text = match &doc.lockfile_version {
        Node::Text(t) => t.trim_matches(|c| c == '\'' || c == '"').to_string(),
        _ => String::new(),
    };
    let major: Option<u32> = text.split('.').next().and_then(|m| m.trim().parse().ok());
    match major {
        Some(m) if m >= 9 => Style::V9,
        Some(m) if m >= 6 => Style::V6,
        Some(_) => Style::V5,
        None => {
            if !matches!(doc.snapshots, Node::Null) {
                return Style::V9;
            }
            let first = doc.packages.as_ref().and_then(|p| p.0.first()).map(|(k, _, _)| k.as_str()).unwrap_or("");
            let last = first.trim_start_matches('/').rsplit('/').next().unwrap_or("");
            if last.starts_with(|c: char| c.is_ascii_digit()) {
                Style::V5
            } else {
                Style::V6
            }
        }
    }
}

fn extract_doc(src: &Source<'_>, doc: &Lock, out: &mut Extraction) {
    let style = style_of(doc);
    let empty = Vec::new();
    let packages = doc.packages.as_ref().map(|p| &p.0).unwrap_or(&empty);

    // graph nodes: v9 snapshots (with the packages entry for resolution and line), else packages
    let mut nodes: Vec<Node2<'_>> = Vec::new();
    if style == Style::V9 && matches!(doc.snapshots, Node::Map(_)) {
        let by_key: HashMap<&str, (u32, &Node)> =
            packages.iter().map(|(k, line, n)| (k.as_str(), (*line, n))).collect();
        let mut used: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (key, snap) in doc.snapshots.entries() {
            let base = strip_peers(key);
            let found = by_key.get_key_value(base);
            if let Some((k, _)) = found {
                used.insert(k);
            }
            let (line, entry) = match found {
                Some((_, (l, e))) => (Some(*l).filter(|l| *l > 0), *e),
                None => (None, &Node::Null),
            };
            nodes.push(Node2 { key, line, entry, snapshot: Some(snap) });
        }
        for (key, line, entry) in packages {
            if !used.contains(key.as_str()) {
                nodes.push(Node2 { key, line: Some(*line).filter(|l| *l > 0), entry, snapshot: None });
            }
        }
    } else {
        for (key, line, entry) in packages {
            nodes.push(Node2 { key, line: Some(*line).filter(|l| *l > 0), entry, snapshot: None });
        }
    }
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.key, i)).collect();
    let resolve = |name: &str, reference: &str| -> Option<usize> {
        let key = dep_key(style, name, reference)?;
        index.get(key.as_str()).copied()
    };

    // roots from importers (workspace projects) or the top-level sections
    let mut prod_roots: Vec<usize> = Vec::new();
    let mut dev_roots: Vec<usize> = Vec::new();
    let mut sections: Vec<(&Node, bool)> = Vec::new();
    for (_, project) in doc.importers.entries() {
        for (s, dev) in [("dependencies", false), ("optionalDependencies", false), ("devDependencies", true)] {
            if let Some(n) = project.get(s) {
                sections.push((n, dev));
            }
        }
    }
    sections.extend([(&doc.dependencies, false), (&doc.optional_dependencies, false), (&doc.dev_dependencies, true)]);
    for (section, dev) in sections {
        for (name, v) in section.entries() {
            let reference = match v {
                Node::Map(_) => v.get("version").and_then(Node::text),
                other => other.text(),
            };
            if let Some(i) = reference.and_then(|r| resolve(name, r)) {
                if dev {
                    dev_roots.push(i)
                } else {
                    prod_roots.push(i)
                }
            }
        }
    }

    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            let graph = n.snapshot.unwrap_or(n.entry);
            let mut v = Vec::new();
            for section in ["dependencies", "optionalDependencies"] {
                for (name, r) in graph.get(section).map(Node::entries).unwrap_or_default() {
                    if let Some(i) = r.text().and_then(|r| resolve(name, r)) {
                        v.push(i);
                    }
                }
            }
            v
        })
        .collect();
    let children = |i: &usize| edges.get(*i).cloned().unwrap_or_default();
    let from_prod = reachable(&prod_roots, children);
    let from_dev = reachable(&dev_roots, children);
    let direct: std::collections::HashSet<usize> = prod_roots.iter().chain(&dev_roots).copied().collect();
    let all_roots: Vec<usize> = prod_roots.iter().chain(&dev_roots).copied().collect();

    let mut idents: Vec<Ident> = Vec::with_capacity(nodes.len());
    for n in &nodes {
        match identify(style, n) {
            Ok(id) => idents.push(id),
            Err(msg) => {
                out.warnings.push(warning(src.rel, n.line, msg));
                idents.push(None);
            }
        }
    }
    let name_of = |i: &usize| idents.get(*i).and_then(|x| x.as_ref()).map(|x| x.0.clone()).unwrap_or_default();
    let paths = shortest_paths(&all_roots, children, name_of);

    for (i, n) in nodes.iter().enumerate() {
        let Some(Some((name, version, requirement))) = idents.get(i) else { continue };
        let mut p = Package::new(Ecosystem::Npm, name, version.clone(), src.rel).at_line(n.line);
        p.requirement = requirement.clone();
        p.direct = direct.contains(&i);
        p.dev = match n.entry.get("dev").and_then(Node::flag) {
            Some(flag) if style != Style::V9 => flag,
            _ => from_dev.contains(&i) && !from_prod.contains(&i),
        };
        p.optional =
            [Some(n.entry), n.snapshot].iter().flatten().any(|e| e.get("optional").and_then(Node::flag) == Some(true));
        p.dependency_path = paths.get(&i).cloned().unwrap_or_default();
        out.packages.push(p);
    }
}

/// The key a dependency reference points to (`None` for `link:` workspace references).
fn dep_key(style: Style, name: &str, reference: &str) -> Option<String> {
    let r = reference.trim();
    if r.is_empty() || r.starts_with("link:") {
        return None;
    }
    if let Some(path) = r.strip_prefix("file:./") {
        return Some(format!("file:{path}"));
    }
    match style {
        Style::V5 | Style::V6 => {
            if r.starts_with('/') || looks_like_path(r) {
                Some(r.to_string())
            } else if style == Style::V5 {
                Some(format!("/{name}/{r}"))
            } else {
                Some(format!("/{name}@{r}"))
            }
        }
        Style::V9 => {
            // an alias points at `real@1.0.0`; anything else is this name's version
            match alias_target(r) {
                Some(_) => Some(r.to_string()),
                None => Some(format!("{name}@{r}")),
            }
        }
    }
}

/// A v5/v6 reference that is a whole key (`github.com/a/b/<commit>`, `registry.example/x/1.0.0`,
/// `file:…`) rather than a version.
fn looks_like_path(r: &str) -> bool {
    let head = r.split('(').next().unwrap_or(r);
    let head = head.split('_').next().unwrap_or(head);
    head.contains('/') || head.starts_with("file:")
}

/// For a v9 reference `real@1.0.0` / `@scope/real@1.0.0(peer@1)`: the real name.
fn alias_target(r: &str) -> Option<&str> {
    let head = r.split('(').next().unwrap_or(r);
    let at = head.char_indices().skip(1).find(|&(_, c)| c == '@').map(|(i, _)| i)?;
    let name = &head[..at];
    let valid = !name.contains(':') && name.matches('/').count() <= usize::from(name.starts_with('@'));
    valid.then_some(name)
}

/// `name@1.2.3(peer@1)(other@2)` → `name@1.2.3` (also with a leading `/`).
fn strip_peers(key: &str) -> &str {
    let at = key.trim_start_matches('/').char_indices().skip(1).find(|&(_, c)| c == '@').map(|(i, _)| i);
    let start = key.len() - key.trim_start_matches('/').len() + at.unwrap_or(0);
    match key.get(start..).and_then(|rest| rest.find('(')) {
        Some(p) => &key[..start + p],
        None => key,
    }
}

/// Name, version and requirement of a package node; `Ok(None)` for nodes that are not packages
/// (`link:`), `Err` when the key cannot be read.
type Ident = Option<(String, Option<String>, Option<String>)>;

fn identify(style: Style, n: &Node2<'_>) -> Result<Ident, String> {
    let key = n.key;
    if key.starts_with("link:") {
        return Ok(None);
    }
    let (key_name, key_version) = parse_key(style, key);
    let name = n.entry.get("name").and_then(Node::text).map(str::to_string).or(key_name);
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return Err(format!("cannot read a package name from {key:?}"));
    };
    let version_text = n.entry.get("version").and_then(Node::text).map(str::to_string).or(key_version.clone());
    let source = source_of(n.entry.get("resolution"), key, key_version.as_deref());
    let version = version_text.as_deref().and_then(exact_version);
    if version.is_none() && source.is_none() {
        return Err(format!("cannot read a version from {key:?}"));
    }
    let requirement = source.or_else(|| version.is_none().then(|| version_text.clone()).flatten());
    Ok(Some((name, version, requirement)))
}

/// The non-registry source of a package, if any.
fn source_of(resolution: Option<&Node>, key: &str, key_version: Option<&str>) -> Option<String> {
    if let Some(res) = resolution {
        let get = |k: &str| res.get(k).and_then(Node::text);
        if let (Some(repo), Some(commit)) = (get("repo"), get("commit")) {
            return Some(format!("{repo}#{commit}"));
        }
        if let Some(dir) = get("directory") {
            return Some(format!("file:{dir}"));
        }
        if let Some(tarball) = get("tarball") {
            if is_non_registry(tarball) {
                return Some(tarball.to_string());
            }
            return None;
        }
        if get("type") == Some("git") {
            return Some(key.to_string());
        }
    }
    if key.starts_with("file:") {
        return Some(key.to_string());
    }
    match key_version {
        Some(v) if exact_version(v).is_none() && (v.contains(':') || v.contains('/')) => Some(v.to_string()),
        _ => None,
    }
}

/// Name and version part of a package key.
fn parse_key(style: Style, key: &str) -> (Option<String>, Option<String>) {
    let k = key.strip_prefix('/').unwrap_or(key);
    if k.starts_with("file:") {
        return (None, None);
    }
    let (name_part, version) = match style {
        Style::V5 => {
            let Some((rest, last)) = k.rsplit_once('/') else { return (None, None) };
            let version = last.split('_').next().unwrap_or(last);
            (rest, version)
        }
        Style::V6 | Style::V9 => {
            let Some(at) = k.char_indices().skip(1).find(|&(_, c)| c == '@').map(|(i, _)| i) else {
                // v6 git keys `github.com/org/repo/<commit>` carry name/version fields
                return (None, None);
            };
            let version = &k[at + 1..];
            let version = version.split('(').next().unwrap_or(version);
            (&k[..at], version)
        }
    };
    // drop a registry host prefix: `registry.example/@scope/name` → `@scope/name`
    let segs: Vec<&str> = name_part.split('/').collect();
    let name = match segs.as_slice() {
        [.., scope, n] if scope.starts_with('@') => format!("{scope}/{n}"),
        [.., n] => n.to_string(),
        [] => String::new(),
    };
    let name = (!name.is_empty() && !name.contains(':')).then_some(name);
    (name, Some(version.to_string()).filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::time::{Duration, Instant};

    fn run(text: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("pnpm-lock.yaml"),
            rel: "pnpm-lock.yaml",
            content: text,
        };
        PnpmLock.extract(&src)
    }

    /// The general parser's reading (what [`fast_read`] must equal when it answers).
    fn slow_read(text: &str) -> Option<Vec<Lock>> {
        serde_saphyr::from_str_multiple_with_options(strip_bom(text), yaml_options(text.len())).ok()
    }

    /// Every YAML fixture we have (ours, and the shared corpus's when it is present): where the fast
    /// reader answers, it answers exactly what the general parser does.
    #[test]
    fn fast_reader_equals_the_general_parser_on_every_fixture() {
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/lockfiles");
        if shared.is_dir() {
            dirs.push(shared);
        } else {
            eprintln!("SKIPPED the shared corpus's pnpm fixtures: ../shared/corpus/lockfiles is not present");
        }
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    files.push(p);
                }
            }
        }
        let (mut fast, mut compared) = (0, 0);
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else { continue };
            let text = strip_bom(&text);
            let Some(lock) = fast_read(text) else { continue };
            fast += 1;
            let Some(slow) = slow_read(text) else {
                panic!("{}: the fast reader accepted what the general parser rejects", f.display());
            };
            if slow.len() == 1 {
                compared += 1;
                assert_eq!(format!("{lock:?}"), format!("{:?}", slow[0]), "{}", f.display());
            } else {
                assert!(slow.is_empty(), "{}: {} documents", f.display(), slow.len());
            }
        }
        eprintln!("{fast} of {} YAML fixtures read fast, {compared} compared", files.len());
        assert!(fast >= 5 && compared >= 5, "only {fast} fixture(s) read fast of {}", files.len());
    }

    #[test]
    fn fast_reader_equals_the_general_parser_on_tricky_text() {
        let cases = [
            "lockfileVersion: 5.40\npackages:\n  /a/1.0.0:\n    dev: false\n",
            "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    resolution: {integrity: 'sha512-x', tarball: \"https://h.example/a.tgz\"}\n    engines: {node: '>=8', npm: '>= 6'}\n    os: [darwin, linux]\n    dev: true\n",
            "packages:\n  'it''s@1.0.0':\n    version: 1.0.0\n  x@2.0.0: {}\n",
            "packages: {}\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: 1\n        version: 10\n",
            "packages:\n  a@1.0.0:\n    deps:\n    - x\n    - y\n    v: 1.0.0 # comment\n",
            "packages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x} # trailing\n",
            "packages: ~\nlockfileVersion: '9.0'\n",
            "# only a comment\n",
            "packages:\n  a@1.0.0:\n    version: 007\n",
            "packages:\n  b@4.0.4:\n    resolution: {integrity: sha512-x}\n    engines: {node: 18 || 20 || >=22}\n    peerDependencies:\n      webpack: 3 || 4 || 5\n      '@rspack/core': '*'\n    hasBin: true\n",
            "packages:\n  c@1.0.0:\n    engines: {node: 0X1F}\n    x: 1_000\n    y: 1:20\n",
            "packages:\n  /626/1.0.0:\n    dependencies:\n      626: 1.0.0\n  626@1.0.0:\n    dev: true\nimporters:\n  .:\n    dependencies:\n      626:\n        specifier: 1\n        version: 1.0.0\n",
        ];
        for text in cases {
            let slow = slow_read(text);
            match fast_read(text) {
                Some(lock) => {
                    let slow = slow.unwrap_or_else(|| panic!("general parser rejects {text:?}"));
                    let want =
                        slow.first().map(|l| format!("{l:?}")).unwrap_or_else(|| format!("{:?}", Lock::default()));
                    assert_eq!(format!("{lock:?}"), want, "{text:?}");
                }
                None => eprintln!("left to the general parser: {text:?}"),
            }
        }
        // the common shapes are read fast
        assert!(
            fast_read(cases[9]).is_some()
                && fast_read(cases[11]).is_some()
                && fast_read(cases[0]).is_some()
                && fast_read(cases[1]).is_some()
                && fast_read(cases[2]).is_some()
                && fast_read(cases[3]).is_some()
        );
    }

    #[test]
    fn keys_of_every_style() {
        assert_eq!(parse_key(Style::V5, "/@a/b/1.0.0_c@2.0.0"), (Some("@a/b".into()), Some("1.0.0".into())));
        assert_eq!(parse_key(Style::V5, "registry.example/foo/1.1.0"), (Some("foo".into()), Some("1.1.0".into())));
        assert_eq!(parse_key(Style::V6, "/@a/b@1.0.0(c@2.0.0)"), (Some("@a/b".into()), Some("1.0.0".into())));
        assert_eq!(
            parse_key(Style::V9, "x@https://h.example/x.tgz"),
            (Some("x".into()), Some("https://h.example/x.tgz".into()))
        );
        assert_eq!(parse_key(Style::V6, "github.example/o/r/abc"), (None, None));
        assert_eq!(strip_peers("a@1.0.0(b@2.0.0(c@1))(d@1)"), "a@1.0.0");
        assert_eq!(strip_peers("/@s/a@1.0.0(b@2.0.0)"), "/@s/a@1.0.0");
        assert_eq!(alias_target("@s/real@1.0.0(p@1)"), Some("@s/real"));
        assert_eq!(alias_target("1.0.0(p@1)"), None);
        assert_eq!(alias_target("git+ssh://git@h.example/r.git"), None);
    }

    #[test]
    fn yaml_bomb_fails_fast() {
        let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
                    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
                    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
                    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n\
                    packages: *i\n";
        let t = Instant::now();
        assert!(run(bomb).is_err());
        assert!(t.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        assert!(run(&"[".repeat(100_000)).is_err());
        let block: String = (0..5_000).map(|i| format!("{}a{i}:\n", " ".repeat(i))).collect();
        assert!(run(&block).is_err());
    }

    #[test]
    fn empty_and_comment_only_files_have_no_packages() {
        assert_eq!(run("").unwrap().packages.len(), 0);
        assert_eq!(run("# nothing\n").unwrap().packages.len(), 0);
        assert!(run("just a sentence").is_err());
    }
}
