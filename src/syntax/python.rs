//! Python source parsing (ruff_python_parser).
//!
//! [`parse`] turns a module's text into ruff's syntax tree or a [`SyntaxError`] that says where the
//! source stops being Python. Callers walk the tree themselves; [`LineIndex`](super::LineIndex) maps the
//! tree's byte offsets back to 1-based lines and columns.
use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, TraversalSignal};
use ruff_python_ast::{AnyNodeRef, ModModule, PySourceType};
use ruff_text_size::{Ranged, TextSize};

use super::LineIndex;

pub(crate) use ruff_python_parser::Parsed;

/// Python source that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub(crate) struct SyntaxError {
    /// 1-based line of the first error.
    pub line: u32,
    /// 1-based column (in characters) of the first error.
    pub column: u32,
    pub message: String,
}

/// Syntax trees nested deeper than this are refused. CPython refuses such code too (its parser and
/// compiler have recursion limits well below what a few megabytes of `-` or `(` can build), and
/// walking or even dropping a tree that deep would overflow the stack.
pub(crate) const MAX_NESTING: usize = 1000;

/// Parse a whole module. A leading byte-order mark is accepted.
///
/// Safe on hostile input: a tree nested deeper than [`MAX_NESTING`] is an error (and is leaked rather
/// than dropped, since dropping it recursively could overflow the stack).
pub(crate) fn parse(source: &str) -> Result<Parsed<ModModule>, SyntaxError> {
    // A cheap pass over the bytes first: the parser's memory grows with nesting (1 MB of `[` cost about
    // 2 GB before the tree could be measured), so obviously deep input never reaches it.
    if let Some(offset) = nesting_prescan(source) {
        let (line, column) = LineIndex::new(source).line_column(source, offset);
        return Err(SyntaxError { line, column, message: format!("nesting deeper than {MAX_NESTING} levels") });
    }
    // parse without converting to a Result: that conversion drops the tree on error, and the drop
    // is recursive
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    if let Some(offset) = too_deep(parsed.syntax()) {
        let (line, column) = LineIndex::new(source).line_column(source, offset.to_usize());
        std::mem::forget(parsed);
        return Err(SyntaxError { line, column, message: format!("nesting deeper than {MAX_NESTING} levels") });
    }
    match parsed.errors().first() {
        Some(e) => {
            let (line, column) = LineIndex::new(source).line_column(source, e.location.start().to_usize());
            Err(SyntaxError { line, column, message: e.error.to_string() })
        }
        None => Ok(parsed),
    }
}

/// Where bracket nesting, or a run of prefix operators (`- - - x`, `not not x`), goes deeper than
/// [`MAX_NESTING`], skipping strings and comments; linear, no allocation. A lower bound of the tree's
/// depth: what it misses the tree walk below catches.
pub(crate) fn nesting_prescan(source: &str) -> Option<usize> {
    let b = source.as_bytes();
    let mut depth = 0usize;
    let mut run = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == q && (!triple || (b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q))) {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    if b[i] == b'\n' && !triple {
                        break;
                    }
                    i += 1;
                }
                run = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'+' | b'~' => {
                run += 1;
                if run > MAX_NESTING {
                    return Some(i);
                }
            }
            b'n' if b[i..].starts_with(b"not ")
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_') =>
            {
                run += 1;
                if run > MAX_NESTING {
                    return Some(i);
                }
                i += 4;
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            _ => run = 0,
        }
        i += 1;
    }
    None
}

/// Where the tree first nests deeper than [`MAX_NESTING`], found without recursion.
fn too_deep(module: &ModModule) -> Option<TextSize> {
    /// Collects a node's direct children instead of descending into them.
    struct Children<'a> {
        found: Vec<AnyNodeRef<'a>>,
    }
    impl<'a> SourceOrderVisitor<'a> for Children<'a> {
        fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
            self.found.push(node);
            TraversalSignal::Skip
        }
    }
    let mut stack: Vec<(AnyNodeRef<'_>, usize)> = vec![(AnyNodeRef::from(module), 0)];
    let mut children = Children { found: Vec::new() };
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Some(node.start());
        }
        node.visit_source_order(&mut children);
        stack.extend(children.found.drain(..).map(|c| (c, depth + 1)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_module() {
        let parsed = parse("\u{feff}import os\nx = [1, 2]\n").expect("parses");
        assert_eq!(parsed.syntax().body.len(), 2);
    }

    #[test]
    fn reports_the_line_of_a_syntax_error() {
        let err = parse("x = 1\ny = (\n").expect_err("does not parse");
        assert_eq!(err.line, 3);
        let err = parse("a = 1\nb = = 2\n").expect_err("does not parse");
        assert_eq!((err.line, err.column), (2, 5));
        assert!(!err.message.is_empty());
    }

    #[test]
    fn a_megabyte_of_brackets_is_refused_before_parsing() {
        // 1 MB of `[` in a setup.py cost about 2 GB of memory before the nesting guard refused it
        let src = format!("setup(install_requires={})\n", "[".repeat(1_000_000));
        assert_eq!(nesting_prescan(&src), Some(22 + MAX_NESTING), "at the first bracket past the limit");
        let err = parse(&src).expect_err("refused");
        assert!(err.message.contains("nesting"), "{err}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let cases = [
            format!("x = {}1\n", "-".repeat(200_000)),
            format!("x = {}1{}\n", "[".repeat(50_000), "]".repeat(50_000)),
            format!("x = {}\n", vec!["1"; 50_000].join(" + ")),
            format!("x = {}1\n", "not ".repeat(50_000)),
            format!("x = {}\n", "lambda: ".repeat(50_000)),
            format!("x = {}\n", "[".repeat(50_000)),
        ];
        for (i, src) in cases.iter().enumerate() {
            match parse(src) {
                Err(err) => assert_eq!(err.line, 1, "case {i}: {err}"),
                Ok(_) => panic!("case {i} parsed"),
            }
        }
        // brackets in strings and comments are not nesting
        let quoted = format!("x = '{}'  # {}\n", "[".repeat(50_000), "(".repeat(50_000));
        assert!(parse(&quoted).is_ok());
        let triple = format!("x = \"\"\"{}\"\"\"\n", "{".repeat(5_000));
        assert!(parse(&triple).is_ok());
        // wide is fine
        let wide = format!("x = [{}]\n", vec!["-1"; 50_000].join(", "));
        assert!(parse(&wide).is_ok());
        let nested_ok = format!("x = {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse(&nested_ok).is_ok());
    }
}
