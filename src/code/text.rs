//! What the fixed text of a string reads as: an SQL statement, HTML markup, or neither.
//!
//! A taint rule may name a kind of text as a sink (`text: sql`): untrusted data written into a string
//! whose fixed parts read as that kind is reported where the string is built, unless the string then
//! reaches a sink of the same rule (that finding has the building in its trace). The patterns are
//! strict on purpose: a statement keyword at the start of the text (`SELECT … FROM`, `INSERT INTO`,
//! `UPDATE … SET`), an element of HTML by its tag name. Prose that merely mentions "select" or a
//! placeholder such as `<name>` does not count.

use regex::Regex;
use std::sync::OnceLock;

/// The fixed text reads as an SQL statement.
pub(crate) const TEXT_SQL: u8 = 1;
/// The fixed text has HTML markup.
pub(crate) const TEXT_HTML: u8 = 2;
/// The fixed text is the start of a URL whose host is left to the data (`"https://%s/api"`).
pub(crate) const TEXT_URL_HOST: u8 = 4;

/// Where a part the code does not fix goes in a string being classified.
pub(crate) const HOLE: char = '\u{1}';

/// The bit of a kind of text named in a rule (`sql`, `html`); 0 for an unknown name.
pub(crate) fn kind(name: &str) -> u8 {
    match name {
        "sql" => TEXT_SQL,
        "html" => TEXT_HTML,
        "url_host" => TEXT_URL_HOST,
        _ => 0,
    }
}

/// The longest text looked at: a statement or a tag shows in its first few kilobytes.
const MAX_TEXT: usize = 4096;

fn sql() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?is)^[\s("'`]*(?:select\s+(?:distinct\s+|top\s+\d+\s+)?[\w.`"\[\]()*?%{}$\x01]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.`"\[\]()*?%{}$\x01]+(?:\s+as\s+\w+)?)*\s+from\s|insert\s+(?:ignore\s+|or\s+\w+\s+)?into\s|update\s+\S+\s+set\s|delete\s+from\s|replace\s+into\s|merge\s+into\s|(?:create|drop|alter|truncate)\s+(?:temporary\s+)?table\s|with\s+(?:recursive\s+)?\w+\s+as\s*\()"#,
        )
        .ok()
    })
    .as_ref()
}

fn html() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)</?(?:a|abbr|audio|b|base|blockquote|body|br|button|center|code|dd|div|dl|dt|em|embed|font|form|frame|frameset|h[1-6]|head|header|footer|hr|html|i|iframe|img|input|label|li|link|main|marquee|meta|nav|object|ol|option|p|pre|script|section|select|small|source|span|strong|style|svg|table|tbody|td|textarea|th|thead|title|tr|u|ul|video)(?:\s|/?>|$)",
        )
        .ok()
    })
    .as_ref()
}

/// What `text` reads as (`TEXT_SQL`, `TEXT_HTML`, both or 0).
pub(crate) fn classify(text: &str) -> u8 {
    let text = match text.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let mut out = 0;
    if text.contains('<') && html().is_some_and(|re| re.is_match(text)) {
        out |= TEXT_HTML;
    }
    if text.len() >= 10 && sql().is_some_and(|re| re.is_match(text)) {
        out |= TEXT_SQL;
    }
    if host_left_open(text) {
        out |= TEXT_URL_HOST;
    }
    out
}

/// A URL whose scheme is written and whose host is not: the first part the code does not fix (a hole,
/// or a `%s`/`{}` placeholder) comes before the host ends.
fn host_left_open(text: &str) -> bool {
    let Some(i) = text.find("://") else { return false };
    if i == 0 || !text[..i].bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) {
        return false;
    }
    let rest = &text[i + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    host.contains(HOLE) || host.contains('%') || host.contains('{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_read_as_sql() {
        for s in [
            "SELECT * FROM users WHERE id = '",
            "select name, age from people where name = ?",
            "  UPDATE ? SET name = '' WHERE id = 0",
            "INSERT INTO messages (body) VALUES ('",
            "delete from sessions where token = %s",
            "WITH t AS (SELECT 1) SELECT * FROM t",
            "(SELECT id FROM a) UNION (SELECT id FROM b)",
        ] {
            assert_eq!(classify(s) & TEXT_SQL, TEXT_SQL, "{s}");
        }
    }

    #[test]
    fn prose_is_not_sql() {
        for s in [
            "Select a file from the list",
            "Please select one",
            "user updated: ",
            "Deleted ",
            "the query failed: ",
            "from ",
            "insert coin",
        ] {
            assert_eq!(classify(s) & TEXT_SQL, 0, "{s}");
        }
    }

    #[test]
    fn markup_reads_as_html() {
        for s in ["<h1>message: ", "<div align=\"", "</div>", "<a href=\"http://external/abc/", "<br/>", "<script>"] {
            assert_eq!(classify(s) & TEXT_HTML, TEXT_HTML, "{s}");
        }
        for s in ["expected <name> but got ", "a < b", "<-- back", "List<String>", "<anonymous>"] {
            assert_eq!(classify(s) & TEXT_HTML, 0, "{s}");
        }
    }

    #[test]
    fn urls_whose_host_is_left_to_data() {
        for s in ["https://%s/path", "http://{}/api", "https://\u{1}", "https://api.\u{1}.example/v1", "ftp://%r"] {
            assert_eq!(classify(s) & TEXT_URL_HOST, TEXT_URL_HOST, "{s}");
        }
        for s in ["https://example.com/%s", "https://api.example/{}", "see %s", "://%s", "https://example.com?q=%s"] {
            assert_eq!(classify(s) & TEXT_URL_HOST, 0, "{s}");
        }
    }

    #[test]
    fn names_of_kinds() {
        assert_eq!(kind("sql"), TEXT_SQL);
        assert_eq!(kind("html"), TEXT_HTML);
        assert_eq!(kind("yaml"), 0);
    }

    #[test]
    fn huge_text_is_bounded() {
        let s = format!("{}SELECT a FROM b", " ".repeat(10_000));
        assert_eq!(classify(&s), 0);
    }
}
