//! The vocabulary every engine, the store and the reporters share. No logic beyond ordering and serde.
pub mod advisory;
pub mod finding;
pub mod package;
pub mod report;
pub mod taxonomy;

pub use advisory::Advisory;
pub use finding::Finding;
pub use package::{Ecosystem, Package};
pub use report::{
    Comparison, DependencyChecks, FileError, FixedIssue, GateResult, RelaxedSetting, RemediationStats, Report,
    ReportSummary, ScannedFile, Suppressed, TrendPoint,
};
pub use taxonomy::{Confidence, Engine, IssueFamily, IssueType, Severity, Status};
