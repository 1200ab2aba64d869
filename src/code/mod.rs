//! The code engine: OWASP Top 10 2021 in application code.
//!
//! Each source file is parsed once (syntax/), lowered into the IR, and analysed by one pass of the
//! interpreter (taint.rs) that checks every enabled rule of the file's language at each call, assignment
//! and return, plus the detectors (detectors.rs) and import rules. Files are analysed in parallel by the
//! pipeline; nothing here is shared between files but the compiled rules.
pub(crate) mod detectors;
pub(crate) mod matchers;
pub(crate) mod taint;

use crate::config::Config;
use crate::engine::{Analyzer, EngineOutput, FileKind, FileOutput, SourceFile};
use crate::error::Result;
use crate::model::finding::TraceStep;
use crate::model::{Engine, FileError, Finding, ScannedFile};
use crate::rules::{Rule, RuleSet};
use crate::syntax::ir::{Module, Span};
use crate::syntax::{python, LineIndex};
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
}

/// The engine as the pipeline builds it: rules loaded (embedded, `--rules` folders, `rules.paths`) and
/// compiled once; a rule file that does not validate is a configuration error before any scanning.
pub fn engine(cfg: &Config) -> Result<Box<dyn Analyzer>> {
    let set = RuleSet::load(&cfg.rule_dirs)?;
    Ok(Box::new(CodeEngine::new(Arc::new(set), &cfg.disabled_rules)))
}

impl CodeEngine {
    pub fn new(rules: Arc<RuleSet>, disabled: &[String]) -> CodeEngine {
        let enabled = |r: &Rule| !disabled.iter().any(|d| d == &r.id);
        let python = Compiled::new(&rules, "python", enabled);
        CodeEngine { rules, python }
    }

    /// Analyse Python source: the findings, or the syntax error that stopped it.
    fn python(&self, rel: &str, text: &str) -> std::result::Result<(Vec<Finding>, Vec<FileError>), FileError> {
        let parsed = python::parse(text).map_err(|e| {
            let mut err = FileError::new("code", rel, format!("not analysed: Python syntax error at {e}"));
            err.line_number = Some(e.line);
            err
        })?;
        let module = python::lower(parsed.syntax());
        let lines = LineIndex::new(text);
        let mut interp = taint::Interp::new(&module, &self.python, rel);
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
        hits.extend(detectors::run(&module, &self.python));
        let mut findings: Vec<Finding> =
            hits.into_iter().filter_map(|h| self.finding(&module, &h, rel, text, &lines)).collect();
        findings.sort_by_key(|f| (f.line_number, f.rule_id.clone()));
        Ok((findings, errors))
    }

    fn finding(&self, _module: &Module, hit: &taint::Hit, rel: &str, text: &str, lines: &LineIndex) -> Option<Finding> {
        let rule = self.rules.rules.get(*self.python.rules.get(hit.rule)?)?;
        let (line, column) = lines.line_column(text, hit.span.start as usize);
        let (end_line, end_column) = lines.line_column(text, hit.span.end as usize);
        // data of unknown origin at a sink is worth a review, not proof of an exploitable flow
        let severity = if hit.audit { rule.severity.min(crate::model::Severity::Medium) } else { rule.severity };
        let mut f = Finding::new(Engine::Code, &rule.id, rule.issue_type, severity, rule.title.clone());
        f.confidence = hit.confidence.unwrap_or(rule.confidence);
        f.description = rule.message.trim().to_string();
        f.remediation = rule.docs.fix.trim().to_string();
        f.file_path = Some(rel.to_string());
        f.line_number = Some(line);
        f.column = Some(column);
        f.end_line = Some(end_line);
        f.end_column = Some(end_column);
        f.cwe = rule.metadata.cwe.clone();
        f.owasp = rule.metadata.owasp.clone();
        f.references = rule.metadata.references.clone();
        f.aliases = rule.metadata.equivalents.clone();
        f.snippet = Some(snippet(text, lines, line, end_line));
        let mut trace: Vec<TraceStep> = hit
            .trace
            .iter()
            .map(|(span, note)| {
                let (l, c) = lines.line_column(text, span.start as usize);
                let (kind, what) = match note {
                    taint::Note::Source(k) => ("source", format!("{k} input: {}", excerpt(text, *span))),
                    taint::Note::Param(p) => ("source", format!("parameter {p}")),
                    taint::Note::Assign(n) => ("step", format!("assigned to {n}")),
                    taint::Note::Through(n) => ("step", format!("through {n}()")),
                };
                TraceStep { kind: kind.to_string(), line: l, column: c, note: what }
            })
            .collect();
        if !trace.is_empty() {
            trace.push(TraceStep { kind: "sink".into(), line, column, note: excerpt(text, hit.span) });
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

/// Whether the file opts out with `# secscan: ignore-file` in its first lines.
fn ignored(text: &str) -> bool {
    text.lines().take(5).any(|l| l.trim_start().starts_with('#') && l.contains(IGNORE_FILE))
}

impl Analyzer for CodeEngine {
    fn engine(&self) -> Engine {
        Engine::Code
    }

    fn file_kinds(&self) -> Vec<FileKind> {
        vec![FileKind { name: "python", names: &["*.py", "*.pyw"], paths: &[] }]
    }

    fn analyze(&self, file: &SourceFile<'_>, kind: usize) -> FileOutput {
        let mut out = FileOutput::new(file.rel, kind);
        if ignored(file.text) {
            return out;
        }
        match self.python(file.rel, file.text) {
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
        for f in files {
            out.scanned.push(ScannedFile {
                file_path: f.rel.clone(),
                engine: Engine::Code,
                kind: "python".into(),
                package_manager: None,
                packages: 0,
                complete: f.complete,
            });
            out.findings.extend(f.findings);
            out.errors.extend(f.errors);
        }
        out
    }
}

#[cfg(test)]
mod tests;
