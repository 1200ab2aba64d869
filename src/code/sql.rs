//! The checks of `.sql` files (rules with `languages: [sql]` and a `detector` match): each runs over the
//! statements of syntax/sql.rs, on the parsed statement where sqlparser understood it and on its text
//! otherwise (procedure bodies are text to sqlparser too).
//!
//! - `sql-grant-public`: privileges granted to PUBLIC.
//! - `sql-plaintext-password-column` (params `names`): a table column named like a password or token
//!   with a text type.
//! - `sql-hardcoded-password`: `CREATE/ALTER USER|ROLE … PASSWORD 'literal'`, `IDENTIFIED BY 'literal'`.
//! - `sql-dynamic-execute`: PL/pgSQL `EXECUTE` of a concatenated string without `USING`, T-SQL
//!   `EXEC(@sql)` / `sp_executesql @sql` without parameters.
//! - `sql-destructive-migration` (params `dirs`): in a migration (a path with one of the `dirs`, not a
//!   `down`/`rollback` file), `DROP TABLE/SCHEMA/DATABASE` without `IF EXISTS`, `TRUNCATE`, and
//!   `ALTER TABLE … DROP [COLUMN]` of a column.
//! - `sql-weak-password-hash`: `md5(…)`/`sha1(…)` or unsalted `digest(…, 'md5'|'sha1')` over a value
//!   named like a password.
//! - `sql-row-security-disabled`: `ALTER TABLE … DISABLE ROW LEVEL SECURITY` / `NO FORCE ROW LEVEL SECURITY`.
//! - `sql-security-definer`: a `SECURITY DEFINER` function that does not pin `search_path`.
use super::matchers::Compiled;
use super::taint::Hit;
use crate::syntax::ir::Span;
use crate::syntax::sql::{ParsedSql, SqlStatement};
use regex::Regex;
use sqlparser::ast::Statement;
use std::sync::OnceLock;

/// The checks of `.sql` files that rules can name (see [`super::detectors::known`]).
pub(crate) const NAMES: &[&str] = &[
    "sql-destructive-migration",
    "sql-dynamic-execute",
    "sql-grant-public",
    "sql-hardcoded-password",
    "sql-plaintext-password-column",
    "sql-row-security-disabled",
    "sql-security-definer",
    "sql-weak-password-hash",
];

/// A pattern of this file, compiled once (`None` only if a pattern here were invalid: the tests below
/// compile every one).
fn re(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

const GRANT_PUBLIC: &str = r"(?is)^\s*GRANT\b.*\bTO\s+(.*,\s*)?PUBLIC\b";
const USER_STATEMENT: &str = r"(?is)^\s*(CREATE|ALTER)\s+(USER|ROLE|LOGIN)\b|^\s*SET\s+PASSWORD\b";
const LITERAL_PASSWORD: &str = r"(?i)\b(PASSWORD|IDENTIFIED\s+BY)\s*(=\s*)?'[^']+'";
const PLPGSQL_EXECUTE: &str = r"(?is)\bEXECUTE\s+([^;]*?)(;|$)";
const TSQL_EXEC: &str = r"(?i)\bEXEC(UTE)?\s*\(\s*@\w+\s*\)|\bsp_executesql\s+@\w+\s*($|;|\bEND\b)";
const DEFINER: &str = r"(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b";
const WEAK_HASH: &str =
    r"(?i)\b(md5|sha1)\s*\(\s*[\w.]*pass(word|wd)?\w*\s*\)|\bdigest\s*\(\s*[\w.]*pass(word|wd)?\w*\s*,\s*'(md5|sha1)'";
const DESTRUCTIVE: &str = r"(?is)^\s*(DROP\s+(TABLE|SCHEMA|DATABASE)\b(\s+IF\s+EXISTS\b)?|TRUNCATE\b|ALTER\s+TABLE\b.*?\bDROP\b(\s+COLUMN\b)?)";
const RLS_OFF: &str = r"(?is)^\s*ALTER\s+TABLE\b.*\b(DISABLE|NO\s+FORCE)\s+ROW\s+LEVEL\s+SECURITY\b";

static CELLS: [OnceLock<Option<Regex>>; 9] = [const { OnceLock::new() }; 9];
const PATTERNS: [&str; 9] = [
    GRANT_PUBLIC,
    USER_STATEMENT,
    LITERAL_PASSWORD,
    PLPGSQL_EXECUTE,
    TSQL_EXEC,
    DEFINER,
    WEAK_HASH,
    RLS_OFF,
    DESTRUCTIVE,
];

/// The compiled pattern `pattern` (one of PATTERNS).
fn pat(pattern: &str) -> Option<&'static Regex> {
    let i = PATTERNS.iter().position(|p| *p == pattern)?;
    re(&CELLS[i], pattern)
}

fn is_match(pattern: &str, t: &str) -> bool {
    pat(pattern).is_some_and(|r| r.is_match(t))
}

fn find<'t>(pattern: &str, t: &'t str) -> Option<regex::Match<'t>> {
    pat(pattern).and_then(|r| r.find(t))
}

/// Where `needle` first occurs (ASCII case-insensitively) in a statement at or after byte `from` of its
/// text: statement text and file share offsets (comments are blanked, not removed).
fn locate(s: &SqlStatement, from: usize, needle: &str) -> Span {
    let lower = s.text.get(from..).unwrap_or_default().to_ascii_lowercase();
    let at = lower.find(&needle.to_ascii_lowercase()).map_or(s.start, |i| s.start + from + i);
    Span::new(at, (at + needle.len()).min(s.end.max(at)))
}

/// Where `word` first occurs as a whole identifier (ASCII case-insensitively) in a statement.
fn locate_word(s: &SqlStatement, word: &str) -> Span {
    let lower = s.text.to_ascii_lowercase();
    let w = word.to_ascii_lowercase();
    let ident = |b: Option<&u8>| b.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let at = lower.match_indices(&w).map(|(i, _)| i).find(|&i| {
        !ident(i.checked_sub(1).and_then(|p| lower.as_bytes().get(p))) && !ident(lower.as_bytes().get(i + w.len()))
    });
    at.map_or_else(|| locate(s, 0, word), |i| Span::new(s.start + i, s.start + i + word.len()))
}

/// Run the enabled SQL detectors over a parsed file.
pub(crate) fn run(rel: &str, parsed: &ParsedSql, c: &Compiled) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut hit = |rule: usize, span: Span| hits.push(Hit::pattern(rule, span));
    for d in &c.detectors {
        let (name, rule, params) = (&d.name, &d.rule, &d.params);
        let strings = |key: &str| -> Vec<String> {
            params
                .get(key)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_ascii_lowercase)).collect())
                .unwrap_or_default()
        };
        let names = strings("names");
        for s in &parsed.statements {
            let t = s.text.as_str();
            match name.as_str() {
                "sql-grant-public" if is_match(GRANT_PUBLIC, t) => hit(*rule, locate(s, 0, "PUBLIC")),
                "sql-plaintext-password-column" => {
                    if let Some(Statement::CreateTable(ct)) = &s.ast {
                        for col in &ct.columns {
                            let n = col.name.value.to_ascii_lowercase();
                            let ty = col.data_type.to_string().to_ascii_lowercase();
                            let texty = ["char", "text", "string", "clob"].iter().any(|k| ty.contains(k));
                            if texty && names.contains(&n) {
                                hit(*rule, locate_word(s, &col.name.value));
                            }
                        }
                    }
                }
                "sql-hardcoded-password" if is_match(USER_STATEMENT, t) => {
                    if let Some(m) = find(LITERAL_PASSWORD, t) {
                        let kw = m.as_str().split_whitespace().next().unwrap_or("PASSWORD");
                        hit(*rule, locate(s, m.start(), kw));
                    }
                }
                "sql-dynamic-execute" => {
                    // PL/pgSQL: EXECUTE 'SELECT … ' || name (no USING); T-SQL: EXEC(@sql), sp_executesql @sql
                    if let Some(r) = pat(PLPGSQL_EXECUTE) {
                        for m in r.captures_iter(t) {
                            let expr = m.get(1).map_or("", |g| g.as_str());
                            let upper = expr.to_ascii_uppercase();
                            if expr.contains("||")
                                && !upper.contains("USING")
                                && !upper.contains("QUOTE_")
                                && !upper.contains("FORMAT(")
                            {
                                let at = m.get(0).map_or(0, |g| g.start());
                                hit(*rule, locate(s, at, "EXECUTE"));
                            }
                        }
                    }
                    if let Some(m) = find(TSQL_EXEC, t) {
                        let kw =
                            if m.as_str().to_ascii_lowercase().starts_with("sp_") { "sp_executesql" } else { "EXEC" };
                        hit(*rule, locate(s, 0, kw));
                    }
                }
                "sql-security-definer" => {
                    let upper = t.to_ascii_uppercase();
                    if is_match(DEFINER, t) && upper.contains("SECURITY DEFINER") && !upper.contains("SEARCH_PATH") {
                        hit(*rule, locate(s, 0, "SECURITY DEFINER"));
                    }
                }
                "sql-destructive-migration" if is_migration(rel, &strings("dirs")) => {
                    if let Some(m) = find(DESTRUCTIVE, t) {
                        let upper = m.as_str().to_ascii_uppercase();
                        let alter = upper.starts_with("ALTER");
                        let guarded = upper.starts_with("DROP") && upper.contains("IF EXISTS");
                        // `ALTER TABLE … DROP CONSTRAINT/INDEX/DEFAULT` loses no data
                        let rest = t.get(m.end()..).unwrap_or_default().trim_start().to_ascii_uppercase();
                        let not_column =
                            alter && !upper.ends_with("COLUMN") && NOT_COLUMNS.iter().any(|k| rest.starts_with(k));
                        if !guarded && !not_column {
                            // ASCII upper-casing keeps byte offsets
                            let at = if alter { m.start() + upper.rfind("DROP").unwrap_or(0) } else { m.start() };
                            let kw = if upper.starts_with("TRUNCATE") { "TRUNCATE" } else { "DROP" };
                            hit(*rule, locate(s, at, kw));
                        }
                    }
                }
                "sql-weak-password-hash" => {
                    if let Some(m) = find(WEAK_HASH, t) {
                        let f = m.as_str().split(|ch: char| ch == '(' || ch.is_whitespace()).next().unwrap_or("md5");
                        hit(*rule, locate(s, 0, f));
                    }
                }
                "sql-row-security-disabled" => {
                    if let Some(m) = find(RLS_OFF, t) {
                        let kw =
                            if m.as_str().to_ascii_uppercase().contains("DISABLE") { "DISABLE" } else { "NO FORCE" };
                        hit(*rule, locate(s, 0, kw));
                    }
                }
                _ => {}
            }
        }
    }
    hits
}

/// What `ALTER TABLE … DROP` may drop besides a column.
const NOT_COLUMNS: &[&str] = &[
    "CONSTRAINT",
    "INDEX",
    "DEFAULT",
    "NOT ",
    "IDENTITY",
    "EXPRESSION",
    "PRIMARY",
    "FOREIGN",
    "CHECK",
    "KEY",
    "PARTITION",
];

/// Whether a file is a forward migration: a folder or name with one of `dirs` in it, and not a `down`
/// or rollback script (dropping there is the point).
fn is_migration(rel: &str, dirs: &[String]) -> bool {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let down = ["down.", "_down", "-down", ".down", "rollback", "revert", "undo"].iter().any(|d| name.contains(d))
        || name.starts_with("down")
        // Flyway undo migrations: U1__name.sql
        || (name.starts_with('u') && name[1..].starts_with(|c: char| c.is_ascii_digit()));
    !down && dirs.iter().any(|d| lower.split('/').any(|part| part.contains(d.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for p in PATTERNS {
            assert!(pat(p).is_some(), "{p}");
        }
    }

    #[test]
    fn patterns_match_what_they_describe() {
        assert!(is_match(GRANT_PUBLIC, "GRANT SELECT ON t TO app, PUBLIC"));
        assert!(!is_match(GRANT_PUBLIC, "GRANT SELECT ON public.t TO app"));
        assert!(find(LITERAL_PASSWORD, "CREATE USER a WITH PASSWORD 'x'").is_some());
        assert!(find(WEAK_HASH, "INSERT INTO u VALUES (md5(new_password))").is_some());
        assert!(find(WEAK_HASH, "SELECT md5(body) FROM t").is_none());
        assert!(is_match(RLS_OFF, "ALTER TABLE accounts DISABLE ROW LEVEL SECURITY"));
    }

    #[test]
    fn migrations_are_forward_scripts_in_migration_folders() {
        let dirs = vec!["migrat".to_string(), "flyway".to_string()];
        for yes in ["db/migrations/0042_cleanup.sql", "sql/flyway/V3__drop.sql", "migrate/2024_01_up.sql"] {
            assert!(is_migration(yes, &dirs), "{yes}");
        }
        for no in
            ["db/migrations/0042_cleanup.down.sql", "migrations/3_x_down.sql", "flyway/U3__undo.sql", "schema.sql"]
        {
            assert!(!is_migration(no, &dirs), "{no}");
        }
    }
}

#[cfg(test)]
mod names_tests {
    /// Every `sql-…` check this file dispatches on is in NAMES.
    #[test]
    fn every_check_is_listed() {
        let source = include_str!("sql.rs");
        let quote_sql = ['"', 's', 'q', 'l', '-'].iter().collect::<String>();
        for (i, _) in source.match_indices(quote_sql.as_str()) {
            let name: String = source[i + 1..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect();
            assert!(super::NAMES.contains(&name.as_str()), "{name} is not in NAMES");
        }
    }
}
