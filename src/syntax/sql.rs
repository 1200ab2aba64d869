//! `.sql` files: split into statements (quotes, dollar quotes and comments respected), each parsed with
//! sqlparser in the configured dialect. A statement that does not parse is kept as text (the checks
//! that read text still see it) and the first such statement is reported as a per-file warning.
use sqlparser::ast::Statement;
use sqlparser::dialect::{Dialect, MsSqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// One statement of a SQL file.
pub(crate) struct SqlStatement {
    /// The statement's text, comments blanked (keywords and literals as written, same byte offsets).
    pub(crate) text: String,
    /// Byte offset where the statement starts in the file (its first non-blank character).
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The parsed statement, when sqlparser understood it.
    pub(crate) ast: Option<Statement>,
}

/// What a SQL file is made of, and the first statement that did not parse (offset, message).
pub(crate) struct ParsedSql {
    pub(crate) statements: Vec<SqlStatement>,
    pub(crate) error: Option<(usize, String)>,
}

/// The largest number of statements looked at in one file.
const MAX_STATEMENTS: usize = 100_000;

/// Split and parse `text` in `dialect`.
/// With `fallback`, a statement the dialect does not parse is tried in the common dialects too
/// (a repository's `.sql` files are often written for one database without saying which).
pub(crate) fn parse(text: &str, dialect: &dyn Dialect, fallback: bool) -> ParsedSql {
    let others: [&dyn Dialect; 4] = [&PostgreSqlDialect {}, &MySqlDialect {}, &MsSqlDialect {}, &SQLiteDialect {}];
    let mut statements = Vec::new();
    let mut error = None;
    for (start, end, clean) in split(text).into_iter().take(MAX_STATEMENTS) {
        let one = |d: &dyn Dialect| match Parser::parse_sql(d, &clean) {
            Ok(mut list) if list.len() == 1 => Ok(list.pop()),
            Ok(_) => Ok(None),
            Err(e) => Err(e.to_string()),
        };
        let mut result = one(dialect);
        if fallback {
            for d in others {
                if result.is_ok() {
                    break;
                }
                if let Ok(ast) = one(d) {
                    result = Ok(ast);
                }
            }
        }
        let ast = match result {
            Ok(ast) => ast,
            Err(e) => {
                if error.is_none() {
                    error = Some((start, e));
                }
                None
            }
        };
        statements.push(SqlStatement { text: clean, start, end, ast });
    }
    ParsedSql { statements, error }
}

/// The statements of a file: (start, end, text), split at `;` outside quotes, identifiers,
/// dollar-quoted bodies, comments and BEGIN … END blocks; T-SQL `GO` lines end a batch too, and MySQL's
/// `DELIMITER` lines are honoured. Comments in the text are
/// blanked (newlines kept), so byte `k` of a statement's text is byte `start + k` of the file.
fn split(text: &str) -> Vec<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // the current segment: where it begins in the file, and its text so far
    let mut seg = 0;
    let mut cur = String::new();
    let mut i = 0;
    // open BEGIN/CASE blocks outside quoted bodies, and the statement delimiter in force
    let mut depth = 0usize;
    let mut delimiter = String::from(";");
    let push = |cur: &mut String, seg: usize, out: &mut Vec<(usize, usize, String)>| {
        let lead = cur.len() - cur.trim_start().len();
        let t = cur.trim();
        if !t.is_empty() {
            out.push((seg + lead, seg + lead + t.len(), t.to_string()));
        }
        cur.clear();
    };
    // a comment becomes as many spaces as it has bytes (its newlines kept)
    let blank = |cur: &mut String, piece: &str| {
        for ch in piece.chars() {
            if ch == '\n' {
                cur.push('\n');
            } else {
                cur.extend(std::iter::repeat_n(' ', ch.len_utf8()));
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        // comments are blanked (a `--` inside a literal is not a comment)
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            let to = text[i..].find('\n').map_or(text.len(), |k| i + k);
            blank(&mut cur, &text[i..to]);
            i = to;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let to = text[i + 2..].find("*/").map_or(text.len(), |k| i + 2 + k + 2);
            blank(&mut cur, &text[i..to]);
            i = to;
            continue;
        }
        if i == 0 || b[i - 1] == b'\n' {
            let line_end = text[i..].find('\n').map_or(text.len(), |k| i + k);
            let line = text[i..line_end].trim();
            // T-SQL batch separator: a line that is only GO
            if line.eq_ignore_ascii_case("go") {
                push(&mut cur, seg, &mut out);
                i = line_end;
                seg = i;
                depth = 0;
                continue;
            }
            // MySQL client: `DELIMITER //` changes what ends a statement (the line is not SQL)
            if line.len() > 10 && line.get(..10).is_some_and(|w| w.eq_ignore_ascii_case("delimiter ")) {
                push(&mut cur, seg, &mut out);
                delimiter = line[10..].trim().to_string();
                i = line_end;
                seg = i;
                depth = 0;
                continue;
            }
        }
        match c {
            b'\'' | b'"' | b'`' => {
                let q = c;
                let from = i;
                i += 1;
                while i < b.len() {
                    if b[i] == q {
                        // a doubled quote is an escaped quote
                        if b.get(i + 1) == Some(&q) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                let to = (i + 1).min(b.len());
                cur.push_str(&text[from..to]);
                i = to;
                continue;
            }
            b'$' if !delimiter.starts_with('$') => {
                // a dollar-quoted body: $$ … $$ or $tag$ … $tag$
                let tag_end = text[i + 1..].find('$').map(|k| i + 1 + k);
                if let Some(te) =
                    tag_end.filter(|te| text[i + 1..*te].chars().all(|ch| ch.is_alphanumeric() || ch == '_'))
                {
                    let tag = &text[i..=te];
                    if let Some(close) = text[te + 1..].find(tag) {
                        // the body is code too (PL/pgSQL): its comments are blanked, its quotes kept
                        let body_end = te + 1 + close;
                        cur.push_str(tag);
                        blank_comments(&text[te + 1..body_end], &mut cur);
                        cur.push_str(tag);
                        i = body_end + tag.len();
                        continue;
                    }
                }
            }
            b';' if depth == 0 && delimiter == ";" => {
                push(&mut cur, seg, &mut out);
                i += 1;
                seg = i;
                continue;
            }
            c if c.is_ascii_alphabetic() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) => {
                // block keywords: a procedure body's `;` do not end the statement (T-SQL, MySQL)
                let word_end =
                    text[i..].find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).map_or(text.len(), |k| i + k);
                let word = &text[i..word_end];
                let next = text[word_end..].trim_start();
                let next_word = next.split(|ch: char| !ch.is_ascii_alphanumeric()).next().unwrap_or_default();
                if word.eq_ignore_ascii_case("begin") {
                    let transaction = next.starts_with(';')
                        || next.is_empty()
                        || ["tran", "transaction", "work", "deferred", "immediate", "exclusive"]
                            .iter()
                            .any(|w| next_word.eq_ignore_ascii_case(w));
                    if !transaction {
                        depth += 1;
                    }
                } else if word.eq_ignore_ascii_case("case") {
                    depth += 1;
                } else if word.eq_ignore_ascii_case("end") {
                    let closes_other =
                        ["if", "loop", "while", "repeat", "for"].iter().any(|w| next_word.eq_ignore_ascii_case(w));
                    if !closes_other {
                        depth = depth.saturating_sub(1);
                    }
                }
                cur.push_str(word);
                i = word_end;
                continue;
            }
            _ => {}
        }
        if delimiter != ";" && text[i..].starts_with(delimiter.as_str()) {
            push(&mut cur, seg, &mut out);
            i += delimiter.len();
            seg = i;
            depth = 0;
            continue;
        }
        // push the whole UTF-8 character
        let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
        cur.push_str(&text[i..i + ch_len]);
        i += ch_len;
    }
    push(&mut cur, seg, &mut out);
    out
}

/// Copy `body` to `out` with its `--` and `/* */` comments blanked (string literals respected).
fn blank_comments(body: &str, out: &mut String) {
    let b = body.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    let blank = |out: &mut String, piece: &str| {
        for ch in piece.chars() {
            if ch == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', ch.len_utf8()));
            }
        }
    };
    while i < b.len() {
        let comment_end = match (b[i], b.get(i + 1)) {
            (b'-', Some(b'-')) => Some(body[i..].find('\n').map_or(body.len(), |k| i + k)),
            (b'/', Some(b'*')) => Some(body[i + 2..].find("*/").map_or(body.len(), |k| i + 2 + k + 2)),
            _ => None,
        };
        if let Some(to) = comment_end {
            out.push_str(&body[copied..i]);
            blank(out, &body[i..to]);
            i = to;
            copied = to;
            continue;
        }
        if b[i] == b'\'' || b[i] == b'"' {
            let q = b[i];
            i += 1;
            while i < b.len() && b[i] != q {
                i += 1;
            }
        }
        i += 1;
    }
    out.push_str(body.get(copied..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::GenericDialect;

    #[test]
    fn statements_split_outside_quotes_bodies_and_comments() {
        let sql = "-- a; comment\nCREATE TABLE t (a text); INSERT INTO t VALUES ('x;y');\n\
                   CREATE FUNCTION f() RETURNS void AS $body$ BEGIN EXECUTE 'a;' || x; END; $body$ LANGUAGE plpgsql;\n";
        let parsed = parse(sql, &PostgreSqlDialect {}, false);
        assert_eq!(parsed.statements.len(), 3);
        assert!(parsed.statements[1].text.contains("'x;y'"));
        assert!(parsed.statements[2].text.contains("EXECUTE 'a;' || x"));
        assert!(parsed.statements[0].ast.is_some() && parsed.statements[1].ast.is_some());
    }

    #[test]
    fn procedure_bodies_and_delimiters_keep_a_statement_whole() {
        let tsql = "CREATE PROCEDURE p (@id int) AS\nBEGIN\n  DECLARE @s nvarchar(max) = N'a;b';\n  \
                    SELECT CASE WHEN @id > 0 THEN 1 ELSE 0 END;\n  EXEC(@s);\nEND\nGO\nBEGIN TRANSACTION;\nSELECT 1;\nCOMMIT;\n";
        let st = split(tsql);
        assert_eq!(st.len(), 4, "{st:?}");
        assert!(st[0].2.contains("EXEC(@s);\nEND"));
        let mysql = "DELIMITER $$\nCREATE PROCEDURE q() BEGIN IF 1 THEN SELECT 1; END IF; SELECT 2; END$$\nDELIMITER ;\nSELECT 3;\n";
        let st = split(mysql);
        assert_eq!(st.len(), 2, "{st:?}");
        assert!(st[0].2.starts_with("CREATE PROCEDURE q()") && st[0].2.ends_with("END"));
        assert_eq!(st[1].2, "SELECT 3");
    }

    #[test]
    fn comments_are_blanked_in_place_even_in_function_bodies() {
        let sql = "SELECT 1; -- one\nCREATE FUNCTION f() RETURNS int AS $$\n-- EXECUTE this\nSELECT 2 /* x */\n$$ LANGUAGE sql;";
        for (start, end, t) in split(sql) {
            assert_eq!(t.len(), end - start);
            assert!(!t.contains("EXECUTE") && !t.contains("one") && !t.contains("x */"), "{t}");
            assert_eq!(&sql[start..start + 6], &t[..6]);
        }
    }

    /// Every prefix of a file mixing every construct the splitter knows splits without a panic, and
    /// each statement's text lines up with the file.
    #[test]
    fn every_truncation_splits_cleanly() {
        let sql = "-- é comment; \nCREATE TABLE \"t;\" (a text DEFAULT 'x''y;é');\n/* block; é */\n\
                   CREATE FUNCTION f() RETURNS int AS $fn$ -- c; é\nSELECT 'a;' || $1 $fn$ LANGUAGE sql;\n\
                   DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT CASE WHEN 1 THEN 2 END; END//\nDELIMITER ;\n\
                   CREATE PROCEDURE q AS\nBEGIN\n  EXEC(@s);\nEND\nGO\nSELECT `a;b` FROM t;";
        for cut in (0..=sql.len()).filter(|c| sql.is_char_boundary(*c)) {
            let text = &sql[..cut];
            for (start, end, t) in split(text) {
                assert_eq!(text.get(start..end).map(str::len), Some(t.len()), "cut {cut}");
            }
            let _ = parse(text, &GenericDialect {}, true);
        }
    }

    #[test]
    fn a_bad_statement_is_an_error_and_the_rest_is_kept() {
        let parsed = parse("SELEC oops;\nGRANT ALL ON t TO PUBLIC;\n", &PostgreSqlDialect {}, false);
        assert_eq!(parsed.statements.len(), 2);
        assert!(parsed.error.is_some_and(|(at, _)| at == 0));
        assert!(parsed.statements[1].ast.is_some());
    }
}
