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
        AppError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl AppError {
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        AppError {
            code: "internal",
            message: message.into(),
        }
    }
}
