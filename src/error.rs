//! Typed errors of the library. Per-file problems are not errors: they are `FileError` entries of the
//! report. These are the failures that stop a command; the binary prints them and exits 2.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad setting: a configuration key, environment variable or flag value.
    #[error("configuration: {key}: {message}")]
    Config { key: String, message: String },
    /// A command used the wrong way (a missing status, an unknown id).
    #[error("{0}")]
    Usage(String),
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// An advisory source failed (its message names the source).
    #[error("{0}")]
    Advisory(String),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
}

impl Error {
    pub fn config(key: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Config { key: key.into(), message: message.into() }
    }

    pub fn io(path: impl Into<PathBuf>, err: impl ToString) -> Error {
        Error::Io { path: path.into(), message: err.to_string() }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
