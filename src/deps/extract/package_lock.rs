//! package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
//!
//! v2/v3 (`packages` map, preferred when present): every `node_modules/…` key is one installed copy;
//! `""` and other keys outside `node_modules` are the project and its workspace/local folders (not
//! packages — their dependency lists give the direct dependencies); `link: true` entries are symlinks to
//! such folders. Dependency names are resolved the way Node does (nearest `node_modules` upwards), which
//! gives the graph for the dependency paths. v1 (nested `dependencies` tree with `requires`): the same
//! lookup over the nesting; v1 has no list of the root's dependencies, so nothing is marked direct and
//! the paths start at the top-level entries nobody requires.
//!
//! This module also holds the small helpers the other npm extractors share (JSON key positions, exact
//! version test, registry test, de-duplication).
use super::json::{json_error, kind_of, JsonKeys, ROOT};
use super::npm::{dedupe, locked_version, npm_alias};
use super::{shortest_paths, strip_bom, warning, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

pub(crate) struct PackageLock;

const FORMAT: &str = "package-lock.json";

impl Extractor for PackageLock {
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
        &["package-lock.json", "npm-shrinkwrap.json"]
    }
    fn package_manager(&self) -> &'static str {
        "npm"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["package.json"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        // npm ignores package-lock.json when npm-shrinkwrap.json sits beside it: so do we.
        if src.path.file_name().is_some_and(|n| n == "package-lock.json")
            && src.path.with_file_name("npm-shrinkwrap.json").is_file()
        {
            return Ok(Extraction::default());
        }
        let text = strip_bom(src.content);
        // v2/v3: the `packages` map read into borrowed fields, every other value skipped
        let top: TopV2<'_> = serde_json::from_str(text).map_err(|e| json_error(FORMAT, &e))?;
        if let Some(kind) = top.not_object {
            return Err(ExtractError::Syntax {
                format: FORMAT,
                message: format!("the top level is {kind}, not an object"),
            });
        }
        if let Some(packages) = &top.packages {
            let keys = JsonKeys::scan_with(text, None);
            let lines = LineIndex::new(text);
            let ctx = Ctx { src, keys: &keys, lines: &lines };
            let mut out = Extraction::default();
            v2(&ctx, packages, &mut out);
            out.packages = dedupe(std::mem::take(&mut out.packages));
            return Ok(out);
        }
        // v1: the nested `dependencies` tree
        let root: Value = serde_json::from_str(text).map_err(|e| json_error(FORMAT, &e))?;
        let Value::Object(root) = root else {
            return Err(ExtractError::Syntax {
                format: FORMAT,
                message: format!("the top level is {}, not an object", kind_of(&root)),
            });
        };
        let keys = JsonKeys::scan_with(text, Some("dependencies"));
        let lines = LineIndex::new(text);
        let ctx = Ctx { src, keys: &keys, lines: &lines };
        let mut out = Extraction::default();
        if let Some(Value::Object(deps)) = root.get("dependencies") {
            v1(&ctx, deps, &mut out);
        }
        out.packages = dedupe(std::mem::take(&mut out.packages));
        Ok(out)
    }
}

struct Ctx<'a> {
    src: &'a Source<'a>,
    keys: &'a JsonKeys<'a>,
    lines: &'a LineIndex,
}

impl Ctx<'_> {
    fn line(&self, key: Option<u32>) -> Option<u32> {
        key.map(|k| self.lines.line(self.keys.offset(k)))
    }
}

// ---------------------------------------------------------------------------------------------
// v2 / v3
// ---------------------------------------------------------------------------------------------

/// The dependency sections a folder (root project / workspace) declares, dev last.
const IMPORTER_SECTIONS: &[Section] = &[Section::Dependencies, Section::Optional, Section::Peer, Section::Dev];
/// The dependency sections of an installed package that npm installs.
const PACKAGE_SECTIONS: &[Section] = &[Section::Dependencies, Section::Optional, Section::Peer];

fn v2(ctx: &Ctx<'_>, packages: &[(Cow<'_, str>, Entry<'_>)], out: &mut Extraction) {
    let keys_id = ctx.keys.child(ROOT, "packages");
    let index: HashMap<&str, &Entry<'_>> = packages.iter().map(|(k, v)| (k.as_ref(), v)).collect();
    // a dependency name seen from `from` → the installed package key (links and folders are not packages)
    let resolve = |from: &str, dep: &str| -> Option<&str> {
        let key = node_lookup(from, dep, |cand| index.get_key_value(cand).map(|(k, _)| *k))?;
        let entry = index.get(key)?;
        (!entry.fields().is_some_and(|f| f.link) && !is_folder(key)).then_some(key)
    };
    let deps_of = |key: &str, sections: &[Section]| -> Vec<&str> {
        let Some(fields) = index.get(key).and_then(|e| e.fields()) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for s in sections {
            v.extend(fields.section(*s).iter().filter_map(|d| resolve(key, d)));
        }
        v
    };

    // importers: the root project and every folder outside node_modules (workspaces, local deps)
    let mut roots: Vec<&str> = Vec::new();
    for (key, _) in packages.iter().filter(|(k, _)| is_folder(k)) {
        roots.extend(deps_of(key, IMPORTER_SECTIONS));
    }
    let direct: HashSet<&str> = roots.iter().copied().collect();
    let name_of = |key: &str| -> String {
        index
            .get(key)
            .and_then(|e| e.fields())
            .and_then(|f| f.name.as_deref())
            .map(str::to_string)
            .unwrap_or_else(|| key_name(key).to_string())
    };
    let paths = shortest_paths(&roots, |k| deps_of(k, PACKAGE_SECTIONS), |k| name_of(k));

    for (key, entry) in packages {
        if is_folder(key) {
            continue;
        }
        let line = ctx.line(keys_id.and_then(|p| ctx.keys.child(p, key)));
        let Entry::Object(e) = entry else {
            out.warnings.push(warning(ctx.src.rel, line, format!("entry {key:?} is not an object")));
            continue;
        };
        if e.link {
            continue;
        }
        let name = match e.name.as_deref() {
            Some(n) if !n.trim().is_empty() => n,
            _ => key_name(key),
        };
        if name.is_empty() {
            out.warnings.push(warning(ctx.src.rel, line, format!("cannot tell the package name of {key:?}")));
            continue;
        }
        let (version, requirement) = locked_version(e.version.as_deref(), e.resolved.as_deref());
        let mut p = Package::new(Ecosystem::Npm, name, version, ctx.src.rel).at_line(line);
        p.requirement = requirement;
        p.direct = direct.contains(key.as_ref());
        p.dev = e.dev || e.dev_optional;
        p.optional = e.optional || e.dev_optional;
        p.peer = e.peer;
        p.dependency_path = paths.get(key.as_ref()).cloned().unwrap_or_default();
        out.packages.push(p);
    }
}

// ---------------------------------------------------------------------------------------------
// v2 / v3 reading: only the fields used, strings borrowed from the text where they have no escapes
// ---------------------------------------------------------------------------------------------

/// The top level: `packages` when it is an object (`None` otherwise: a v1 lock), and the kind of a top
/// level that is not an object. Duplicate keys: the last one counts, as in a JSON object read whole.
#[derive(Default)]
struct TopV2<'a> {
    packages: Option<Vec<(Cow<'a, str>, Entry<'a>)>>,
    not_object: Option<&'static str>,
}

/// One `packages` entry: its fields, or the fact that it is not an object.
enum Entry<'a> {
    Object(Box<Fields<'a>>),
    NotObject,
}

impl<'a> Entry<'a> {
    fn fields(&self) -> Option<&Fields<'a>> {
        match self {
            Entry::Object(f) => Some(f),
            Entry::NotObject => None,
        }
    }
}

/// The fields of an entry that the extractor reads; a field of another type than expected counts as absent.
#[derive(Default)]
struct Fields<'a> {
    name: Option<Cow<'a, str>>,
    version: Option<Cow<'a, str>>,
    resolved: Option<Cow<'a, str>>,
    link: bool,
    dev: bool,
    dev_optional: bool,
    optional: bool,
    peer: bool,
    /// the names of each dependency section, by [`Section`]
    sections: [Vec<Cow<'a, str>>; 4],
}

#[derive(Clone, Copy)]
enum Section {
    Dependencies = 0,
    Optional = 1,
    Peer = 2,
    Dev = 3,
}

impl Fields<'_> {
    fn section(&self, s: Section) -> &[Cow<'_, str>] {
        &self.sections[s as usize]
    }
}

/// A JSON value kept when it is a string.
struct Str<'a>(Option<Cow<'a, str>>);
/// A JSON value kept when it is `true`.
struct True(bool);
/// The keys of a JSON value when it is an object.
struct Keys<'a>(Vec<Cow<'a, str>>);
/// A map key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

/// Consume whatever value a visitor was handed.
fn drain_map<'de, A: MapAccess<'de>>(mut m: A) -> Result<(), A::Error> {
    while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}
fn drain_seq<'de, A: SeqAccess<'de>>(mut s: A) -> Result<(), A::Error> {
    while s.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A visitor for any JSON value that keeps what `keep` makes of a string, an object or `true`.
macro_rules! any_value_visitor {
    ($name:ident, $out:ty, $default:expr, |$s:ident| $on_str:expr, |$b:ident| $on_bool:expr, |$m:ident| $on_map:expr) => {
        struct $name;
        impl<'de> Visitor<'de> for $name {
            type Value = $out;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, $s: &'de str) -> Result<$out, E> {
                let $s: Cow<'de, str> = Cow::Borrowed($s);
                Ok($on_str)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$out, E> {
                let $s: Cow<'de, str> = Cow::Owned(v.to_string());
                Ok($on_str)
            }
            fn visit_bool<E: de::Error>(self, $b: bool) -> Result<$out, E> {
                Ok($on_bool)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<$out, E> {
                Ok($default)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<$out, E> {
                Ok($default)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<$out, E> {
                Ok($default)
            }
            fn visit_unit<E: de::Error>(self) -> Result<$out, E> {
                Ok($default)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, s: A) -> Result<$out, A::Error> {
                drain_seq(s)?;
                Ok($default)
            }
            fn visit_map<A: MapAccess<'de>>(self, $m: A) -> Result<$out, A::Error> {
                $on_map
            }
        }
    };
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        any_value_visitor!(V, Str<'de>, Str(None), |s| Str(Some(s)), |_b| Str(None), |m| {
            drain_map(m)?;
            Ok(Str(None))
        });
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for True {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        any_value_visitor!(V, True, True(false), |_s| True(false), |b| True(b), |m| {
            drain_map(m)?;
            Ok(True(false))
        });
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        any_value_visitor!(V, Key<'de>, Key(Cow::Borrowed("")), |s| Key(s), |_b| Key(Cow::Borrowed("")), |m| {
            drain_map(m)?;
            Ok(Key(Cow::Borrowed("")))
        });
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Keys<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        any_value_visitor!(V, Keys<'de>, Keys(Vec::new()), |_s| Keys(Vec::new()), |_b| Keys(Vec::new()), |m| {
            let mut m = m;
            let mut keys: Vec<Cow<'de, str>> = Vec::new();
            while let Some((k, IgnoredAny)) = m.next_entry::<Key<'de>, IgnoredAny>()? {
                // a repeated key is one dependency
                if !keys.contains(&k.0) {
                    keys.push(k.0);
                }
            }
            Ok(Keys(keys))
        });
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Entry<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        any_value_visitor!(V, Entry<'de>, Entry::NotObject, |_s| Entry::NotObject, |_b| Entry::NotObject, |m| {
            let mut m = m;
            let mut f = Fields::default();
            while let Some(Key(k)) = m.next_key::<Key<'de>>()? {
                match k.as_ref() {
                    "name" => f.name = m.next_value::<Str<'de>>()?.0,
                    "version" => f.version = m.next_value::<Str<'de>>()?.0,
                    "resolved" => f.resolved = m.next_value::<Str<'de>>()?.0,
                    "link" => f.link = m.next_value::<True>()?.0,
                    "dev" => f.dev = m.next_value::<True>()?.0,
                    "devOptional" => f.dev_optional = m.next_value::<True>()?.0,
                    "optional" => f.optional = m.next_value::<True>()?.0,
                    "peer" => f.peer = m.next_value::<True>()?.0,
                    "dependencies" => f.sections[Section::Dependencies as usize] = m.next_value::<Keys<'de>>()?.0,
                    "optionalDependencies" => f.sections[Section::Optional as usize] = m.next_value::<Keys<'de>>()?.0,
                    "peerDependencies" => f.sections[Section::Peer as usize] = m.next_value::<Keys<'de>>()?.0,
                    "devDependencies" => f.sections[Section::Dev as usize] = m.next_value::<Keys<'de>>()?.0,
                    _ => {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(Entry::Object(Box::new(f)))
        });
        d.deserialize_any(V)
    }
}

/// `packages` when it is an object: its entries in file order, a repeated key keeping its first place
/// and its last value (as a JSON object read whole does).
struct Packages<'a>(Option<Vec<(Cow<'a, str>, Entry<'a>)>>);

impl<'de> Deserialize<'de> for Packages<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        any_value_visitor!(V, Packages<'de>, Packages(None), |_s| Packages(None), |_b| Packages(None), |m| {
            let mut m = m;
            let mut out: Vec<(Cow<'de, str>, Entry<'de>)> = Vec::new();
            let mut at: HashMap<Cow<'de, str>, usize> = HashMap::default();
            while let Some(Key(k)) = m.next_key::<Key<'de>>()? {
                let entry = m.next_value::<Entry<'de>>()?;
                match at.get(&k) {
                    Some(&i) => out[i].1 = entry,
                    None => {
                        at.insert(k.clone(), out.len());
                        out.push((k, entry));
                    }
                }
            }
            Ok(Packages(Some(out)))
        });
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for TopV2<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TopV2<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<TopV2<'de>, E> {
                Ok(TopV2 { packages: None, not_object: Some("a string") })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TopV2<'de>, E> {
                Ok(TopV2 { packages: None, not_object: Some("a boolean") })
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<TopV2<'de>, E> {
                Ok(TopV2 { packages: None, not_object: Some("a number") })
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<TopV2<'de>, E> {
                Ok(TopV2 { packages: None, not_object: Some("a number") })
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<TopV2<'de>, E> {
                Ok(TopV2 { packages: None, not_object: Some("a number") })
            }
            fn visit_unit<E: de::Error>(self) -> Result<TopV2<'de>, E> {
                Ok(TopV2 { packages: None, not_object: Some("null") })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, s: A) -> Result<TopV2<'de>, A::Error> {
                drain_seq(s)?;
                Ok(TopV2 { packages: None, not_object: Some("an array") })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<TopV2<'de>, A::Error> {
                let mut top = TopV2::default();
                while let Some(Key(k)) = m.next_key::<Key<'de>>()? {
                    if k == "packages" {
                        top.packages = m.next_value::<Packages<'de>>()?.0;
                    } else {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(top)
            }
        }
        d.deserialize_any(V)
    }
}

/// A key outside any node_modules folder: the project (`""`), a workspace or a local folder.
fn is_folder(key: &str) -> bool {
    !key.split('/').any(|s| s == "node_modules")
}

fn flag(e: &Map<String, Value>, name: &str) -> bool {
    e.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// The package folder name of a `…/node_modules/<name>` key (scoped names keep their scope).
fn key_name(key: &str) -> &str {
    match key.rfind("node_modules/") {
        Some(i) => &key[i + "node_modules/".len()..],
        None => key.rsplit('/').next().unwrap_or(key),
    }
}

/// Node's module lookup: from the package at `from`, try `from/node_modules/dep`, then each enclosing
/// folder's `node_modules/dep` up to the project root. `exists` maps a candidate key to the stored key.
fn node_lookup<'k>(from: &str, dep: &str, exists: impl Fn(&str) -> Option<&'k str>) -> Option<&'k str> {
    let mut base = from;
    let mut cand = String::new();
    loop {
        let is_nm = base == "node_modules" || base.ends_with("/node_modules");
        if !is_nm {
            cand.clear();
            if !base.is_empty() {
                cand.push_str(base);
                cand.push('/');
            }
            cand.push_str("node_modules/");
            cand.push_str(dep);
            if let Some(k) = exists(&cand) {
                return Some(k);
            }
        }
        if base.is_empty() {
            return None;
        }
        base = match base.rfind('/') {
            Some(i) => &base[..i],
            None => "",
        };
    }
}

// ---------------------------------------------------------------------------------------------
// v1
// ---------------------------------------------------------------------------------------------

struct V1Entry {
    /// synthetic key in v2 form (`node_modules/a/node_modules/b`), for the lookup
    key: String,
    requires: Vec<String>,
    top_level: bool,
    /// position in `out.packages`, when the entry became a package
    package: Option<usize>,
    /// names along the nesting, for a fallback path
    nesting: Vec<String>,
}

/// One nested `dependencies` map still to walk: the map, its key's id, the key prefix and the nesting.
type V1Level<'a> = (&'a Map<String, Value>, Option<u32>, String, Vec<String>);

fn v1(ctx: &Ctx<'_>, deps: &Map<String, Value>, out: &mut Extraction) {
    let deps_id = ctx.keys.child(ROOT, "dependencies");
    let mut entries: Vec<V1Entry> = Vec::new();
    // explicit stack instead of recursion: (map, key-tree id of that map's key, key prefix, nesting)
    let mut stack: Vec<V1Level<'_>> = vec![(deps, deps_id, String::new(), Vec::new())];
    while let Some((map, map_id, prefix, nesting)) = stack.pop() {
        for (alias, entry) in map {
            let key_id = map_id.and_then(|m| ctx.keys.child(m, alias));
            let line = ctx.line(key_id);
            let Value::Object(e) = entry else {
                out.warnings.push(warning(ctx.src.rel, line, format!("entry {alias:?} is not an object")));
                continue;
            };
            let key = format!("{prefix}node_modules/{alias}");
            let spec = e.get("version").and_then(Value::as_str);
            let resolved = e.get("resolved").and_then(Value::as_str);
            let (name, spec) = match spec.and_then(npm_alias_v1) {
                Some((real, v)) => (real, Some(v)),
                None => (alias.as_str(), spec),
            };
            let (version, requirement) = locked_version(spec, resolved);
            let mut p = Package::new(Ecosystem::Npm, name, version, ctx.src.rel).at_line(line);
            p.requirement = requirement;
            p.direct = false;
            p.dev = flag(e, "dev");
            p.optional = flag(e, "optional");
            p.peer = flag(e, "peer");
            let mut path = nesting.clone();
            path.push(p.name.clone());
            let package = if name.is_empty() {
                out.warnings.push(warning(ctx.src.rel, line, format!("entry {alias:?} has no name")));
                None
            } else {
                out.packages.push(p);
                Some(out.packages.len() - 1)
            };
            let requires = match e.get("requires") {
                Some(Value::Object(r)) => r.keys().cloned().collect(),
                _ => Vec::new(),
            };
            if let Some(Value::Object(nested)) = e.get("dependencies") {
                let nested_id = key_id.and_then(|k| ctx.keys.child(k, "dependencies"));
                stack.push((nested, nested_id, format!("{key}/"), path.clone()));
            }
            entries.push(V1Entry { key, requires, top_level: prefix.is_empty(), package, nesting: path });
        }
    }

    let index: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.key.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = entries
        .iter()
        .map(|e| {
            e.requires
                .iter()
                .filter_map(|d| node_lookup(&e.key, d, |c| index.get_key_value(c).map(|(k, _)| *k)))
                .filter_map(|k| index.get(k).copied())
                .collect()
        })
        .collect();
    let mut required = vec![false; entries.len()];
    for (from, list) in edges.iter().enumerate() {
        for &to in list {
            if to != from {
                required[to] = true;
            }
        }
    }
    let roots: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].top_level && !required[i]).collect();
    let name_of = |i: &usize| entries.get(*i).and_then(|e| e.nesting.last().cloned()).unwrap_or_default();
    let children = |i: &usize| edges.get(*i).cloned().unwrap_or_default();
    let mut paths = shortest_paths(&roots, children, name_of);
    // whatever sits only on cycles: start again from the top-level entries not reached yet
    let rest: Vec<usize> = (0..entries.len()).filter(|i| entries[*i].top_level && !paths.contains_key(i)).collect();
    if !rest.is_empty() {
        for (k, v) in shortest_paths(&rest, children, name_of) {
            paths.entry(k).or_insert(v);
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let Some(pi) = e.package else { continue };
        let path = paths.get(&i).cloned().unwrap_or_else(|| e.nesting.clone());
        if let Some(p) = out.packages.get_mut(pi) {
            p.dependency_path = path;
        }
    }
}

/// v1 alias versions: `npm:@scope/real@1.2.3`.
fn npm_alias_v1(spec: &str) -> Option<(&str, &str)> {
    npm_alias(spec).filter(|(n, _)| !n.is_empty())
}

// ---------------------------------------------------------------------------------------------
// helpers shared by the npm extractors
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("package-lock.json"),
            rel: "package-lock.json",
            content: text,
        };
        PackageLock.extract(&src)
    }

    #[test]
    fn node_lookup_walks_up_and_skips_node_modules_dirs() {
        let keys: HashSet<&str> =
            ["node_modules/x", "node_modules/a/node_modules/x", "node_modules/@s/b"].into_iter().collect();
        let ex = |c: &str| keys.get(c).copied();
        assert_eq!(node_lookup("node_modules/a/node_modules/b", "x", ex), Some("node_modules/a/node_modules/x"));
        assert_eq!(node_lookup("node_modules/c", "x", ex), Some("node_modules/x"));
        assert_eq!(node_lookup("", "@s/b", ex), Some("node_modules/@s/b"));
        assert_eq!(node_lookup("packages/w", "x", ex), Some("node_modules/x"));
        assert_eq!(node_lookup("", "y", ex), None);
    }

    #[test]
    fn top_level_must_be_an_object() {
        assert!(run("null").is_err());
        assert!(run("[]").is_err());
        assert!(run("").is_err());
        assert!(run("{\"lockfileVersion\": 3").is_err());
        assert!(run(&"[".repeat(100_000)).is_err());
        assert_eq!(run("{}").unwrap().packages.len(), 0);
    }

    #[test]
    fn v2_graph_links_and_aliases() {
        let text = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": { "dependencies": { "a": "^1", "w": "*", "alias": "npm:real@^2" }, "devDependencies": { "d": "1.0.0" } },
    "node_modules/a": { "version": "1.0.0", "dependencies": { "b": "^1" } },
    "node_modules/a/node_modules/b": { "version": "1.1.0", "dependencies": { "c": "^1" } },
    "node_modules/b": { "version": "2.0.0", "dev": true },
    "node_modules/c": { "version": "3.0.0" },
    "node_modules/d": { "version": "1.0.0", "dev": true, "dependencies": { "b": "^2" } },
    "node_modules/alias": { "name": "real", "version": "2.0.1" },
    "node_modules/w": { "resolved": "packages/w", "link": true },
    "packages/w": { "version": "0.0.1", "dependencies": { "c": "^3" } }
  }
}"#;
        let x = run(text).unwrap();
        let by = |n: &str, v: &str| x.packages.iter().find(|p| p.name == n && p.version.as_deref() == Some(v)).unwrap();
        assert_eq!(x.packages.len(), 6);
        assert!(by("a", "1.0.0").direct);
        assert_eq!(by("b", "1.1.0").dependency_path, ["a", "b"]);
        assert_eq!(by("b", "1.1.0").line_number, Some(6));
        assert_eq!(by("b", "2.0.0").dependency_path, ["d", "b"]);
        assert!(by("c", "3.0.0").direct, "a workspace's dependency is direct");
        assert_eq!(by("c", "3.0.0").dependency_path, ["c"]);
        assert_eq!(by("real", "2.0.1").dependency_path, ["real"]);
        assert!(x.packages.iter().all(|p| p.name != "w"));
    }

    #[test]
    fn v1_nesting_paths_and_lines() {
        let text = "{\r\n \"lockfileVersion\": 1,\r\n \"dependencies\": {\r\n  \"a\": {\"version\": \"1.0.0\", \"requires\": {\"b\": \"^1\"},\r\n   \"dependencies\": {\r\n    \"b\": {\"version\": \"1.0.0\"}}},\r\n  \"b\": {\"version\": \"2.0.0\", \"dev\": true}\r\n }\r\n}";
        let x = run(text).unwrap();
        assert_eq!(x.packages.len(), 3);
        let nested = x.packages.iter().find(|p| p.version.as_deref() == Some("1.0.0") && p.name == "b").unwrap();
        assert_eq!(nested.dependency_path, ["a", "b"]);
        assert_eq!(nested.line_number, Some(6));
        let top = x.packages.iter().find(|p| p.version.as_deref() == Some("2.0.0")).unwrap();
        assert_eq!(top.dependency_path, ["b"]);
        assert_eq!(top.line_number, Some(7));
        assert!(top.dev && !top.direct);
    }
}
