//! Text helpers shared by the reporters: bounded printable text, times in the forms CI tools want, CWE
//! numbers, web links, and the project's home.

use std::borrow::Cow;

/// Where secscan is documented: SARIF `informationUri` and GitLab `analyzer.url`. A placeholder
/// (RFC 2606 `.invalid`) until the project has a public home; change it here.
pub const INFORMATION_URI: &str = "https://example.invalid/secscan";

/// Text from the scanned repository or from advisory data, made safe for a terminal or a CI log: control
/// characters (C0 such as ESC, CR and LF, DEL, and the C1 range, whose CSI and OSC introducers drive
/// terminals), the Unicode line and paragraph separators, and the bidirectional overrides and isolates
/// (which reorder what is shown) become visible escapes (`\x1b`, `\n`, `\u{202e}`). A string cannot move
/// the cursor, set a window title, hide text, end the line and start a CI workflow command
/// (`::error ...`), or print a fake result line.
pub fn terminal(s: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    }
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) && (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A character `serde_json` leaves raw in strings that a terminal acts on (see [`json_safe`]).
fn unsafe_in_json(c: char) -> bool {
    c == '\u{7f}'
        || ('\u{80}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Pretty JSON whose strings escape what [`json_safe`] escapes, written as it is serialized (no
/// intermediate document or string: a report with a 50 000-package inventory is written once).
pub(crate) fn to_safe_json<T: serde::Serialize>(value: &T) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 * 1024);
    write_safe_json(value, &mut out)?;
    Ok(out)
}

/// [`to_safe_json`] written to `w` as it is serialized (a large report is never held in memory).
pub(crate) fn write_safe_json<T: serde::Serialize, W: std::io::Write>(value: &T, w: W) -> std::io::Result<()> {
    let mut w = w;
    write_safe_json_at(value, &mut w, 0, usize::MAX)?;
    w.write_all(b"\n")
}

/// [`to_safe_json`] with each element of the top-level object's arrays on one line (`{"a":1,"b":[2]}`):
/// a report's issues and inventory stay one record per line, at half the bytes of a fully indented
/// document.
pub(crate) fn to_safe_json_records<T: serde::Serialize>(value: &T) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 * 1024);
    write_safe_json_at(value, &mut out, 0, RECORD_DEPTH)?;
    out.extend_from_slice(b"\n");
    Ok(out)
}

/// A JSON string as the safe writer writes it: printable ASCII without `"` or `\\` as it is (nearly
/// every string of a dependency report), anything else through serde_json and [`Safe`].
pub(crate) fn push_safe_json_str(out: &mut Vec<u8>, s: &str) -> std::io::Result<()> {
    // without an early exit the test compiles to vector code
    let plain = s.bytes().fold(true, |ok, b| ok & (0x20..0x7f).contains(&b) & (b != b'"') & (b != b'\\'));
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return Ok(());
    }
    write_safe_json_at(&s, out, RECORD_DEPTH, RECORD_DEPTH)
}

/// The depth of the top-level object's array elements: below it, a value is written on one line.
const RECORD_DEPTH: usize = 2;

/// Pretty, safe JSON of `value` as it would appear `depth` levels deep in a document (its inner lines
/// indented for that depth, its first line not); containers deeper than `flat_below` on one line.
fn write_safe_json_at<T: serde::Serialize, W: std::io::Write>(
    value: &T,
    w: W,
    depth: usize,
    flat_below: usize,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Safe { indent: depth, has_value: false, flat_below });
    value.serialize(&mut ser)?;
    Ok(())
}

/// The array `items` written to `w` as the value of a key one level deep in a document written by
/// [`to_safe_json_records`]: one element a line, the elements serialized in parallel a window at a
/// time into reused buffers (the same bytes as serializing the slice in place, without holding the
/// whole array's text).
pub(crate) fn write_safe_json_records_at_depth_1<T: serde::Serialize + Sync>(
    items: &[T],
    w: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    write_records_at_depth_1(items, w, |item, out| write_safe_json_at(item, out, RECORD_DEPTH, RECORD_DEPTH))
}

/// [`write_safe_json_records_at_depth_1`] with each record written by `record` (which must write what
/// serializing it on one line writes).
pub(crate) fn write_records_at_depth_1<T: Sync>(
    items: &[T],
    w: &mut (dyn std::io::Write + Send),
    record: impl Fn(&T, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const CHUNK: usize = 256;
    const WINDOW: usize = 8;
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    // two sets of buffers: one window is written out while the next is serialized
    let mut filling: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
    let mut full: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
    let mut full_len = 0;
    let mut first = true;
    let mut write_out = |buffers: &[Vec<u8>], w: &mut (dyn std::io::Write + Send)| -> std::io::Result<()> {
        for out in buffers {
            // the first element of the array has no comma before it
            let skip = if first { 1 } else { 0 };
            first = false;
            w.write_all(out.get(skip..).unwrap_or_default())?;
        }
        Ok(())
    };
    for window in items.chunks(CHUNK * WINDOW) {
        let chunks = window.chunks(CHUNK).len();
        let (written, serialized) = rayon::join(
            || write_out(&full[..full_len], &mut *w),
            || {
                // elements sit at depth 2: each on its own line after two levels of indentation
                filling
                    .par_iter_mut()
                    .zip(window.par_chunks(CHUNK))
                    .map(|(out, chunk)| {
                        out.clear();
                        for item in chunk {
                            out.extend_from_slice(b",\n    ");
                            record(item, &mut *out)?;
                        }
                        Ok(())
                    })
                    .collect::<std::io::Result<()>>()
            },
        );
        written?;
        serialized?;
        std::mem::swap(&mut filling, &mut full);
        full_len = chunks;
    }
    write_out(&full[..full_len], &mut *w)?;
    w.write_all(b"\n  ]")
}

struct Safe {
    indent: usize,
    has_value: bool,
    /// containers deeper than this are written on one line
    flat_below: usize,
}

impl Safe {
    /// A line break and indentation before a container's next element (nothing on a flat line).
    fn newline_indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        if self.indent > self.flat_below {
            return Ok(());
        }
        w.write_all(b"\n")?;
        for _ in 0..self.indent {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Safe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        // every character to escape is DEL or outside ASCII: plain ASCII text is written as it is
        if fragment.is_ascii() && memchr::memchr(0x7f, fragment.as_bytes()).is_none() {
            return w.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|(_, c)| unsafe_in_json(*c)) {
            w.write_all(&rest.as_bytes()[..i])?;
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let flat = self.indent > self.flat_below;
        self.indent -= 1;
        if self.has_value && !flat {
            self.newline_indent(w)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline_indent(w)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let flat = self.indent > self.flat_below;
        self.indent -= 1;
        if self.has_value && !flat {
            self.newline_indent(w)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline_indent(w)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.indent > self.flat_below {
            return w.write_all(b":");
        }
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Serialized JSON made safe to print: the characters `serde_json` leaves raw that a terminal acts on
/// (DEL, the C1 controls such as the 8-bit CSI, the Unicode line separators and the bidirectional
/// controls) become `\uXXXX` escapes. Outside strings JSON is ASCII, so only string contents change, and
/// the document means the same.
pub fn json_safe(json: String) -> String {
    let unsafe_char = unsafe_in_json;
    if !json.chars().any(unsafe_char) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Printable text of at most `max` characters (a cut string ends with `…`): control characters other
/// than newline and tab (an ANSI escape from a file name, say) and the non-characters U+FFFE/U+FFFF
/// are dropped, so a string from the scanned repository cannot garble a terminal, a web page or XML.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    let printable = |c: &char| (!c.is_control() || matches!(c, '\n' | '\t')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}');
    let count = s.chars().filter(printable).count();
    if count <= max {
        return s.chars().filter(printable).collect();
    }
    let mut out: String = s.chars().filter(printable).take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `CWE-89`, `cwe-89` or `89` → 89.
pub(crate) fn cwe_number(s: &str) -> Option<u32> {
    let t = s.trim();
    let digits =
        t.strip_prefix("CWE-").or_else(|| t.strip_prefix("cwe-")).or_else(|| t.strip_prefix("CWE")).unwrap_or(t).trim();
    if digits.is_empty() || digits.len() > 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An RFC 3339 time as UTC `YYYY-MM-DDTHH:MM:SS` (GitLab's scan times, JUnit timestamps);
/// the Unix epoch when the text is not a time.
pub(crate) fn plain_utc(rfc3339: &str) -> String {
    match parse_utc(rfc3339) {
        Some(t) => format_plain(t),
        None => "1970-01-01T00:00:00".into(),
    }
}

pub(crate) fn parse_utc(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.to_offset(time::UtcOffset::UTC))
}

pub(crate) fn format_plain(t: time::OffsetDateTime) -> String {
    t.format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"))
        .unwrap_or_else(|_| "1970-01-01T00:00:00".into())
}

/// An http(s) URL that can be shown as a link: bounded, without whitespace, controls or angle brackets.
pub(crate) fn is_web_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > 8
        && u.len() <= 2_000
        && !u.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'))
}

/// The first ten references that are web links (see [`is_web_url`]).
pub(crate) fn web_links(refs: &[String]) -> Vec<&str> {
    refs.iter().map(String::as_str).filter(|u| is_web_url(u)).take(10).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_json_escapes_what_terminals_act_on_and_means_the_same() {
        let value = serde_json::json!({"name": "evil\u{202e}txt.exe\u{9b}31m", "list": [1, "a\u{2028}b"]});
        let bytes = to_safe_json(&value).expect("serializes");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.contains("\\u202e") && text.contains("\\u009b") && text.contains("\\u2028"), "{text}");
        assert!(!text.chars().any(unsafe_in_json));
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
        assert_eq!(text, json_safe(serde_json::to_string_pretty(&value).expect("pretty")) + "\n", "the same as before");
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_terminal_controls() {
        let v = serde_json::json!({"t": "a\u{9b}31m\u{202e}b\u{2028}"});
        let safe = json_safe(serde_json::to_string(&v).expect("json"));
        assert!(safe.is_ascii(), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).expect("parses"), v);
    }

    #[test]
    fn terminal_text_shows_controls_as_escapes() {
        assert_eq!(terminal("plain café"), "plain café");
        assert_eq!(terminal("a\u{1b}]0;title\u{7}b"), "a\\x1b]0;title\\x07b");
        assert_eq!(terminal("x\n::error file=a::X\r\n"), "x\\n::error file=a::X\\r\\n");
        assert_eq!(terminal("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(terminal("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert!(!terminal("\u{2028}\u{7f}\u{2066}").chars().any(|c| c.is_control() || c == '\u{2028}'));
    }

    #[test]
    fn truncate_bounds_and_cleans() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("a\u{1b}[31mb\u{0}\u{FFFE}c\nd", 100), "a[31mbc\nd");
    }

    #[test]
    fn cwe_numbers() {
        assert_eq!(cwe_number("CWE-89"), Some(89));
        assert_eq!(cwe_number("cwe-1357"), Some(1357));
        assert_eq!(cwe_number("79"), Some(79));
        assert_eq!(cwe_number("CWE-abc"), None);
        assert_eq!(cwe_number(""), None);
    }
}
