//! The commands the UI calls. Each is a few lines: take the arguments, run
//! the core call on a blocking thread, map the error.

mod annotations;
mod files;
mod library;
mod tags;

use std::path::Path;
use std::sync::Arc;

use marginalia_core::Library;
use tauri::State;
use time::OffsetDateTime;

pub use annotations::*;
pub use files::*;
pub use library::*;
pub use tags::*;

use crate::error::AppError;

/// The sample articles a new user finds in an empty library.
const SAMPLE_NAME: &str = "armenia-us-news.txt";
const SAMPLE: &[u8] = include_bytes!("../../../samples/armenia-us-news.txt");

/// The open library, or why it could not be opened (a library from a newer
/// Marginalia, a file that is not a library): every command then answers
/// with that error, and the UI explains it instead of the app crashing.
pub struct LibraryState(Result<Arc<Library>, AppError>);

impl LibraryState {
    /// Opens the library at `path`; on first run, fills it with the sample.
    pub fn open(path: &Path) -> LibraryState {
        let opened = Library::open(path).and_then(|lib| {
            if lib.is_empty()? {
                lib.import_bytes(SAMPLE_NAME, SAMPLE, now())?;
            }
            Ok(Arc::new(lib))
        });
        LibraryState(opened.map_err(AppError::from))
    }

    /// The library at `MARGINALIA_DB`, else in the per-user app data directory.
    pub fn open_default() -> LibraryState {
        match marginalia_core::default_db_path() {
            Ok(path) => LibraryState::open(&path),
            Err(e) => LibraryState(Err(e.into())),
        }
    }
}

pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Runs `f` against the library on Tauri's blocking pool, off the main
/// thread and the async runtime; no lock is held across the await.
pub(crate) async fn blocking<T, F>(state: State<'_, LibraryState>, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Library) -> marginalia_core::Result<T> + Send + 'static,
{
    let lib = state.0.clone()?;
    tauri::async_runtime::spawn_blocking(move || f(&lib))
        .await
        .map_err(|e| AppError::internal(format!("the operation stopped unexpectedly: {e}")))?
        .map_err(AppError::from)
}
