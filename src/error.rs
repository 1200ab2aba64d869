//! Typed errors of the library. Per-file problems are not errors: they are `FileError` entries of the
//! report. These are the failures that stop a command.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad setting: a configuration key, environment variable or flag value.
    #[error("configuration: {key}: {message}")]
    Config { key: String, message: String },
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// `--strict` and something was not scanned completely.
    #[error("strict mode: {0}")]
    Strict(String),
}

impl Error {
    pub fn config(key: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Config { key: key.into(), message: message.into() }
    }

    pub fn io(path: impl Into<PathBuf>, err: impl ToString) -> Error {
        Error::Io { path: path.into(), message: err.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
