//! What a failed command sends to the UI: `{code, message}`. The UI branches
//! on `code` (the core's stable error codes) and shows `message`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppError {
    pub code: &'static str,
    pub message: String,
}

impl From<marginalia_core::Error> for AppError {
    fn from(e: marginalia_core::Error) -> Self {
        AppError::from(&e)
    }
}

impl From<&marginalia_core::Error> for AppError {
    fn from(e: &marginalia_core::Error) -> Self {
        AppError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl AppError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        AppError {
            code: "internal",
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use marginalia_core::Error;

    use super::AppError;

    /// Pins the JSON of every error the UI can receive.
    #[test]
    fn error_json_snapshot() {
        let cases = [
            (
                Error::NotFound {
                    what: "article",
                    id: "x".into(),
                },
                r#"{"code":"not_found","message":"no article \"x\""}"#,
            ),
            (
                Error::Invalid("bad".into()),
                r#"{"code":"invalid_input","message":"bad"}"#,
            ),
            (
                Error::QuoteNotFound,
                r#"{"code":"quote_not_found","message":"the quote was not found in the article"}"#,
            ),
            (
                Error::AmbiguousQuote { count: 2 },
                r#"{"code":"ambiguous_quote","message":"the quote occurs 2 times in the article; choose one with an occurrence from 1 to 2"}"#,
            ),
            (
                Error::Unsupported {
                    file: "a.pdf".into(),
                    reason: "no".into(),
                },
                r#"{"code":"unsupported_file","message":"cannot import a.pdf: no"}"#,
            ),
            (
                Error::TooNew {
                    path: PathBuf::from("/l.db"),
                    found: 9,
                    supported: 1,
                },
                r#"{"code":"library_too_new","message":"/l.db was written by a newer Marginalia (schema version 9; this one knows up to 1); it was left untouched"}"#,
            ),
            (
                Error::NotADatabase {
                    path: PathBuf::from("/l.db"),
                },
                r#"{"code":"not_a_library","message":"/l.db is not a Marginalia library (not a SQLite database, or damaged); it was left untouched"}"#,
            ),
        ];
        for (error, json) in cases {
            assert_eq!(serde_json::to_string(&AppError::from(error)).unwrap(), json);
        }
    }
}
