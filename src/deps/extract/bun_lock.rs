//! bun.lock (the text lockfile, JSONC: trailing commas and comments allowed).
//!
//! `workspaces` holds each workspace's declared dependencies (`""` is the root project): those are
//! the direct ones, split into prod/optional/peer and dev roots. `packages` maps an install path
//! (`chalk/supports-color` = supports-color nested under chalk) to a tuple whose first element is
//! `name@version` and whose first object element lists the package's own dependencies. Names are
//! resolved the way the installer nests them (nearest enclosing path first), which gives the graph:
//! dev = reachable only from devDependencies, optional = reachable only through optional edges, peer
//! = reachable only through peer edges. `workspace:`/`link:` entries are not packages; git, GitHub,
//! `file:` and tarball sources have no registry version and keep the source as the requirement.
use super::json::{kind_of, JsonKeys, ROOT};
use super::npm::{dedupe, exact_version};
use super::{reachable, shortest_paths, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use super::{strip_bom, warning};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};
use std::collections::HashSet;

pub(crate) struct BunLock;

const FORMAT: &str = "bun.lock";

impl Extractor for BunLock {
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
        &["bun.lock"]
    }
    fn package_manager(&self) -> &'static str {
        "bun"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["package.json"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let text = strip_bom(src.content);
        let cleaned = strip_jsonc(text);
        let root: Value = match serde_json::from_str(&cleaned) {
            Ok(v) => v,
            // full JSON5 (unquoted keys, single quotes) as a fallback; its parser recurses, so only
            // for shallow texts (a deeply nested file must be an error, not a stack overflow)
            Err(e) if max_depth(&cleaned) <= 64 => {
                json5::from_str(text).map_err(|_| ExtractError::Syntax { format: FORMAT, message: e.to_string() })?
            }
            Err(e) => return Err(ExtractError::Syntax { format: FORMAT, message: e.to_string() }),
        };
        let Value::Object(root) = root else {
            return Err(ExtractError::Syntax {
                format: FORMAT,
                message: format!("the top level is {}, not an object", kind_of(&root)),
            });
        };
        let keys = JsonKeys::scan(&cleaned);
        let lines = LineIndex::new(&cleaned);
        let mut out = Extraction::default();
        let packages_key = keys.child(ROOT, "packages");
        let empty = Map::new();
        let packages = match root.get("packages") {
            Some(Value::Object(m)) => m,
            _ => &empty,
        };
        let workspaces = match root.get("workspaces") {
            Some(Value::Object(m)) => m,
            _ => &empty,
        };
        extract_graph(src, workspaces, packages, &mut out, |key| {
            packages_key.and_then(|p| keys.child(p, key)).map(|k| lines.line(keys.offset(k)))
        });
        out.packages = dedupe(std::mem::take(&mut out.packages));
        Ok(out)
    }
}

/// JSONC → JSON with the same byte offsets: comments and trailing commas become spaces.
fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    // position of a comma that may turn out to be trailing
    let mut pending_comma: Option<usize> = None;
    while i < b.len() {
        match b[i] {
            b'"' => {
                pending_comma = None;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                let end = (i + 2).min(b.len());
                for (j, c) in out.iter_mut().enumerate().take(end).skip(start) {
                    if b[j] != b'\n' {
                        *c = b' ';
                    }
                }
                i = end;
            }
            b',' => {
                pending_comma = Some(i);
                i += 1;
            }
            b'}' | b']' => {
                if let Some(c) = pending_comma.take() {
                    out[c] = b' ';
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                pending_comma = None;
                i += 1;
            }
        }
    }
    // only ASCII bytes outside strings were replaced by ASCII spaces: still UTF-8
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The deepest bracket nesting outside strings.
fn max_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Required,
    Optional,
    Peer,
    OptionalPeer,
}

enum Kind {
    Package { name: String, version: Option<String>, requirement: Option<String> },
    NotPackage,
}

fn extract_graph(
    src: &Source<'_>,
    workspaces: &Map<String, Value>,
    packages: &Map<String, Value>,
    out: &mut Extraction,
    line_of: impl Fn(&str) -> Option<u32>,
) {
    let keys: Vec<&str> = packages.keys().map(String::as_str).collect();
    let index: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut kinds: Vec<Kind> = Vec::with_capacity(keys.len());
    let mut infos: Vec<Option<&Map<String, Value>>> = Vec::with_capacity(keys.len());
    for (key, value) in packages {
        let (kind, info) = classify(value);
        match kind {
            Ok(k) => kinds.push(k),
            Err(msg) => {
                out.warnings.push(warning(src.rel, line_of(key), format!("package {key:?}: {msg}")));
                kinds.push(Kind::NotPackage);
            }
        }
        infos.push(info);
    }
    let is_package = |i: usize| matches!(kinds.get(i), Some(Kind::Package { .. }));
    let resolve = |from: &[&str], dep: &str| -> Option<usize> {
        // from the deepest enclosing install path outwards
        let mut cand = String::new();
        for depth in (0..=from.len()).rev() {
            cand.clear();
            for part in from.iter().take(depth) {
                cand.push_str(part);
                cand.push('/');
            }
            cand.push_str(dep);
            if let Some(&i) = index.get(cand.as_str()) {
                return Some(i);
            }
        }
        None
    };
    let sections = |m: &Map<String, Value>| -> Vec<(String, Edge)> {
        let optional_peers: HashSet<&str> = match m.get("optionalPeers") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => HashSet::new(),
        };
        let mut v = Vec::new();
        for (s, edge) in [
            ("dependencies", Edge::Required),
            ("optionalDependencies", Edge::Optional),
            ("peerDependencies", Edge::Peer),
        ] {
            if let Some(Value::Object(d)) = m.get(s) {
                for name in d.keys() {
                    let e = if edge == Edge::Peer && optional_peers.contains(name.as_str()) {
                        Edge::OptionalPeer
                    } else {
                        edge
                    };
                    v.push((name.clone(), e));
                }
            }
        }
        v
    };
    let edges: Vec<Vec<(usize, Edge)>> = keys
        .iter()
        .zip(&infos)
        .map(|(key, info)| {
            let Some(info) = info else { return Vec::new() };
            let path = install_path(key);
            sections(info).into_iter().filter_map(|(d, e)| resolve(&path, &d).map(|i| (i, e))).collect()
        })
        .collect();

    // roots: every workspace's declared dependencies
    let mut prod: Vec<(usize, Edge)> = Vec::new();
    let mut dev: Vec<usize> = Vec::new();
    for (path, ws) in workspaces {
        let Value::Object(ws) = ws else { continue };
        let prefix: Vec<&str> = match ws.get("name").and_then(Value::as_str) {
            Some(n) if !path.is_empty() => install_path(n),
            _ => Vec::new(),
        };
        for (d, e) in sections(ws) {
            if let Some(i) = resolve(&prefix, &d).filter(|&i| is_package(i)) {
                prod.push((i, e));
            }
        }
        if let Some(Value::Object(d)) = ws.get("devDependencies") {
            dev.extend(d.keys().filter_map(|n| resolve(&prefix, n)).filter(|&i| is_package(i)));
        }
    }
    let direct: HashSet<usize> = prod.iter().map(|&(i, _)| i).chain(dev.iter().copied()).collect();
    let all_roots: Vec<usize> = prod.iter().map(|&(i, _)| i).chain(dev.iter().copied()).collect();
    let prod_roots: Vec<usize> = prod.iter().map(|&(i, _)| i).collect();
    let edges = &edges;
    let follow = |keep: fn(Edge) -> bool| {
        move |i: &usize| -> Vec<usize> {
            edges.get(*i).map(|l| l.iter().filter(|(_, e)| keep(*e)).map(|&(c, _)| c).collect()).unwrap_or_default()
        }
    };
    let all = follow(|_| true);
    let from_prod = reachable(&prod_roots, all);
    let from_dev = reachable(&dev, all);
    let required_roots: Vec<usize> = prod
        .iter()
        .filter(|(_, e)| matches!(e, Edge::Required | Edge::Peer))
        .map(|&(i, _)| i)
        .chain(dev.iter().copied())
        .collect();
    let needed = reachable(&required_roots, follow(|e| matches!(e, Edge::Required | Edge::Peer)));
    let non_peer_roots: Vec<usize> = prod
        .iter()
        .filter(|(_, e)| matches!(e, Edge::Required | Edge::Optional))
        .map(|&(i, _)| i)
        .chain(dev.iter().copied())
        .collect();
    let non_peer = reachable(&non_peer_roots, follow(|e| matches!(e, Edge::Required | Edge::Optional)));
    let name_of = |i: &usize| match kinds.get(*i) {
        Some(Kind::Package { name, .. }) => name.clone(),
        _ => String::new(),
    };
    let paths = shortest_paths(&all_roots, |i| all(i).into_iter().filter(|&c| is_package(c)).collect(), name_of);

    for (i, (key, kind)) in keys.iter().zip(&kinds).enumerate() {
        let Kind::Package { name, version, requirement } = kind else { continue };
        let mut p = Package::new(Ecosystem::Npm, name, version.clone(), src.rel).at_line(line_of(key));
        p.requirement = requirement.clone();
        p.direct = direct.contains(&i);
        let reached = from_prod.contains(&i) || from_dev.contains(&i);
        p.dev = from_dev.contains(&i) && !from_prod.contains(&i);
        p.optional = reached && !needed.contains(&i);
        p.peer = reached && !non_peer.contains(&i);
        p.dependency_path = paths.get(&i).cloned().unwrap_or_default();
        out.packages.push(p);
    }
}

/// `chalk/@scope/x/has-flag` → [`chalk`, `@scope/x`, `has-flag`].
fn install_path(key: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = key;
    while !rest.is_empty() {
        let seg_end = |s: &str| s.find('/').unwrap_or(s.len());
        let end = if rest.starts_with('@') {
            let first = seg_end(rest);
            match rest.get(first + 1..) {
                Some(after) if first < rest.len() => first + 1 + seg_end(after),
                _ => first,
            }
        } else {
            seg_end(rest)
        };
        parts.push(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
    }
    parts
}

/// What a `packages` tuple is, and its info object (dependencies etc.).
fn classify(value: &Value) -> (Result<Kind, String>, Option<&Map<String, Value>>) {
    let Value::Array(items) = value else { return (Err(format!("is {}, not an array", kind_of(value))), None) };
    let info = items.iter().skip(1).find_map(Value::as_object);
    let Some(ident) = items.first().and_then(Value::as_str) else {
        return (Err("the first element is not \"name@version\"".to_string()), info);
    };
    let Some(at) = ident.char_indices().skip(1).find(|&(_, c)| c == '@').map(|(i, _)| i) else {
        return (Err(format!("cannot read name@version from {ident:?}")), info);
    };
    let (name, spec) = (&ident[..at], ident[at + 1..].trim());
    if name.is_empty() || spec.is_empty() {
        return (Err(format!("cannot read name@version from {ident:?}")), info);
    }
    if spec.starts_with("workspace:") || spec.starts_with("link:") || spec.starts_with("root:") {
        return (Ok(Kind::NotPackage), info);
    }
    let kind = match exact_version(spec) {
        Some(v) => Kind::Package { name: name.to_string(), version: Some(v), requirement: None },
        None => Kind::Package { name: name.to_string(), version: None, requirement: Some(spec.to_string()) },
    };
    (Ok(kind), info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc_keeps_offsets() {
        let t = "{\n  // c\n  \"a\": [1, 2,],\n  \"b\": \"x,}\", /* y */\n}";
        let c = strip_jsonc(t);
        assert_eq!(c.len(), t.len());
        let v: Value = serde_json::from_str(&c).unwrap();
        assert_eq!(v["b"], "x,}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let src = Source {
            read_separately: None,
            root: std::path::Path::new("."),
            path: std::path::Path::new("bun.lock"),
            rel: "bun.lock",
            content: &deep,
        };
        assert!(BunLock.extract(&src).is_err());
        assert_eq!(max_depth("{\"a\": [\"]]\", {}]}"), 3);
    }

    #[test]
    fn install_paths() {
        assert_eq!(install_path("chalk/@s/x/has-flag"), vec!["chalk", "@s/x", "has-flag"]);
        assert_eq!(install_path("@s/x"), vec!["@s/x"]);
        assert_eq!(install_path("a"), vec!["a"]);
    }
}
