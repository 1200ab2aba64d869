//! yarn.lock, classic (v1: `"a@^1", a@^1.1:` headers with `version "1.2.3"` fields) and berry (v2+:
//! `__metadata:` plus `"a@npm:^1":` headers with `version: 1.2.3` and `resolution:` fields).
//!
//! Both are read by one tolerant indentation parser (berry is YAML, but only this simple subset of
//! it). Each entry is one resolved package; its `dependencies` (`name range`) point at the entry whose
//! header lists `name@range`, which gives the graph for the dependency paths. Berry lists every
//! workspace as an entry (`root@workspace:.`): their dependencies are the direct ones. Classic has no
//! record of the project's own dependencies, so nothing is direct and paths start at the entries
//! nobody depends on. yarn.lock does not say what is dev-only (the engine uses package.json).
//! Workspaces and `link:`/`portal:` packages are left out; `file:`, git and URL sources are kept with
//! the source as the requirement; `patch:` resolutions count as the patched registry package.
use super::npm::{dedupe, exact_version, is_non_registry, npm_alias};
use super::{reachable, shortest_paths, strip_bom, warning, ExtractError, Extraction, Extractor, FileKind, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use std::collections::HashSet;

pub(crate) struct YarnLock;

const FORMAT: &str = "yarn.lock";

impl Extractor for YarnLock {
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
        &["yarn.lock"]
    }
    fn package_manager(&self) -> &'static str {
        "yarn"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["package.json"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let mut out = Extraction::default();
        let mut text = strip_bom(src.content);
        // yarn ends every lockfile with a line ending: a last line without one was cut short (a value cut
        // mid-way reads as another value), so it is not read
        if !text.is_empty() && !text.ends_with('\n') {
            let cut = text.rfind('\n').map_or(0, |i| i + 1);
            let line = u32::try_from(text[..cut].matches('\n').count() + 1).unwrap_or(u32::MAX);
            out.warnings.push(warning(
                src.rel,
                Some(line),
                "the file ends without a line ending: its last line was cut short and is not read",
            ));
            text = &text[..cut];
        }
        let tree = parse_tree(text, src, &mut out)?;
        let berry = tree.roots.iter().any(|&r| tree.nodes.get(r).is_some_and(|n| n.key == "__metadata"));
        let entries: Vec<Entry> = tree
            .roots
            .iter()
            .filter_map(|&r| tree.nodes.get(r))
            .filter(|n| n.key != "__metadata")
            .map(|n| Entry::read(&tree, n, berry))
            .collect();
        build(src, &entries, berry, &mut out);
        out.packages = dedupe(std::mem::take(&mut out.packages));
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// indentation tree
// ---------------------------------------------------------------------------------------------

struct TreeNode {
    key: String,
    value: Option<String>,
    line: u32,
    children: Vec<usize>,
}

struct Tree {
    nodes: Vec<TreeNode>,
    roots: Vec<usize>,
}

impl Tree {
    fn child(&self, node: &TreeNode, key: &str) -> Option<&TreeNode> {
        node.children.iter().filter_map(|&c| self.nodes.get(c)).rfind(|c| c.key == key)
    }
    fn value(&self, node: &TreeNode, key: &str) -> Option<&str> {
        self.child(node, key).and_then(|c| c.value.as_deref())
    }
    fn children<'t>(&'t self, node: &'t TreeNode) -> impl Iterator<Item = &'t TreeNode> + 't {
        node.children.iter().filter_map(|&c| self.nodes.get(c))
    }
}

fn parse_tree(text: &str, src: &Source<'_>, out: &mut Extraction) -> Result<Tree, ExtractError> {
    let mut tree = Tree { nodes: Vec::new(), roots: Vec::new() };
    // (indent, node) of the open blocks
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut first_bad: Option<(u32, String)> = None;
    let mut skipping = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end_matches('\r');
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if indent == 0 {
            // berry writes keys over 1024 characters in YAML's explicit form: `? "key"` then `:`
            if content == ":" && !stack.is_empty() {
                continue;
            }
            stack.clear();
            skipping = false;
            let header = match content.strip_prefix("? ") {
                Some(key) => parse_header(&format!("{}:", key.trim_end())),
                None => parse_header(content),
            };
            match header {
                Some(key) => {
                    tree.nodes.push(TreeNode { key, value: None, line: line_no, children: Vec::new() });
                    let id = tree.nodes.len() - 1;
                    tree.roots.push(id);
                    stack.push((0, id));
                }
                None => {
                    if first_bad.is_none() {
                        first_bad = Some((line_no, content.chars().take(60).collect()));
                    }
                    out.warnings.push(warning(src.rel, Some(line_no), format!("cannot read entry header {content:?}")));
                    skipping = true;
                }
            }
            continue;
        }
        if skipping {
            continue;
        }
        while stack.last().is_some_and(|&(ind, _)| ind >= indent && ind > 0) {
            stack.pop();
        }
        let Some(&(_, parent)) = stack.last() else {
            // indented text before any header
            if first_bad.is_none() {
                first_bad = Some((line_no, content.chars().take(60).collect()));
            }
            continue;
        };
        let Some((key, value)) = parse_field(content) else {
            out.warnings.push(warning(src.rel, Some(line_no), format!("cannot read line {content:?}")));
            continue;
        };
        tree.nodes.push(TreeNode { key, value, line: line_no, children: Vec::new() });
        let id = tree.nodes.len() - 1;
        if let Some(p) = tree.nodes.get_mut(parent) {
            p.children.push(id);
        }
        stack.push((indent, id));
    }
    if tree.roots.is_empty() {
        if let Some((line, what)) = first_bad {
            return Err(ExtractError::Syntax {
                format: FORMAT,
                message: format!("line {line}: not a yarn.lock entry: {what:?}"),
            });
        }
    }
    Ok(tree)
}

/// `"a@^1", a@^1.1:` → `a@^1, a@^1.1`; `None` when the line is not a header.
fn parse_header(content: &str) -> Option<String> {
    let body = content.trim_end().strip_suffix(':')?;
    let mut specs = Vec::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let (token, after) = if rest.starts_with('"') || rest.starts_with('\'') {
            let (s, used) = unquote(rest)?;
            (s, &rest[used..])
        } else {
            match rest.find(',') {
                Some(i) => (rest[..i].trim().to_string(), &rest[i..]),
                None => (rest.trim().to_string(), ""),
            }
        };
        specs.extend(token.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string));
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if after.is_empty() => "",
            None => return None,
        };
    }
    if specs.is_empty() || specs.iter().any(|s| s.contains(": ") || s.starts_with('{') || s.starts_with('[')) {
        return None;
    }
    Some(specs.join(", "))
}

/// `key "value"`, `key: value`, `"key" "value"`, `key:` → (key, value).
fn parse_field(content: &str) -> Option<(String, Option<String>)> {
    let (key, rest) = if content.starts_with('"') || content.starts_with('\'') {
        let (k, used) = unquote(content)?;
        (k, &content[used..])
    } else {
        let end = content.find([' ', '\t']).unwrap_or(content.len());
        let colon = content.find(": ").filter(|&c| c < end);
        let end = colon.unwrap_or(end);
        let key = content[..end].strip_suffix(':').unwrap_or(&content[..end]);
        (key.to_string(), &content[end..])
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    let value = if rest.is_empty() {
        None
    } else if rest.starts_with('"') || rest.starts_with('\'') {
        // an unterminated quote is not a value
        Some(unquote(rest)?.0)
    } else {
        Some(rest.to_string())
    };
    (!key.is_empty()).then_some((key, value))
}

/// A quoted string at the start of `s` → (its text, bytes used).
fn unquote(s: &str) -> Option<(String, usize)> {
    let mut chars = s.char_indices();
    let (_, q) = chars.next()?;
    // nearly every quoted string of a lockfile has no escape: copied whole
    if let (true, Ok(quote), Some(body)) = (q.is_ascii(), u8::try_from(q), s.get(1..)) {
        if let Some(j) = body.bytes().position(|c| c == quote || (c == b'\\' && quote == b'"')) {
            if body.as_bytes().get(j) == Some(&quote) {
                return Some((body[..j].to_string(), j + 2));
            }
        }
    }
    let mut out = String::new();
    let mut escaped = false;
    for (i, c) in chars {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' && q == '"' {
            escaped = true;
        } else if c == q {
            return Some((out, i + c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// entries
// ---------------------------------------------------------------------------------------------

struct Entry {
    specs: Vec<String>,
    line: u32,
    version: Option<String>,
    /// v1 `resolved`, berry `resolution`
    resolved: Option<String>,
    link_soft: bool,
    /// (name, range, optional)
    deps: Vec<(String, String, bool)>,
}

impl Entry {
    fn read(tree: &Tree, node: &TreeNode, berry: bool) -> Entry {
        let specs = node.key.split(", ").map(str::to_string).collect();
        let optional_meta: HashSet<&str> = tree
            .child(node, "dependenciesMeta")
            .map(|m| {
                tree.children(m).filter(|d| tree.value(d, "optional") == Some("true")).map(|d| d.key.as_str()).collect()
            })
            .unwrap_or_default();
        let mut deps = Vec::new();
        for (section, optional) in [("dependencies", false), ("optionalDependencies", true)] {
            if let Some(s) = tree.child(node, section) {
                for d in tree.children(s) {
                    if let Some(range) = &d.value {
                        let opt = optional || optional_meta.contains(d.key.as_str());
                        deps.push((d.key.clone(), range.clone(), opt));
                    }
                }
            }
        }
        Entry {
            specs,
            line: node.line,
            version: tree.value(node, "version").map(str::to_string),
            resolved: tree.value(node, if berry { "resolution" } else { "resolved" }).map(str::to_string),
            link_soft: tree.value(node, "linkType") == Some("soft"),
            deps,
        }
    }
}

/// `name@range` → (name, range); a leading `@` belongs to the scope.
fn split_spec(spec: &str) -> (&str, &str) {
    match spec.char_indices().skip(1).find(|&(_, c)| c == '@') {
        Some((i, _)) => (&spec[..i], &spec[i + 1..]),
        None => (spec, ""),
    }
}

enum Kind {
    /// a package: (name, version, requirement)
    Package(String, Option<String>, Option<String>),
    /// a workspace (its dependencies are direct)
    Workspace,
    /// a link/portal, or unreadable
    Skip(Option<String>),
}

fn classify(e: &Entry, berry: bool) -> Kind {
    let first = e.specs.first().map(String::as_str).unwrap_or("");
    let (spec_name, spec_range) = split_spec(first);
    if berry {
        let resolution = e.resolved.as_deref().unwrap_or(first);
        let (name, reference) = split_spec(resolution);
        if reference.starts_with("workspace:") {
            return Kind::Workspace;
        }
        // `0.0.0-use.local` is the version berry gives workspaces, links and portals only (it also marks
        // one whose `linkType: soft` line is missing)
        if e.link_soft
            || reference.starts_with("link:")
            || reference.starts_with("portal:")
            || e.version.as_deref() == Some("0.0.0-use.local")
        {
            return Kind::Skip(None);
        }
        // an alias header without a resolution still names the real package
        let name = match (e.resolved.is_none(), alias_name(spec_range)) {
            (true, Some(real)) => real,
            _ => name,
        };
        let requirement = berry_source(reference);
        package_kind(name, e.version.as_deref(), requirement, e)
    } else {
        let all_link = e.specs.iter().all(|s| split_spec(s).1.starts_with("link:"));
        if all_link {
            return Kind::Skip(None);
        }
        let name = alias_name(spec_range).unwrap_or(spec_name);
        let requirement = match e.resolved.as_deref() {
            Some(r) if is_non_registry(r) => Some(r.to_string()),
            Some(_) => None,
            None => e.specs.iter().map(|s| split_spec(s).1).find(|r| is_source_spec(r)).map(str::to_string),
        };
        package_kind(name, e.version.as_deref(), requirement, e)
    }
}

fn package_kind(name: &str, version: Option<&str>, requirement: Option<String>, e: &Entry) -> Kind {
    if name.is_empty() {
        return Kind::Skip(Some(format!("cannot read a package name from {:?}", e.specs.join(", "))));
    }
    let Some(version) = version.map(str::trim).filter(|v| !v.is_empty()) else {
        return Kind::Skip(Some(format!("entry {:?} has no version", e.specs.join(", "))));
    };
    match exact_version(version) {
        Some(v) => Kind::Package(name.to_string(), Some(v), requirement),
        None => Kind::Package(name.to_string(), None, requirement.or_else(|| Some(version.to_string()))),
    }
}

/// The real package of an alias range `npm:real@^1` (not of a plain `npm:^1`).
fn alias_name(range: &str) -> Option<&str> {
    npm_alias(range).filter(|(n, r)| !n.is_empty() && !r.is_empty()).map(|(n, _)| n)
}

/// A range that names a source rather than registry versions.
fn is_source_spec(range: &str) -> bool {
    let r = range.trim();
    r.contains(':') || (r.contains('/') && !r.starts_with('@'))
}

/// The non-registry source of a berry resolution reference (`npm:1.2.3` → none).
/// How many `patch:` wrappers are unwrapped (yarn itself writes one; more is hostile input).
const MAX_PATCH_DEPTH: usize = 8;

fn berry_source(reference: &str) -> Option<String> {
    // `patch:real@npm%3A1.2.3#…`: the patched package is the registry one when its inner source is. A
    // bounded loop, not recursion: each level is unwrapped once, and nesting past the bound is a source
    // secscan does not recognise (never matched as a registry version).
    let mut current = reference.to_string();
    let mut patched = false;
    for _ in 0..=MAX_PATCH_DEPTH {
        let Some(inner) = current.strip_prefix("patch:") else {
            return base_source(&current).map(|s| if patched { reference.to_string() } else { s });
        };
        let inner = inner.split('#').next().unwrap_or(inner).replace("%3A", ":").replace("%40", "@");
        current = split_spec(&inner).1.to_string();
        patched = true;
    }
    Some(reference.to_string())
}

/// The requirement text of an unpatched berry reference; `None` for the registry.
fn base_source(reference: &str) -> Option<String> {
    if reference.starts_with("npm:") || reference.is_empty() {
        return None;
    }
    if reference.starts_with("http://") || reference.starts_with("https://") {
        return is_non_registry(reference).then(|| reference.to_string());
    }
    // file:, git, github:, exec:… — drop yarn's `::locator=` bookkeeping
    let cut = reference.split("::").next().unwrap_or(reference);
    let cut = if cut.starts_with("file:") { cut.split('#').next().unwrap_or(cut) } else { cut };
    Some(cut.to_string())
}

fn build(src: &Source<'_>, entries: &[Entry], berry: bool, out: &mut Extraction) {
    let kinds: Vec<Kind> = entries.iter().map(|e| classify(e, berry)).collect();
    let mut by_spec: HashMap<&str, usize> = HashMap::default();
    for (i, e) in entries.iter().enumerate() {
        for s in &e.specs {
            by_spec.insert(s.as_str(), i);
        }
    }
    let lookup = |name: &str, range: &str| -> Option<usize> {
        let spec = format!("{name}@{range}");
        if let Some(&i) = by_spec.get(spec.as_str()) {
            return Some(i);
        }
        if berry && !range.contains(':') {
            return by_spec.get(format!("{name}@npm:{range}").as_str()).copied();
        }
        None
    };
    let is_package = |i: usize| matches!(kinds.get(i), Some(Kind::Package(..)));
    let edges: Vec<Vec<(usize, bool)>> = entries
        .iter()
        .map(|e| e.deps.iter().filter_map(|(n, r, opt)| lookup(n, r).map(|i| (i, *opt))).collect())
        .collect();

    // roots: the workspaces' dependencies (berry), else the packages nobody depends on
    let workspaces: Vec<usize> =
        (0..entries.len()).filter(|&i| matches!(kinds.get(i), Some(Kind::Workspace))).collect();
    let mut direct: HashSet<usize> = HashSet::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut required_roots: Vec<usize> = Vec::new();
    if !workspaces.is_empty() {
        for &w in &workspaces {
            for &(d, opt) in edges.get(w).map(Vec::as_slice).unwrap_or_default() {
                if is_package(d) {
                    direct.insert(d);
                    roots.push(d);
                    if !opt {
                        required_roots.push(d);
                    }
                }
            }
        }
    } else {
        let mut required = vec![false; entries.len()];
        for (from, list) in edges.iter().enumerate() {
            for &(to, _) in list {
                if to != from {
                    if let Some(r) = required.get_mut(to) {
                        *r = true;
                    }
                }
            }
        }
        roots = (0..entries.len()).filter(|&i| is_package(i) && !required[i]).collect();
        required_roots = roots.clone();
    }
    let children = |i: &usize| -> Vec<usize> {
        edges.get(*i).map(|l| l.iter().map(|&(c, _)| c).filter(|&c| is_package(c)).collect()).unwrap_or_default()
    };
    let required_children = |i: &usize| -> Vec<usize> {
        edges
            .get(*i)
            .map(|l| l.iter().filter(|&&(c, opt)| !opt && is_package(c)).map(|&(c, _)| c).collect())
            .unwrap_or_default()
    };
    let name_of = |i: &usize| match kinds.get(*i) {
        Some(Kind::Package(n, _, _)) => n.clone(),
        _ => String::new(),
    };
    let mut paths = shortest_paths(&roots, children, name_of);
    let rest: Vec<usize> = (0..entries.len()).filter(|i| is_package(*i) && !paths.contains_key(i)).collect();
    // packages only on cycles (or below workspaces we could not link): paths from themselves
    if !rest.is_empty() && workspaces.is_empty() {
        for (k, v) in shortest_paths(&rest, children, name_of) {
            paths.entry(k).or_insert(v);
        }
    }
    let needed = reachable(&required_roots, required_children);
    let any = reachable(&roots, children);

    for (i, (e, kind)) in entries.iter().zip(&kinds).enumerate() {
        match kind {
            Kind::Package(name, version, requirement) => {
                let mut p = Package::new(Ecosystem::Npm, name, version.clone(), src.rel)
                    .at_line(Some(e.line).filter(|l| *l > 0));
                p.requirement = requirement.clone();
                p.direct = direct.contains(&i);
                p.optional = any.contains(&i) && !needed.contains(&i);
                p.dependency_path = paths.get(&i).cloned().unwrap_or_default();
                out.packages.push(p);
            }
            Kind::Skip(Some(msg)) => out.warnings.push(warning(src.rel, Some(e.line), msg.clone())),
            Kind::Skip(None) | Kind::Workspace => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings() {
        assert_eq!(unquote("\"a@^1\", b"), Some(("a@^1".to_string(), 6)));
        assert_eq!(unquote("\"a\\\"b\" x"), Some(("a\"b".to_string(), 6)));
        assert_eq!(unquote("'it\\s'"), Some(("it\\s".to_string(), 6)));
        assert_eq!(unquote("\"é\""), Some(("é".to_string(), 4)));
        assert_eq!(unquote("«x»"), None);
        assert_eq!(unquote("\"open"), None);
    }

    #[test]
    fn headers_and_fields() {
        assert_eq!(parse_header("\"a@^1\", a@^1.1:").as_deref(), Some("a@^1, a@^1.1"));
        assert_eq!(parse_header("\"a@npm:^1, a@npm:^2\":").as_deref(), Some("a@npm:^1, a@npm:^2"));
        assert_eq!(parse_header("balanced-match:").as_deref(), Some("balanced-match"));
        assert_eq!(parse_header("this is not a header"), None);
        let src = Source {
            read_separately: None,
            root: std::path::Path::new("."),
            path: std::path::Path::new("yarn.lock"),
            rel: "yarn.lock",
            content: "",
        };
        let mut out = Extraction::default();
        let tree = parse_tree(
            "__metadata:\n  version: 8\n\n? \"a@npm:^1, a@npm:^1.1\"\n:\n  version: 1.2.0\n",
            &src,
            &mut out,
        )
        .unwrap();
        assert_eq!(tree.roots.len(), 2);
        let entry = tree.nodes.get(tree.roots[1]).unwrap();
        assert_eq!(entry.key, "a@npm:^1, a@npm:^1.1");
        assert_eq!(tree.value(entry, "version"), Some("1.2.0"));
        assert_eq!(parse_field("version \"1.2.3\""), Some(("version".into(), Some("1.2.3".into()))));
        assert_eq!(parse_field("version: 1.2.3"), Some(("version".into(), Some("1.2.3".into()))));
        assert_eq!(parse_field("\"@a/b\" \"^1\""), Some(("@a/b".into(), Some("^1".into()))));
        assert_eq!(parse_field("\"@a/b\": \"npm:^1\""), Some(("@a/b".into(), Some("npm:^1".into()))));
        assert_eq!(parse_field("dependencies:"), Some(("dependencies".into(), None)));
        assert_eq!(parse_field("mine G-Rath/repo"), Some(("mine".into(), Some("G-Rath/repo".into()))));
    }

    fn extract(text: &str) -> Extraction {
        let src = Source {
            read_separately: None,
            root: std::path::Path::new("."),
            path: std::path::Path::new("yarn.lock"),
            rel: "yarn.lock",
            content: text,
        };
        YarnLock.extract(&src).expect("extracts")
    }

    #[test]
    fn a_value_cut_mid_way_is_a_warning_not_a_null_version() {
        // the regression: `version "6.10.1` at the end of the file gave qs with no version and no warning
        let x = extract("# yarn lockfile v1\n\nqs@^6.10.1:\n  version \"6.10.1");
        assert!(x.packages.is_empty(), "{:?}", x.packages);
        assert_eq!(x.warnings.len(), 2, "{:?}", x.warnings);
        assert!(x.warnings[0].message.contains("cut short"), "{:?}", x.warnings);
        // an unterminated quote inside the file is an unreadable line, not a value
        assert_eq!(parse_field("version \"6.10.1"), None);
    }

    #[test]
    fn a_berry_workspace_without_its_link_type_is_still_local() {
        let x = extract("__metadata:\n  version: 8\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n");
        assert!(x.packages.is_empty(), "{:?}", x.packages);
    }

    #[test]
    fn berry_sources() {
        assert_eq!(berry_source("npm:1.0.0"), None);
        assert_eq!(berry_source("patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1"), None);
        assert_eq!(berry_source("file:../x#../x::hash=1&locator=a").as_deref(), Some("file:../x"));
        assert!(berry_source("https://github.example/a/b.git#commit=abc").is_some());
    }

    #[test]
    fn nested_patches_are_bounded_not_recursive() {
        // 20 000 nested `patch:` aborted the process with a stack overflow, with quadratic copying
        let mut r = "npm%3A1.0.0".to_string();
        for _ in 0..20_000 {
            r = format!("patch:x@{r}");
        }
        assert_eq!(berry_source(&r).as_deref(), Some(r.as_str()), "too deep: not a registry version");
        assert_eq!(berry_source("patch:x@patch:x@npm%3A1.0.0#a#b"), None, "two levels unwrap");
    }
}
