//! The code engine: OWASP Top 10 2021 in application code.
//!
//! Each source file is parsed once (syntax/), lowered into the IR, and analysed by one pass of the
//! interpreter (taint.rs) that checks every enabled rule of the file's language at each call, assignment
//! and return, plus the detectors (detectors.rs) and import rules. Files are analysed in parallel by the
//! pipeline; nothing here is shared between files but the compiled rules.
pub(crate) mod detectors;
pub(crate) mod matchers;
pub(crate) mod sql;
pub(crate) mod taint;
pub(crate) mod text;

use crate::config::Config;
use crate::engine::{Analyzer, EngineOutput, FileKind, FileOutput, SourceFile};
use crate::error::Result;
use crate::model::finding::TraceStep;
use crate::model::{Engine, FileError, Finding, ScannedFile};
use crate::rules::{Rule, RuleSet};
use crate::syntax::ir::{Module, Span};
use crate::syntax::{js, python, LineIndex};
use matchers::Compiled;
use std::path::Path;
use std::sync::Arc;

/// A file that starts with this comment (in its first lines) is not analysed.
pub const IGNORE_FILE: &str = "secscan: ignore-file";

/// Longest line kept in a snippet, in characters.
const SNIPPET_LINE: usize = 200;
/// Most lines kept in a snippet.
const SNIPPET_LINES: u32 = 5;

/// The code engine, with its rules compiled per language.
pub struct CodeEngine {
    rules: Arc<RuleSet>,
    python: Compiled,
    javascript: Compiled,
    sql: Compiled,
    /// sqlparser's name of the dialect `.sql` files are parsed in.
    sql_dialect: String,
}

/// The file kinds the engine reads, in the order of `file_kinds`.
const KIND_PYTHON: usize = 0;
const KIND_JAVASCRIPT: usize = 1;
const KIND_SQL: usize = 2;
/// The names of the kinds, by index.
const KIND_NAMES: [&str; 3] = ["python", "javascript", "sql"];

/// Folders of generated JavaScript (build output, coverage reports): not the code people write.
const GENERATED_DIRS: &[&str] = &["dist", "build", "coverage", ".next", ".nuxt", "out", "vendor", "bower_components"];

/// A line longer than this makes a JavaScript file count as minified (bundles, `.min.js`).
const MINIFIED_LINE: usize = 5_000;

/// The engine as the pipeline builds it: rules loaded (embedded, `--rules` folders, `rules.paths`) and
/// compiled once; a rule file that does not validate is a configuration error before any scanning.
pub fn engine(cfg: &Config) -> Result<Box<dyn Analyzer>> {
    let set = RuleSet::load_shared(&cfg.rule_dirs)?;
    Ok(Box::new(CodeEngine::new(set, &cfg.disabled_rules).with_sql_dialect(&cfg.sql_dialect)))
}

impl CodeEngine {
    pub fn new(rules: Arc<RuleSet>, disabled: &[String]) -> CodeEngine {
        let enabled = |r: &Rule| !disabled.iter().any(|d| d == &r.id);
        let python = Compiled::new(&rules, "python", enabled);
        let javascript = Compiled::new(&rules, "javascript", enabled);
        let sql = Compiled::new(&rules, "sql", enabled);
        CodeEngine { rules, python, javascript, sql, sql_dialect: "generic".into() }
    }

    /// Parse `.sql` files in this dialect (a name sqlparser knows; an unknown one falls back to generic).
    pub fn with_sql_dialect(mut self, dialect: &str) -> CodeEngine {
        self.sql_dialect = dialect.to_string();
        self
    }

    /// Analyse a SQL file: its statements are parsed one by one, so a statement sqlparser does not know
    /// is a warning for this file and the others are still checked (text checks see it too).
    pub(crate) fn sql_file(&self, rel: &str, text: &str) -> (Vec<Finding>, Vec<FileError>) {
        let dialect = sqlparser::dialect::dialect_from_str(&self.sql_dialect)
            .unwrap_or_else(|| Box::new(sqlparser::dialect::GenericDialect {}));
        let parsed = crate::syntax::sql::parse(text, dialect.as_ref(), self.sql_dialect == "generic");
        let lines = LineIndex::new(text);
        let mut errors = Vec::new();
        if let Some((at, message)) = &parsed.error {
            let (line, _) = lines.line_column(text, *at);
            let mut err = FileError::new(
                "code",
                rel,
                format!(
                    "a statement did not parse as {} SQL ({message}); it was checked as text only",
                    if self.sql_dialect == "generic" {
                        "generic, PostgreSQL, MySQL, T-SQL or SQLite"
                    } else {
                        &self.sql_dialect
                    }
                ),
            );
            err.line_number = Some(line);
            errors.push(err);
        }
        let mut findings: Vec<Finding> = sql::run(rel, &parsed, &self.sql)
            .into_iter()
            .filter_map(|h| self.finding(&self.sql, &h, rel, text, &lines))
            .collect();
        findings.sort_by_key(|f| (f.line_number, f.rule_id.clone()));
        findings.dedup_by(|a, b| a.line_number == b.line_number && a.rule_id == b.rule_id && a.column == b.column);
        (findings, errors)
    }

    /// Analyse JavaScript or TypeScript source: the findings (and warnings), or the syntax error that stopped
    /// it. Findings from a file the parser had to recover are kept, at low confidence, with a warning.
    fn javascript(&self, rel: &str, text: &str) -> std::result::Result<(Vec<Finding>, Vec<FileError>), FileError> {
        let parsed = js::parse(text, rel).map_err(|e| {
            let mut err = FileError::new("code", rel, format!("not analysed: syntax error at {e}"));
            err.line_number = Some(e.line);
            err
        })?;
        let (mut findings, mut errors) = self.module(&parsed.module, &self.javascript, rel, text);
        if let Some(e) = parsed.recovered {
            let mut err = FileError::new(
                "code",
                rel,
                format!("syntax error at {e}; the parser recovered, findings here are low confidence"),
            );
            err.line_number = Some(e.line);
            errors.push(err);
            for f in &mut findings {
                f.confidence = crate::model::Confidence::Low;
            }
        }
        Ok((findings, errors))
    }

    /// Analyse Python source: the findings, or the syntax error that stopped it.
    fn python(&self, rel: &str, text: &str) -> std::result::Result<(Vec<Finding>, Vec<FileError>), FileError> {
        let parsed = python::parse(text).map_err(|e| {
            let mut err = FileError::new("code", rel, format!("not analysed: Python syntax error at {e}"));
            err.line_number = Some(e.line);
            err
        })?;
        let module = python::lower(parsed.syntax());
        Ok(self.module(&module, &self.python, rel, text))
    }

    /// Run the rules of one language over a lowered module.
    fn module(&self, module: &Module, compiled: &Compiled, rel: &str, text: &str) -> (Vec<Finding>, Vec<FileError>) {
        let lines = LineIndex::new(text);
        let mut interp = taint::Interp::new(module, compiled, rel);
        interp.run();
        let mut errors = Vec::new();
        if interp.exhausted {
            errors.push(FileError::new(
                "code",
                rel,
                "analysis stopped at its step budget; findings for this file may be incomplete",
            ));
        }
        let mut hits = interp.hits;
        taint::settle_constructs(&mut hits, &interp.validated);
        hits.extend(detectors::run(module, compiled));
        let mut findings: Vec<Finding> =
            hits.into_iter().filter_map(|h| self.finding(compiled, &h, rel, text, &lines)).collect();
        findings.sort_by_key(|f| (f.line_number, f.rule_id.clone()));
        // one flow into nested sinks of a rule on one line (`exec(compile(code, …))`) is one issue
        findings.dedup_by(|b, a| {
            a.line_number == b.line_number
                && a.rule_id == b.rule_id
                && !a.trace.is_empty()
                && a.trace.first() == b.trace.first()
        });
        (findings, errors)
    }

    fn finding(
        &self,
        compiled: &Compiled,
        hit: &taint::Hit,
        rel: &str,
        text: &str,
        lines: &LineIndex,
    ) -> Option<Finding> {
        let rule = self.rules.rules.get(*compiled.rules.get(hit.rule)?)?;
        // in tests, fixtures, examples and docs: neither the rules that say so, nor data of unknown origin
        // at a sink (a test builds its SQL and commands from its own constants and parameters)
        let test_code = crate::discover::is_test_path(rel);
        if (rule.skip_test_paths || hit.audit) && test_code {
            return None;
        }
        let (line, column) = lines.line_column(text, hit.span.start as usize);
        let (end_line, end_column) = lines.line_column(text, hit.span.end as usize);
        // data of unknown origin at a sink is worth a review, not proof of an exploitable flow
        let severity = if hit.audit { rule.severity.min(crate::model::Severity::Medium) } else { rule.severity };
        let mut f = rule.finding(Engine::Code);
        f.severity = severity;
        f.confidence = hit.confidence.unwrap_or(rule.confidence);
        if test_code {
            // test code does not ship: listed, at low severity, so that it does not block a merge alone
            f.severity = f.severity.min(crate::model::Severity::Low);
            f.confidence = crate::model::Confidence::Low;
            f.description.push_str(
                " This is test code (a test, fixture, example or documentation path): reported at low severity \
                 because it does not run in production; fix it if the code is copied from or into the application.",
            );
        }
        f.file_path = Some(rel.to_string());
        f.line_number = Some(line);
        f.column = Some(column);
        f.end_line = Some(end_line);
        f.end_column = Some(end_column);
        f.aliases = rule.metadata.equivalents.clone();
        f.snippet = Some(snippet(text, lines, line, end_line));
        let mut trace: Vec<TraceStep> = hit
            .trace
            .iter()
            .map(|(span, note)| {
                let (l, c) = lines.line_column(text, span.start as usize);
                let (kind, what) = match note {
                    taint::Note::Source(k) => {
                        let what = match *k {
                            "hardcoded" => "written in the code".to_string(),
                            "cleartext" => "cleartext URL".to_string(),
                            k => format!("{k} input"),
                        };
                        ("source", format!("{what}: {}", excerpt(text, *span)))
                    }
                    taint::Note::Param(p) => ("source", format!("parameter {p}")),
                    taint::Note::Assign(n) => ("step", format!("assigned to {n}")),
                    taint::Note::Through(n) => ("step", format!("through {n}()")),
                    taint::Note::Built(what) => ("step", format!("written into {what}")),
                };
                TraceStep { kind: kind.to_string(), line: l, column: c, note: what }
            })
            .collect();
        if !trace.is_empty() {
            let sink = hit.sink_at.unwrap_or(hit.span);
            let (line, column) = lines.line_column(text, sink.start as usize);
            trace.push(TraceStep { kind: "sink".into(), line, column, note: excerpt(text, sink) });
        }
        f.trace = trace;
        Some(f)
    }
}

/// The source lines of a finding, each bounded.
fn snippet(text: &str, lines: &LineIndex, line: u32, end_line: u32) -> String {
    let last = end_line.min(line + SNIPPET_LINES - 1);
    (line..=last)
        .filter_map(|l| {
            let start = lines.line_start(l)?;
            let end = lines.line_start(l + 1).unwrap_or(text.len());
            let s = text.get(start..end)?.trim_end_matches(['\n', '\r']);
            Some(s.chars().take(SNIPPET_LINE).collect::<String>())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a span on one line, bounded.
fn excerpt(text: &str, span: Span) -> String {
    let s = text.get(span.start as usize..span.end as usize).unwrap_or_default();
    let first = s.lines().next().unwrap_or_default().trim();
    let mut out: String = first.chars().take(80).collect();
    if first.chars().count() > 80 || s.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

/// Why a JavaScript file is generated rather than written (and so not analysed): a `.min.js` name, a
/// build-output folder, or a line too long to be hand-written.
fn generated_javascript(rel: &str, text: &str) -> Option<String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.contains(".min.") || name.ends_with(".bundle.js") {
        return Some("minified".into());
    }
    if let Some(dir) = rel.split('/').rev().skip(1).find(|d| GENERATED_DIRS.contains(d)) {
        return Some(format!("in a {dir}/ folder"));
    }
    if text.lines().any(|l| l.len() > MINIFIED_LINE) {
        return Some(format!("minified: a line longer than {MINIFIED_LINE} characters"));
    }
    None
}

/// Whether the file opts out with `secscan: ignore-file` in a comment of its first lines (`#`, `//`,
/// `/*` or `--`).
fn ignored(text: &str) -> bool {
    text.lines().take(5).any(|l| {
        let l = l.trim_start();
        ["#", "//", "/*", "--"].iter().any(|c| l.starts_with(c)) && l.contains(IGNORE_FILE)
    })
}

impl Analyzer for CodeEngine {
    fn engine(&self) -> Engine {
        Engine::Code
    }

    fn file_kinds(&self) -> Vec<FileKind> {
        vec![
            FileKind { name: "python", names: &["*.py", "*.pyw"], paths: &[] },
            FileKind {
                name: "javascript",
                names: &["*.js", "*.mjs", "*.cjs", "*.jsx", "*.ts", "*.mts", "*.cts", "*.tsx"],
                paths: &[],
            },
            FileKind { name: "sql", names: &["*.sql"], paths: &[] },
        ]
    }

    fn analyze(&self, file: &SourceFile<'_>, kind: usize) -> FileOutput {
        let mut out = FileOutput::new(file.rel, kind);
        if ignored(file.text) {
            return out;
        }
        if kind == KIND_JAVASCRIPT {
            if let Some(why) = generated_javascript(file.rel, file.text) {
                out.skipped = Some(why);
                return out;
            }
        }
        let result = match kind {
            KIND_PYTHON => self.python(file.rel, file.text),
            KIND_SQL => Ok(self.sql_file(file.rel, file.text)),
            _ => self.javascript(file.rel, file.text),
        };
        match result {
            Ok((findings, errors)) => {
                out.findings = findings;
                out.complete = errors.is_empty();
                out.errors = errors;
            }
            Err(e) => {
                out.errors.push(e);
                out.complete = false;
            }
        }
        out
    }

    fn finish(&self, _root: &Path, files: Vec<FileOutput>) -> EngineOutput {
        let mut out = EngineOutput::default();
        let mut skipped = Vec::new();
        for f in files {
            if let Some(why) = &f.skipped {
                skipped.push(format!("{} ({why})", f.rel));
                continue;
            }
            out.scanned.push(ScannedFile {
                file_path: f.rel.clone(),
                engine: Engine::Code,
                kind: KIND_NAMES.get(f.kind).copied().unwrap_or("code").into(),
                package_manager: None,
                packages: 0,
                complete: f.complete,
            });
            out.findings.extend(f.findings);
            out.errors.extend(f.errors);
        }
        if !skipped.is_empty() {
            let shown = skipped.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
            let more = skipped.len().saturating_sub(20);
            out.notes.push(format!(
                "code: {} generated or minified JavaScript file(s) not analysed: {shown}{}",
                skipped.len(),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests;
