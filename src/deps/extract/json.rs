//! Helpers shared by the JSON extractors (package.json, package-lock.json, bun.lock, Pipfile.lock).
use super::ExtractError;
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;
use std::borrow::Cow;

/// The key positions of a JSON (or JSONC) text: for every object key, where it starts and which key
/// owns the object it is in. Built in one pass with a small tokenizer, after the text parsed as JSON, so
/// duplicate names at different places each keep their own line.
pub(crate) struct JsonKeys<'a> {
    offsets: Vec<usize>,
    index: HashMap<(u32, Cow<'a, str>), u32>,
}

/// The parent id of the top-level object's keys.
pub(crate) const ROOT: u32 = u32::MAX;

/// The id given to keys that were not recorded (their children are not recorded either).
const UNRECORDED: u32 = u32::MAX - 1;

impl<'a> JsonKeys<'a> {
    /// The keys of the top two levels (enough for `packages` maps and manifest sections).
    pub(crate) fn scan(text: &'a str) -> JsonKeys<'a> {
        JsonKeys::scan_with(text, None)
    }

    /// The keys of the top two levels, plus, at any depth, keys named `chain` below a recorded key and
    /// the keys of objects owned by such a key (v1 lockfiles' nested `dependencies`). Everything else
    /// is skipped, which keeps the index small for large lockfiles.
    pub(crate) fn scan_with(text: &'a str, chain: Option<&str>) -> JsonKeys<'a> {
        struct Frame<'t> {
            object: bool,
            owner: u32,
            owner_name: &'t str,
            depth: usize,
            last_key: u32,
            last_name: &'t str,
            expect_key: bool,
        }
        let b = text.as_bytes();
        let mut keys = JsonKeys { offsets: Vec::new(), index: HashMap::default() };
        let mut stack: Vec<Frame<'a>> = Vec::new();
        // bytes the scan acts on; whitespace (most of a pretty-printed lockfile outside its strings),
        // `:`, numbers and literals are skipped a run at a time
        const ACTS: [bool; 256] = {
            let mut t = [false; 256];
            let mut k = 0;
            let acting = b"{}[],\"'/";
            while k < acting.len() {
                t[acting[k] as usize] = true;
                k += 1;
            }
            t
        };
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && !ACTS[b[i] as usize] {
                i += 1;
            }
            let Some(&byte) = b.get(i) else { break };
            match byte {
                c @ (b'{' | b'[') => {
                    let (owner, owner_name, depth) = match stack.last() {
                        Some(f) if f.object => (f.last_key, f.last_name, f.depth + 1),
                        Some(f) => (f.owner, f.owner_name, f.depth + 1),
                        None => (ROOT, "", 1),
                    };
                    stack.push(Frame {
                        object: c == b'{',
                        owner,
                        owner_name,
                        depth,
                        last_key: UNRECORDED,
                        last_name: "",
                        expect_key: c == b'{',
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    stack.pop();
                    i += 1;
                }
                b',' => {
                    if let Some(f) = stack.last_mut() {
                        f.expect_key = f.object;
                    }
                    i += 1;
                }
                q @ (b'"' | b'\'') => {
                    let start = i;
                    i += 1;
                    let mut escaped = false;
                    // jump to the closing quote or the next backslash (string contents are most of a lockfile)
                    while let Some(at) = memchr::memchr2(q, b'\\', &b[i.min(b.len())..]) {
                        i += at;
                        if b[i] == q {
                            break;
                        }
                        escaped = true;
                        i += 2;
                    }
                    if i >= b.len() || b[i] != q {
                        i = b.len();
                    }
                    let end = i.min(b.len());
                    i += 1;
                    let Some(f) = stack.last_mut() else { continue };
                    if !(f.object && f.expect_key) {
                        continue;
                    }
                    f.expect_key = false;
                    let raw = text.get(start + 1..end).unwrap_or("");
                    f.last_name = raw;
                    let wanted =
                        f.owner != UNRECORDED && (f.depth <= 2 || chain.is_some_and(|c| f.owner_name == c || raw == c));
                    if !wanted {
                        f.last_key = UNRECORDED;
                        continue;
                    }
                    let key = if escaped && q == b'"' {
                        text.get(start..(end + 1).min(b.len()))
                            .and_then(|s| serde_json::from_str::<String>(s).ok())
                            .map(Cow::Owned)
                            .unwrap_or(Cow::Borrowed(raw))
                    } else {
                        Cow::Borrowed(raw)
                    };
                    let id = u32::try_from(keys.offsets.len()).unwrap_or(UNRECORDED);
                    keys.offsets.push(start);
                    keys.index.insert((f.owner, key), id);
                    f.last_key = id;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                        i += 1;
                    }
                    i += 2;
                }
                _ => i += 1,
            }
        }
        keys
    }

    /// The key `name` of the object owned by key `parent` ([`ROOT`] for the top-level object).
    pub(crate) fn child(&self, parent: u32, name: &str) -> Option<u32> {
        self.index.get(&(parent, Cow::Borrowed(name))).copied()
    }

    /// Byte offset of a key's opening quote.
    pub(crate) fn offset(&self, id: u32) -> usize {
        self.offsets.get(id as usize).copied().unwrap_or(0)
    }
}

pub(crate) fn json_error(format: &'static str, e: &serde_json::Error) -> ExtractError {
    ExtractError::Syntax { format, message: e.to_string() }
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_tree_tells_duplicate_names_apart() {
        let text = "{\"a\": {\"x\": 1},\n \"b\": {\"x\": {\"y\": [ {\"z\": 1} ]}},\n \"c\\\"d\": 2}";
        let k = JsonKeys::scan_with(text, Some("x"));
        let a = k.child(ROOT, "a").unwrap();
        let b = k.child(ROOT, "b").unwrap();
        assert_eq!(k.offset(k.child(a, "x").unwrap()), 7);
        let bx = k.child(b, "x").unwrap();
        assert!(k.offset(bx) > 16);
        assert!(k.child(bx, "y").is_some());
        assert!(k.child(ROOT, "c\"d").is_some());
        assert!(k.child(ROOT, "x").is_none());
    }
}
