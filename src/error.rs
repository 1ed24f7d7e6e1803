//! The error of an operation, whoever asked for it: the command line turns
//! its [`ErrorKind`] into an exit code, the server into an HTTP status. The
//! library names kinds, never statuses: it does not know about HTTP.

use crate::align::AlignError;
use crate::export::ExportError;
use crate::formats::FormatError;
use crate::glossary::GlossaryError;
use crate::import::ImportError;
use crate::memory::MemoryError;
use crate::suggest::SuggestError;
use crate::workspace::WorkspaceError;

/// What went wrong, in the terms a caller acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A request value is missing, malformed or out of range (exit 2, HTTP 400).
    Usage,
    /// What the request names does not exist (HTTP 404).
    NotFound,
    /// Another writer holds the memory or the glossary (HTTP 409).
    Locked,
    /// The input is larger than allowed (HTTP 413).
    TooLarge,
    /// The data given cannot be used: a bad record, a text that cannot be
    /// aligned (HTTP 422).
    Invalid,
    /// The memory cannot be written now: disk full, read-only file system
    /// (HTTP 503).
    Unavailable,
    /// Writes are refused by configuration: a `--read-only` server (HTTP 403).
    Forbidden,
    /// Anything else (exit 1, HTTP 500).
    Failed,
}

impl ErrorKind {
    /// The name of the kind in JSON error bodies (`usage`, `not_found`, …).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Locked => "locked",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Forbidden => "read_only",
            ErrorKind::Failed => "failed",
        }
    }
}

/// An error of an operation, with its message for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad request value; `field` is its name in JSON (`min_score`), the
    /// message names it as the command line does (`--min-score`).
    #[error("{message}")]
    Usage {
        field: &'static str,
        message: String,
    },
    /// What the request names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The data cannot be used; `line` is the 1-based line of the input
    /// where the problem is, when known.
    #[error("{message}")]
    Invalid { line: Option<u64>, message: String },
    /// A body or text over the limit, in bytes.
    #[error("the request body is larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    /// Writes are refused (the server runs `--read-only`).
    #[error("{0}")]
    ReadOnly(String),
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(transparent)]
    Glossary(#[from] GlossaryError),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The reader of standard output went away (`tilmash export | head
    /// -1`): no failure of the command, which the command line ends
    /// quietly with exit 0, as ripgrep does.
    #[error("the output was closed by its reader")]
    OutputClosed,
    /// Anything else, as a message.
    #[error("{0}")]
    Other(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A usage error about `field`.
    pub fn usage(field: &'static str, message: impl Into<String>) -> Error {
        Error::Usage {
            field,
            message: message.into(),
        }
    }

    /// Any error, as its message.
    pub fn other(e: impl std::fmt::Display) -> Error {
        Error::Other(e.to_string())
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Usage { .. } => ErrorKind::Usage,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Invalid { .. } | Error::Format(_) => ErrorKind::Invalid,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::ReadOnly(_) => ErrorKind::Forbidden,
            Error::Memory(e) => match e {
                MemoryError::Locked { .. } => ErrorKind::Locked,
                MemoryError::CannotWrite { .. } => ErrorKind::Unavailable,
                MemoryError::NotFound { .. } => ErrorKind::NotFound,
                _ => ErrorKind::Failed,
            },
            Error::Glossary(e) => match e {
                GlossaryError::Edit(_) => ErrorKind::Invalid,
                GlossaryError::Locked { .. } => ErrorKind::Locked,
                _ => ErrorKind::Failed,
            },
            Error::Workspace(_) | Error::OutputClosed | Error::Other(_) => ErrorKind::Failed,
        }
    }

    /// The exit code of the command line: 2 for usage, 0 for an output
    /// closed by its reader, else 1.
    pub fn exit_code(&self) -> i32 {
        match (self, self.kind()) {
            (Error::OutputClosed, _) => 0,
            (_, ErrorKind::Usage) => 2,
            _ => 1,
        }
    }

    /// Whether the command line says nothing about it (an output closed
    /// by its reader).
    pub fn is_silent(&self) -> bool {
        matches!(self, Error::OutputClosed)
    }

    /// The request field a usage error is about.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Usage { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The line of the input a bad-data error is about.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Invalid { line, .. } => *line,
            Error::Format(e) => Some(e.line()),
            _ => None,
        }
    }

    /// Who holds the lock, for a locked memory.
    pub fn holder(&self) -> Option<&str> {
        match self {
            Error::Memory(MemoryError::Locked { holder, .. })
            | Error::Glossary(GlossaryError::Locked { holder, .. }) => Some(holder),
            _ => None,
        }
    }
}

impl From<ImportError> for Error {
    fn from(e: ImportError) -> Error {
        match e {
            ImportError::Memory(e) => Error::Memory(e),
            ImportError::Strict(e) => Error::Invalid {
                line: Some(e.line()),
                message: format!("{e}\nnothing was imported (--strict)"),
            },
            ImportError::Stopped(e) => Error::Invalid {
                line: Some(e.line()),
                message: format!("{e}\nnothing was imported"),
            },
            e @ ImportError::Open { .. } => Error::other(e),
        }
    }
}

impl From<SuggestError> for Error {
    fn from(e: SuggestError) -> Error {
        match e {
            SuggestError::Memory(e) => Error::Memory(e),
            SuggestError::TooLong(e) => Error::Invalid {
                line: None,
                message: e.to_string(),
            },
        }
    }
}

impl From<ExportError> for Error {
    fn from(e: ExportError) -> Error {
        match e {
            ExportError::Memory(e) => Error::Memory(e),
            e => Error::other(e),
        }
    }
}

impl From<AlignError> for Error {
    fn from(e: AlignError) -> Error {
        Error::Invalid {
            line: None,
            message: e.to_string(),
        }
    }
}
