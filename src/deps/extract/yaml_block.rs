//! A fast reader for the block-style YAML that lockfile writers emit (pnpm-lock.yaml): two-space
//! nested mappings, plain and quoted scalars, one-line flow mappings and sequences. It reads about
//! twenty times faster than a general YAML parser, and it only answers for text it fully understands:
//! anything outside that subset (anchors, aliases, tags, block scalars, multi-line or escaped strings,
//! several documents, duplicate keys, numbers it would have to interpret) makes it answer `None`, and
//! the caller parses the text with the general parser instead. On every text it does answer for, the
//! result equals the general parser's (checked by the tests below on every fixture).
use super::pnpm_lock::{LinedMap, Node};
use rustc_hash::FxHashSet;

/// The deepest nesting read (deeper text goes to the general parser, which reports it).
const MAX_DEPTH: usize = 24;

/// One non-blank, non-comment line: its indentation, its text after the indentation, its 1-based number.
struct Line<'a> {
    indent: usize,
    text: &'a str,
    number: u32,
}

/// The top-level mapping of a document: each key with its line and value, where the value of a key
/// named in `lined` keeps its own keys' lines. `None`: the text is outside the subset.
pub(crate) struct TopLevel {
    pub(crate) entries: Vec<(String, Entry)>,
}

pub(crate) enum Entry {
    Node(Node),
    Lined(LinedMap),
    Null,
}

/// Read `text`; the values of the top-level keys in `lined` are read as [`LinedMap`]s.
pub(crate) fn read(text: &str, lined: &[&str]) -> Option<TopLevel> {
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let body = raw.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if body.starts_with('\t') {
            return None;
        }
        // document markers, directives: the general parser's work
        if raw.starts_with("---") || raw.starts_with("...") || raw.starts_with('%') {
            return None;
        }
        let number = u32::try_from(i + 1).ok()?;
        lines.push(Line { indent: raw.len() - body.len(), text: body.trim_end_matches([' ', '\t']), number });
    }
    let mut r = Reader { lines, at: 0 };
    let mut entries = Vec::new();
    if r.lines.is_empty() {
        return Some(TopLevel { entries });
    }
    if r.lines[0].indent != 0 {
        return None;
    }
    let mut seen: FxHashSet<String> = FxHashSet::default();
    while let Some(line) = r.lines.get(r.at) {
        if line.indent != 0 {
            return None;
        }
        let (key, rest) = split_key(line.text)?;
        if !seen.insert(key.clone()) {
            return None;
        }
        r.at += 1;
        let entry = if lined.contains(&key.as_str()) {
            if !rest.is_empty() {
                // an inline value: only `{}` and null are maps the caller can take
                match rest {
                    "{}" => Entry::Lined(LinedMap::default()),
                    "~" | "null" => Entry::Null,
                    _ => return None,
                }
            } else if r.nested_below(0) {
                let indent = r.lines[r.at].indent;
                Entry::Lined(LinedMap(r.map_entries(indent, 1, true)?))
            } else if r.sequence_at(0) {
                return None;
            } else {
                Entry::Null
            }
        } else {
            Entry::Node(r.value(rest, 0, 1)?)
        };
        entries.push((key, entry));
    }
    Some(TopLevel { entries })
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
}

impl Reader<'_> {
    /// Whether the next line is nested deeper than `indent`.
    fn nested_below(&self, indent: usize) -> bool {
        self.lines.get(self.at).is_some_and(|l| l.indent > indent)
    }

    /// Whether the next line is a sequence item at `indent` (YAML lets a mapping's sequence value
    /// start at the key's own indentation).
    fn sequence_at(&self, indent: usize) -> bool {
        self.lines.get(self.at).is_some_and(|l| l.indent == indent && is_item(l.text))
    }

    /// The value of a key at `indent` whose inline text is `rest` (the lines below are read as needed).
    fn value(&mut self, rest: &str, indent: usize, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        if !rest.is_empty() {
            // an inline value may not continue on the next lines (a multi-line plain scalar)
            if self.nested_below(indent) {
                return None;
            }
            return inline(rest);
        }
        if self.nested_below(indent) {
            let inner = self.lines[self.at].indent;
            if is_item(self.lines[self.at].text) {
                return self.skip_sequence(inner);
            }
            let entries = self.map_entries(inner, depth + 1, false)?;
            return Some(Node::Map(entries.into_iter().map(|(k, _, v)| (k, v)).collect()));
        }
        if self.sequence_at(indent) {
            return self.skip_sequence(indent);
        }
        Some(Node::Null)
    }

    /// A block sequence whose items start at `indent`: its content is not kept (no lockfile field read
    /// is a list), but it must be text of the subset too.
    fn skip_sequence(&mut self, indent: usize) -> Option<Node> {
        while let Some(l) = self.lines.get(self.at) {
            if l.indent < indent || (l.indent == indent && !is_item(l.text)) {
                break;
            }
            // items are scalars or one-line flows; nested lines (a mapping in an item, a continued
            // scalar) go to the general parser
            let item = l.text.strip_prefix('-').map(str::trim_start).unwrap_or("");
            if l.indent > indent || item.contains(": ") || item.ends_with(':') {
                return None;
            }
            if !item.is_empty() {
                inline(item)?;
            }
            self.at += 1;
        }
        Some(Node::Seq)
    }

    /// The entries of the mapping whose keys sit at `indent`.
    fn map_entries(&mut self, indent: usize, depth: usize, track: bool) -> Option<Vec<(String, u32, Node)>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut out: Vec<(String, u32, Node)> = Vec::new();
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        while let Some(line) = self.lines.get(self.at) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let number = line.number;
            let (key, rest) = split_key(line.text)?;
            // duplicate keys: the general parser decides which one counts
            // (a hash collision only sends the text to the general parser)
            let duplicate = if out.len() < 16 && !track {
                out.iter().any(|(k, _, _)| *k == key)
            } else {
                if seen.is_empty() {
                    seen.extend(out.iter().map(|(k, _, _)| hash(k)));
                }
                !seen.insert(hash(&key))
            };
            if duplicate {
                return None;
            }
            self.at += 1;
            let value = self.value(rest, indent, depth)?;
            out.push((key, number, value));
        }
        // a dedented line that is not at an enclosing key's indentation is malformed: the caller sees it
        Some(out)
    }
}

fn hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// A key line's key and the text after `:`.
fn split_key(text: &str) -> Option<(String, &str)> {
    let (key, rest) = match text.as_bytes().first()? {
        b'\'' => {
            let (k, len) = single_quoted(text)?;
            (k, text.get(len..)?)
        }
        b'"' => {
            let (k, len) = double_quoted(text)?;
            (k, text.get(len..)?)
        }
        c if is_indicator(*c) => return None,
        _ => {
            let end = text.find(": ").or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
            let key = &text[..end];
            if key.contains(" #") || key.ends_with(' ') {
                return None;
            }
            // a key YAML types: only a decimal integer, which reads back as the same digits
            if plain_needs_resolving(key) && !is_decimal_integer(key) {
                return None;
            }
            (key.to_string(), &text[end..])
        }
    };
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    if rest.starts_with('#') {
        return Some((key, ""));
    }
    Some((key, rest))
}

/// A scalar or one-line flow collection written after `key: `.
fn inline(text: &str) -> Option<Node> {
    match text.as_bytes().first()? {
        b'\'' => {
            let (s, len) = single_quoted(text)?;
            after_value(&text[len..])?;
            Some(Node::Text(s))
        }
        b'"' => {
            let (s, len) = double_quoted(text)?;
            after_value(&text[len..])?;
            Some(Node::Text(s))
        }
        b'{' => flow_map(text),
        b'[' => flow_seq(text),
        c if is_indicator(*c) => None,
        _ => {
            if text.contains(" #") || text.contains(": ") || text.ends_with(':') {
                return None;
            }
            plain(text)
        }
    }
}

/// Only a comment may follow a quoted scalar.
fn after_value(rest: &str) -> Option<()> {
    let rest = rest.trim_start_matches(' ');
    (rest.is_empty() || rest.starts_with('#')).then_some(())
}

/// A plain scalar as the general parser's untyped reading gives it: booleans, null, and plain
/// decimal integers are typed; other text that YAML would read as a number is refused.
fn plain(s: &str) -> Option<Node> {
    match s {
        "true" => return Some(Node::Bool(true)),
        "false" => return Some(Node::Bool(false)),
        "~" | "null" => return Some(Node::Null),
        _ => {}
    }
    if plain_needs_resolving(s) {
        // a decimal integer reads back as the same digits; anything else numeric-looking is refused
        if is_decimal_integer(s) {
            return Some(Node::Text(s.to_string()));
        }
        // `5.4` (pnpm 5's lockfileVersion): a float, spelt back the shortest way as the untyped reading does
        if let Some((int, frac)) = s.split_once('.') {
            let decimal = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
            if decimal(int) && decimal(frac) && s.len() <= 15 && (int == "0" || !int.starts_with('0')) {
                return s.parse::<f64>().ok().map(|f| Node::Text(f.to_string()));
            }
        }
        return None;
    }
    Some(Node::Text(s.to_string()))
}

/// `0` or digits without a leading zero that fit an integer: YAML reads them back as the same digits.
fn is_decimal_integer(s: &str) -> bool {
    !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

/// Whether a plain scalar might be typed by YAML (a number, a boolean or null in any spelling): such
/// text is left to the general parser unless [`plain`] handles it.
fn plain_needs_resolving(s: &str) -> bool {
    // (compared without a lower-cased copy: this runs for every key and value of a lockfile)
    const WORDS: [&str; 11] = ["", "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"];
    if s.len() <= 5 && WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return true;
    }
    // a number is spelt with digits, signs, dots, `_`, `:` (YAML 1.1's sexagesimals), exponents and the
    // letters of hex/octal/binary prefixes; any other byte (`18 || 20`, `^1.2`, `>=8`) makes it text
    let number_bytes =
        |c: u8| c.is_ascii_hexdigit() || matches!(c, b'+' | b'-' | b'.' | b'_' | b':' | b'x' | b'X' | b'o' | b'O');
    if !s.starts_with(['.', '+', '-']) && !s.bytes().all(number_bytes) {
        return false;
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let b = unsigned.as_bytes();
    match b.first() {
        // `.5`, `.inf`, `.nan`; a lone `.` (pnpm's root importer) is text
        Some(b'.') => {
            b.get(1).is_some_and(u8::is_ascii_digit)
                || unsigned[1..].eq_ignore_ascii_case("inf")
                || unsigned[1..].eq_ignore_ascii_case("nan")
        }
        // numbers start with a digit; a version with two dots or more (`1.2.3`, `1.0.0(peer@2.0.0)`)
        // cannot be one
        Some(c) if c.is_ascii_digit() => b.iter().filter(|&&c| c == b'.').count() < 2,
        _ => false,
    }
}

fn is_indicator(c: u8) -> bool {
    matches!(c, b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'?' | b':' | b',' | b'#' | b'-' | b']' | b'}')
}

/// `'…'` with `''` for a quote, on one line: the text and the bytes read.
fn single_quoted(text: &str) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = 1;
    let mut from = 1;
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                out.push_str(&text[from..=i]);
                i += 2;
                from = i;
                continue;
            }
            out.push_str(&text[from..i]);
            return Some((out, i + 1));
        }
        i += 1;
    }
    None
}

/// `"…"` without escapes, on one line (escapes go to the general parser).
fn double_quoted(text: &str) -> Option<(String, usize)> {
    let end = text[1..].find(['"', '\\'])? + 1;
    (text.as_bytes()[end] == b'"').then(|| (text[1..end].to_string(), end + 1))
}

/// `{a: x, b: 'y'}` on one line, values scalars.
fn flow_map(text: &str) -> Option<Node> {
    let inner = flow_body(text, b'{', b'}')?;
    let mut entries: Vec<(String, Node)> = Vec::new();
    for part in split_flow(inner)? {
        let part = part.trim_matches(' ');
        if part.is_empty() {
            return None;
        }
        let (key, rest) = split_key(part)?;
        let value = if rest.is_empty() {
            Node::Null
        } else if rest.starts_with(['{', '[']) {
            return None;
        } else {
            inline(rest)?
        };
        if entries.iter().any(|(k, _)| *k == key) {
            return None;
        }
        entries.push((key, value));
    }
    Some(Node::Map(entries))
}

/// `[a, b]` on one line, items scalars (not kept).
fn flow_seq(text: &str) -> Option<Node> {
    let inner = flow_body(text, b'[', b']')?;
    for part in split_flow(inner)? {
        let part = part.trim_matches(' ');
        if part.is_empty() || part.starts_with(['{', '[']) || part.contains(": ") {
            return None;
        }
        inline(part)?;
    }
    Some(Node::Seq)
}

/// The text between a flow collection's brackets when it closes at the end of the line.
fn flow_body(text: &str, open: u8, close: u8) -> Option<&str> {
    let b = text.as_bytes();
    (b.len() >= 2 && b[0] == open && b[b.len() - 1] == close).then(|| &text[1..text.len() - 1])
}

/// Split a flow body at its commas outside quotes, refusing nested collections and comments.
fn split_flow(inner: &str) -> Option<Vec<&str>> {
    if inner.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    let b = inner.as_bytes();
    let mut parts = Vec::new();
    let mut from = 0;
    let mut quote: Option<u8> = None;
    for (i, &c) in b.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), b'\\') => return None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(c),
            (None, b'{' | b'[' | b'}' | b']' | b'#') => return None,
            (None, b',') => {
                parts.push(&inner[from..i]);
                from = i + 1;
            }
            (None, _) => {}
        }
    }
    if quote.is_some() {
        return None;
    }
    parts.push(&inner[from..]);
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_yaml_would_type() {
        for s in ["", "TRUE", "False", "null", "~", "Yes", "off", "N", "12", "-3", ".5", "+.INF", ".NaN", "0x1F", "1.5"]
        {
            assert!(plain_needs_resolving(s), "{s}");
        }
        for s in ["1.2.3", "^1.2", ">=8", "react", "truex", ".", "1.0.0(peer@2.0.0)", "yess"] {
            assert!(!plain_needs_resolving(s), "{s}");
        }
    }

    fn top(text: &str) -> Option<String> {
        read(text, &["packages"]).map(|t| {
            t.entries
                .iter()
                .map(|(k, e)| match e {
                    Entry::Node(n) => format!("{k}={n:?}"),
                    Entry::Lined(m) => format!("{k}={:?}", m.0),
                    Entry::Null => format!("{k}=null"),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn reads_the_pnpm_subset() {
        let text = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n  .:\n    dependencies:\n      '@a/b':\n        specifier: ^1.0.0\n        version: 1.0.1\n\npackages:\n\n  '@a/b@1.0.1':\n    resolution: {integrity: sha512-AA==}\n    engines: {node: '>=8'}\n    cpu: [x64]\n\n  c@2.0.0:\n    resolution: {tarball: https://host.example/c.tgz}\n";
        let t = top(text).unwrap();
        assert!(t.contains("lockfileVersion=Text(\"9.0\")"), "{t}");
        assert!(
            t.contains("(\"@a/b@1.0.1\", 15, Map([(\"resolution\", Map([(\"integrity\", Text(\"sha512-AA==\"))]))"),
            "{t}"
        );
        assert!(t.contains("(\"cpu\", Seq)"), "{t}");
        assert!(t.contains("(\"c@2.0.0\", 20,"), "{t}");
        assert!(t.contains("Text(\"https://host.example/c.tgz\")"), "{t}");
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: |\n  text\n",
            "a: 1e5\n",
            "a: 0x10\n",
            "a: yes\n",
            "---\na: 1\n---\nb: 2\n",
            "a: 1\na: 2\n",
            "a:\n  b: 1\n  b: 2\n",
            "a: \"x\\ty\"\n",
            "a: multi\n  line\n",
            "a: {b: {c: 1}}\n",
            "a: !tag x\n",
            "\ta: 1\n",
            "a:\n    b: 1\n  c: 2\n",
        ] {
            assert!(top(text).is_none(), "read: {text:?} → {:?}", top(text));
        }
    }

    #[test]
    fn typed_plain_scalars_match_an_untyped_reading() {
        assert_eq!(
            top("a: 12\nb: true\nc: ~\nd: 1.2.3\ne: x y\n").unwrap(),
            "a=Text(\"12\")\nb=Bool(true)\nc=Null\nd=Text(\"1.2.3\")\ne=Text(\"x y\")"
        );
    }
}
