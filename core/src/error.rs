//! The one error type of the core. Every variant is something a user or a
//! script can act on; [`Error::code`] is the stable machine-readable name that
//! crosses IPC and that the UI branches on.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no {what} {id:?}")]
    NotFound { what: &'static str, id: String },

    #[error(
        "{path} was written by a newer Marginalia (schema version {found}; this one knows up to {supported}); it was left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error(
        "{path} is not a Marginalia library (not a SQLite database, or damaged); it was left untouched"
    )]
    NotADatabase { path: PathBuf },

    #[error("{0}")]
    Invalid(String),

    #[error("the quote was not found in the article")]
    QuoteNotFound,

    #[error(
        "the quote occurs {count} times in the article; choose one with an occurrence from 1 to {count}"
    )]
    AmbiguousQuote { count: usize },

    #[error("cannot import {file}: {reason}")]
    Unsupported { file: String, reason: String },

    #[error("cannot fetch {url}: {reason}")]
    Network { url: String, reason: String },

    #[error("cancelled")]
    Cancelled,

    #[error("there is nothing to undo")]
    NothingToUndo,

    #[error("there is nothing to redo")]
    NothingToRedo,

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("CSV error: {0}")]
    Csv(#[from] csv::Error),
}

impl Error {
    /// Stable code for scripts and the UI. Never branch on the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::TooNew { .. } => "library_too_new",
            Error::NotADatabase { .. } => "not_a_library",
            Error::Invalid(_) => "invalid_input",
            Error::QuoteNotFound => "quote_not_found",
            Error::AmbiguousQuote { .. } => "ambiguous_quote",
            Error::Unsupported { .. } => "unsupported_file",
            Error::Network { .. } => "network",
            Error::Cancelled => "cancelled",
            Error::NothingToUndo => "nothing_to_undo",
            Error::NothingToRedo => "nothing_to_redo",
            Error::Io { .. } => "io",
            Error::Database(_) | Error::Csv(_) => "internal",
        }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub(crate) fn not_found(what: &'static str, id: &str) -> Self {
        Error::NotFound {
            what,
            id: id.to_owned(),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
