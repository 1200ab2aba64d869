//! TOML helpers of the Python extractors: typed parsing of the lockfiles (poetry.lock, uv.lock, pdm.lock,
//! pylock.toml) and the spanned tables and shared reader state of the manifests (pyproject.toml, Pipfile).
use super::ExtractError;
use super::{Extraction, LineIndex};
use crate::model::{FileError, Package};
use pep508_rs::pep440_rs::Version;
use rustc_hash::FxHashMap as HashMap;
use serde::de::DeserializeOwned;
use std::str::FromStr;
use toml::de::DeTable;
use toml::{Spanned, Value};

/// Parse a TOML document (a leading BOM is ignored) into `T`; returns the text the spans refer to.
/// `unread`: keys of multi-line arrays the caller never reads (a lock's file hashes, most of its bytes),
/// blanked before parsing (see [`blank_unread_arrays`]).
pub(super) fn parse_toml<'a, T: DeserializeOwned>(
    format: &'static str,
    content: &'a str,
    unread: &[&str],
) -> Result<(T, &'a str), ExtractError> {
    let text = content.strip_prefix('\u{feff}').unwrap_or(content);
    let blanked = blank_unread_arrays(text, unread);
    match toml::from_str::<T>(&blanked) {
        Ok(v) => Ok((v, text)),
        Err(e) => {
            let message = e.message().trim().to_string();
            let message = match e.span().and_then(|s| text.get(..s.start)) {
                Some(before) => {
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    format!("line {line}, column {column}: {message}")
                }
                None => message,
            };
            Err(ExtractError::Syntax { format, message })
        }
    }
}

/// `text` with every multi-line array assigned to one of `keys` at the start of a line (`files = [` …
/// a line `]`) turned into spaces, line breaks kept: the document then parses as if the key were absent,
/// with every other byte offset and line unchanged. An array that does not close on a line of its own, or
/// whose lines hold a multi-line string delimiter, is left alone, so blanking never changes how the
/// rest of the document reads.
pub(super) fn blank_unread_arrays<'t>(text: &'t str, keys: &[&str]) -> std::borrow::Cow<'t, str> {
    let bytes = text.as_bytes();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for key in keys {
        let needle = format!("\n{key} = [");
        // (a document starting with the key is left alone: lockfiles start with a comment or a table)
        for hit in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
            let from = hit + 1;
            let open_end = from + needle.len() - 1;
            // the opening line ends right after `[`
            if !matches!(bytes.get(open_end..), Some([b'\n', ..] | [b'\r', b'\n', ..])) {
                continue;
            }
            // the closing line: `]` alone, before any table header or multi-line string delimiter
            let Some(close) = memchr::memmem::find(&bytes[open_end..], b"\n]").map(|i| open_end + i + 2) else {
                continue;
            };
            if !matches!(bytes.get(close..), None | Some([] | [b'\n', ..] | [b'\r', b'\n', ..])) {
                continue;
            }
            let body = &bytes[open_end..close];
            if memchr::memmem::find(body, b"\n[").is_some()
                || memchr::memmem::find(body, b"\"\"\"").is_some()
                || memchr::memmem::find(body, b"'''").is_some()
            {
                continue;
            }
            ranges.push((from, close));
        }
    }
    if ranges.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for (from, to) in ranges {
        for b in &mut out[from..to] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // whole lines of characters became spaces: still UTF-8
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// The strings of a TOML array (other items ignored); empty when it is not an array.
pub(super) fn string_list(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `git+https://host/repo@rev`, the form pip understands (no doubled `git+`).
pub(super) fn vcs_requirement(kind: &str, url: &str, rev: Option<&str>) -> String {
    let prefix = format!("{kind}+");
    let mut out = if url.starts_with(&prefix) { url.to_string() } else { format!("{prefix}{url}") };
    if let Some(rev) = rev {
        if !url.ends_with(&format!("@{rev}")) {
            out.push('@');
            out.push_str(rev);
        }
    }
    out
}

/// Adjacency lists for nodes given as (normalised name, normalised dependency names): an edge goes
/// to every node with that name (a package locked in several versions gets several).
pub(super) fn resolve_by_name<'a>(nodes: impl Iterator<Item = (&'a str, &'a [String])>) -> Vec<Vec<usize>> {
    let nodes: Vec<_> = nodes.collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, (name, _)) in nodes.iter().enumerate() {
        by_name.entry(name).or_default().push(i);
    }
    nodes
        .iter()
        .map(|(_, deps)| {
            let mut out: Vec<usize> = Vec::new();
            for d in deps.iter() {
                if let Some(targets) = by_name.get(d.as_str()) {
                    out.extend(targets.iter().copied());
                }
            }
            out
        })
        .collect()
}

/// Roots for a lock that does not say what the project depends on: the nodes nothing depends on,
/// in order, then one node of every cycle still unreachable from them. Linear in nodes + edges.
pub(super) fn fallback_roots(adjacency: &[Vec<usize>]) -> Vec<usize> {
    let n = adjacency.len();
    let mut indegree = vec![0usize; n];
    for (from, targets) in adjacency.iter().enumerate() {
        for &t in targets {
            if t != from {
                if let Some(d) = indegree.get_mut(t) {
                    *d += 1;
                }
            }
        }
    }
    let mut roots: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut visit = |start: usize, seen: &mut Vec<bool>| {
        seen[start] = true;
        stack.push(start);
        while let Some(node) = stack.pop() {
            for &t in adjacency.get(node).map(Vec::as_slice).unwrap_or_default() {
                if t < n && !seen[t] {
                    seen[t] = true;
                    stack.push(t);
                }
            }
        }
    };
    for &r in &roots {
        visit(r, &mut seen);
    }
    for i in 0..n {
        if !seen[i] {
            roots.push(i);
            visit(i, &mut seen);
        }
    }
    roots
}

/// Parse a TOML document, or say where it stops being TOML.
pub(super) fn parse_table<'i>(text: &'i str, format: &'static str) -> Result<Spanned<DeTable<'i>>, ExtractError> {
    DeTable::parse(text).map_err(|e| {
        let message = match e.span() {
            Some(span) => {
                let line_start = text.get(..span.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
                let column = text.get(line_start..span.start).map_or(0, |t| t.chars().count()) + 1;
                format!("line {}, column {column}: {}", LineIndex::new(text).line(span.start), e.message())
            }
            None => e.message().to_string(),
        };
        ExtractError::Syntax { format, message }
    })
}

pub(super) fn table<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
    t.get(key).and_then(|v| v.get_ref().as_table())
}

pub(super) fn string<'a>(t: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    t.get(key).and_then(|v| v.get_ref().as_str())
}

/// The non-registry source of a Poetry/uv/Pipfile table, if any.
pub(super) fn source_of<'a>(t: &'a DeTable<'_>) -> Option<&'a str> {
    ["git", "path", "url", "file", "hg", "svn", "bzr"].iter().find_map(|k| string(t, k))
}

/// A single PEP 440 version without wildcard (`1.2.3`, `2.0rc1`), not a range.
pub(super) fn is_exact_version(text: &str) -> bool {
    !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_digit() || c == 'v' || c == 'V')
        && !text.contains(['*', ',', ' ', '|', '<', '>', '!', '~', '^'])
        && Version::from_str(text).is_ok()
}

/// Shared state of the TOML manifest extractors (pyproject.toml, Pipfile).
pub(super) struct Toml<'a> {
    pub(super) rel: &'a str,
    pub(super) index: LineIndex,
    /// The project's own normalised name: references to it are not packages.
    pub(super) project: Option<String>,
    pub(super) out: Extraction,
}

impl<'a> Toml<'a> {
    pub(super) fn new(text: &str, rel: &'a str) -> Toml<'a> {
        Toml { rel, index: LineIndex::new(text), project: None, out: Extraction::default() }
    }

    pub(super) fn line(&self, offset: usize) -> u32 {
        self.index.line(offset)
    }

    pub(super) fn warn(&mut self, offset: usize, message: String) {
        let mut w = FileError::new("deps", self.rel, message);
        w.line_number = Some(self.line(offset));
        self.out.warnings.push(w);
    }

    pub(super) fn push(&mut self, mut p: Package, dev: bool, optional: bool) {
        if self.project.as_deref() == Some(p.name.as_str()) {
            return;
        }
        p.dev = dev;
        p.optional = optional;
        self.out.packages.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_arrays_are_blanked_keeping_lines_and_offsets() {
        let text = "[[package]]\nname = \"a\"\nfiles = [\n    {file = \"a-1.whl\", hash = \"sha256:00\"},\r\n]\r\nversion = \"1\"\n";
        let out = blank_unread_arrays(text, &["files"]);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(!out.contains("sha256") && out.contains("version = \"1\"") && out.contains("name = \"a\""));
        let v: toml::Table = toml::from_str(&out).unwrap();
        assert!(v["package"][0].get("files").is_none());
    }

    #[test]
    fn arrays_that_may_hold_more_than_items_are_left_alone() {
        for text in [
            // not closed on a line of its own
            "[t]\nfiles = [\n  \"a\"]\nx = 1\n",
            // a multi-line string inside
            "[t]\nfiles = [\n  \"\"\"x\n]\n\"\"\",\n]\n",
            // a table header before any closing line
            "[t]\nfiles = [\n[next]\n]\n",
            // one-line arrays, other keys, a closing bracket followed by more
            "[t]\nfiles = [\"a\"]\nwheelsx = [\n]\nfiles = [\n]x\n",
        ] {
            assert_eq!(blank_unread_arrays(text, &["files", "wheels"]), text, "{text:?}");
        }
    }
}
