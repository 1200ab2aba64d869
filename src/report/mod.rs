//! Reporters: one module per format, registered once in [`REPORTERS`].
pub mod gitlab;
pub mod html;
pub(crate) mod json;
pub mod junit;
pub mod sarif;
pub(crate) mod table;
pub mod text;

use crate::model::Report;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{format} report: {message}")]
    Render { format: &'static str, message: String },
}

/// One output of a reporter: a file written into `--out-dir`, or standard output.
#[derive(Debug, Clone, PartialEq)]
pub struct Artifact {
    /// File name inside `--out-dir`; `None` for standard output.
    pub file_name: Option<&'static str>,
    pub bytes: Vec<u8>,
}

/// How the terminal report is shown (the file formats ignore it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours.
    pub color: bool,
    /// Columns available.
    pub width: usize,
    /// List issues marked accepted-risk or false-positive too.
    pub show_triaged: bool,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions { color: false, width: 100, show_triaged: false }
    }
}

/// A report format.
pub trait Reporter: Sync {
    /// The `--format` name.
    fn name(&self) -> &'static str;
    /// Whether the format is meant for people in a terminal rather than for a file or a program.
    fn is_terminal(&self) -> bool {
        false
    }
    /// Render the report: most formats give one artifact, some several (GitLab's three reports).
    fn render(&self, report: &Report) -> Result<Vec<Artifact>, ReportError>;
    /// Render with the terminal's options (colour, width).
    fn render_with(&self, report: &Report, _opts: &RenderOptions) -> Result<Vec<Artifact>, ReportError> {
        self.render(report)
    }
    /// The file name of a format that writes its one artifact while it serializes (JSON and SARIF: the
    /// document of a large monorepo is never held in memory); [`Reporter::write_to`] then writes it.
    fn streamed(&self) -> Option<&'static str> {
        None
    }
    /// Write the artifact of a streamed format to `w` (other formats: their rendered bytes).
    fn write_to(&self, report: &Report, w: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        let artifacts = self.render(report).map_err(std::io::Error::other)?;
        artifacts.iter().try_for_each(|a| w.write_all(&a.bytes))
    }
}

pub static REPORTERS: &[&dyn Reporter] =
    &[&table::Table, &json::Json, &sarif::Sarif, &html::Html, &junit::Junit, &gitlab::Gitlab];

pub fn by_name(name: &str) -> Option<&'static dyn Reporter> {
    REPORTERS.iter().copied().find(|r| r.name() == name)
}
