//! What every engine is to the pipeline, and the list of engines.
//!
//! An engine declares the [`FileKind`]s it reads; discovery classifies every file of the tree once
//! through one table built from all of them. The pipeline reads each claimed file once (bounded, text),
//! hands it to every engine that claimed it ([`Analyzer::analyze`], in parallel over files), then gives
//! each engine its per-file outputs to combine ([`Analyzer::finish`]: a lockfile beside its manifest,
//! advisories for the whole inventory). Every engine returns the same [`EngineOutput`].
//!
//! Adding an engine: one module implementing [`Analyzer`], one line in [`ENGINES`].
use crate::config::Config;
use crate::model::report::Timing;
use crate::model::{DependencyChecks, Engine, FileError, Finding, Package, ScannedFile};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A kind of file an engine reads, matched by discovery.
#[derive(Debug, Clone)]
pub struct FileKind {
    /// The kind's name (`package-lock.json`, `python`): shown in reports.
    pub name: &'static str,
    /// Globs matched against the file name only (`requirements*.txt`).
    pub names: &'static [&'static str],
    /// Globs matched against the path relative to the root, `/` separators, `*` not crossing a
    /// separator (`**/requirements/**/*.txt`).
    pub paths: &'static [&'static str],
}

/// One file, read once for every engine that claimed it.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The scanned root (canonical).
    pub root: &'a Path,
    /// Absolute path of the file.
    pub path: &'a Path,
    /// Path relative to the root with `/` separators.
    pub rel: &'a str,
    /// The text: valid UTF-8, without a byte-order mark, within the size limit.
    pub text: &'a str,
    /// Every file this scan reads (absolute paths), so that an engine following a reference to one of
    /// them (a requirements include) does not read it a second time.
    pub read_separately: &'a HashSet<PathBuf>,
}

/// What an engine made of one file.
#[derive(Debug, Default)]
pub struct FileOutput {
    /// The file (relative path) and which of the engine's kinds it was read as.
    pub rel: String,
    pub kind: usize,
    pub findings: Vec<Finding>,
    /// Packages declared or locked (the dependency engine).
    pub packages: Vec<Package>,
    /// Problems that did not stop the file (or that did: then `complete` is false).
    pub errors: Vec<FileError>,
    /// Whether the file was read completely.
    pub complete: bool,
    /// Why the engine chose not to analyse the file (generated code): listed, not a warning.
    pub skipped: Option<String>,
    /// Secret values found in the file: every output of the scan shows them only redacted.
    pub redact: Vec<String>,
    /// What the engine's `finish` needs to know about the file beyond its findings, in the engine's own
    /// words (the practices engine: which settings a module of a Django settings package defines), so
    /// that no engine reads a file a second time to judge another.
    pub facts: Vec<String>,
}

impl FileOutput {
    pub fn new(rel: &str, kind: usize) -> FileOutput {
        FileOutput { rel: rel.to_string(), kind, complete: true, ..FileOutput::default() }
    }

    /// The output of a file that could not be read at all.
    pub fn failed(rel: &str, kind: usize, error: FileError) -> FileOutput {
        FileOutput { rel: rel.to_string(), kind, errors: vec![error], complete: false, ..FileOutput::default() }
    }
}

/// What every engine returns.
#[derive(Debug, Default)]
pub struct EngineOutput {
    pub findings: Vec<Finding>,
    /// Every package found (the dependency engine; empty for the others).
    pub inventory: Vec<Package>,
    pub errors: Vec<FileError>,
    /// Milliseconds of the engine's own stages (`deps.advisories`, …).
    pub timings: Vec<Timing>,
    /// The files the engine read, with what it made of them.
    pub scanned: Vec<ScannedFile>,
    /// What could and could not be checked (the dependency engine).
    pub checks: Option<DependencyChecks>,
    /// Set when the engine could not do its work at all (no advisory data): the scan is not a pass.
    pub incomplete: Option<String>,
    /// Which advisory sources answered, how (for `-v`).
    pub notes: Vec<String>,
    /// Secret values found: every output of the scan shows them only redacted.
    pub redact: Vec<String>,
}

/// One engine.
pub trait Analyzer: Send + Sync {
    fn engine(&self) -> Engine;
    /// The kinds of file this engine reads.
    fn file_kinds(&self) -> Vec<FileKind>;
    /// Analyse one file read as `kind` (an index into [`Analyzer::file_kinds`]). Called in parallel; must
    /// not panic on any input (a panic is caught and reported as an internal error of that file).
    fn analyze(&self, file: &SourceFile<'_>, kind: usize) -> FileOutput;
    /// Whether files of this kind are read at all (a kind may only claim files, such as binaries, so
    /// that they are counted; `analyze` then sees an empty text and judges the file by its name).
    fn reads(&self, _kind: usize) -> bool {
        true
    }
    /// Whether the engine reads text that is not valid UTF-8 (decoded lossily; a file with NUL bytes
    /// near its start is binary and skipped) rather than reporting it as unreadable.
    fn accepts_non_utf8(&self) -> bool {
        false
    }
    /// Combine the per-file outputs, in path order, into the engine's result.
    fn finish(&self, root: &Path, files: Vec<FileOutput>) -> EngineOutput;
}

/// Builds an engine from the configuration (an engine whose own configuration, such as its rule files,
/// is invalid is a configuration error before any scanning).
pub type EngineFactory = fn(&Config) -> crate::error::Result<Box<dyn Analyzer>>;

/// The engines, in the order they are reported. Adding one: one line here.
pub static ENGINES: &[(Engine, EngineFactory)] = &[
    (Engine::Deps, crate::deps::engine),
    (Engine::Code, crate::code::engine),
    (Engine::Secrets, crate::secrets::engine),
    (Engine::Practices, crate::practices::engine),
];

/// The engines this build has.
pub fn available() -> Vec<Engine> {
    ENGINES.iter().map(|(e, _)| *e).collect()
}

/// Read a file for the engines: a regular file only (never a FIFO, socket or device, which could block
/// or never end), at most `max_bytes` (checked before reading and bounded while reading, in case the
/// file grows), valid UTF-8; a leading byte-order mark is dropped. The error is a message for the
/// per-file warning.
pub fn read_source(path: &Path, max_bytes: u64) -> Result<String, String> {
    text_of(read_bytes(path, max_bytes)?)
}

/// The text of bytes read by [`read_bytes`]: valid UTF-8 without a leading byte-order mark.
pub fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    let mut text = String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (invalid byte at offset {}); skipped", e.utf8_error().valid_up_to()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Whether bytes look binary: a NUL byte in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// Read a file's bytes (see [`read_source`]).
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file; skipped".into());
    }
    let too_large = |len: u64| {
        format!(
            "file is {:.1} MB, over the {} MB limit; skipped (raise scan.max_file_size_mb to read it)",
            len as f64 / 1_048_576.0,
            max_bytes / 1_048_576
        )
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bounded_regular_utf8_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "\u{feff}hello").expect("write");
        assert_eq!(read_source(&p, 100).as_deref(), Ok("hello"));
        assert!(read_source(&p, 3).expect_err("too large").contains("over the"));
        std::fs::write(&p, [0xff, 0xfe, 0x00]).expect("write");
        assert!(read_source(&p, 100).expect_err("binary").contains("UTF-8"));
        assert!(read_source(dir.path(), 100).expect_err("a folder").contains("not a regular file"));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo").arg(&p).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        assert!(read_source(&p, 100).expect_err("fifo").contains("not a regular file"));
    }
}
