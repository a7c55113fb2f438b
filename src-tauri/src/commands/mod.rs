//! The commands the UI calls. Each is a few lines: take the arguments, run
//! the core call on a blocking thread, map the error.

mod annotations;
mod fetching;
mod files;
mod history;
mod library;
mod links;
mod preferences;
mod reading;
mod tags;
mod trash;

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use marginalia_core::{Library, UpgradeProgress};
use tauri::State;
use time::OffsetDateTime;

pub use annotations::*;
pub use fetching::*;
pub use files::*;
pub use history::*;
pub use library::*;
pub use links::*;
pub use preferences::*;
pub use reading::*;
pub use tags::*;
pub use trash::*;

use crate::error::AppError;

/// The sample articles a new user finds in an empty library.
const SAMPLE_NAME: &str = "armenia-us-news.txt";
const SAMPLE: &[u8] = include_bytes!("../../../samples/armenia-us-news.txt");

/// The open library, or why it could not be opened (a library from a newer
/// Marginalia, a file that is not a library): every command then answers
/// with that error, and the UI explains it instead of the app crashing.
pub(crate) type Opened = Result<Arc<Library>, AppError>;

/// How an upgrade of the library's storage is going while it opens.
type Upgrading = Arc<Mutex<Option<UpgradeProgress>>>;

/// The library, once it is open. Commands wait for it on their blocking
/// thread, never on the main thread; meanwhile `opening_progress` tells the
/// UI how an upgrade goes.
pub struct LibraryState(Arc<OnceLock<Opened>>, std::sync::Once, Upgrading);

impl LibraryState {
    /// Opens the library at `path` now; on first run, fills it with the sample.
    pub fn open(path: &Path) -> LibraryState {
        let upgrading = Upgrading::default();
        LibraryState(
            Arc::new(OnceLock::from(open_with_sample(path, &upgrading))),
            std::sync::Once::new(),
            upgrading,
        )
    }

    /// Opens the library at `MARGINALIA_DB`, else in the per-user app data
    /// directory, on a background thread: opening may upgrade the library
    /// (moving every text of a large library), and the window should not
    /// wait for that.
    pub fn open_default() -> LibraryState {
        LibraryState::open_in_background(marginalia_core::default_db_path)
    }

    /// Opens the library at the path `locate` gives, on a background thread.
    pub fn open_in_background(
        locate: impl FnOnce() -> marginalia_core::Result<std::path::PathBuf> + Send + 'static,
    ) -> LibraryState {
        let cell = Arc::new(OnceLock::new());
        let upgrading = Upgrading::default();
        let filler = Arc::clone(&cell);
        let progress = Arc::clone(&upgrading);
        let spawned = std::thread::Builder::new()
            .name("marginalia-open".into())
            .spawn(move || {
                // Whatever `locate` captured is dropped with it: nothing
                // it holds is seen again after a panic.
                let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    locate()
                        .map_err(AppError::from)
                        .and_then(|path| open_with_sample(&path, &progress))
                }))
                .unwrap_or_else(|_| {
                    Err(AppError::internal(
                        "opening the library failed unexpectedly",
                    ))
                });
                let _ = filler.set(opened);
            });
        if let Err(e) = spawned {
            let _ = cell.set(Err(AppError::internal(format!(
                "cannot open the library: {e}"
            ))));
        }
        LibraryState(cell, std::sync::Once::new(), upgrading)
    }

    /// How the upgrade of the library under way goes; `None` when there is
    /// none (or the library is open).
    pub fn upgrade_progress(&self) -> Option<UpgradeProgress> {
        *self.2.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl LibraryState {
    /// The library cell, for work that outlives a command (image requests).
    pub(crate) fn cell(&self) -> Arc<OnceLock<Opened>> {
        Arc::clone(&self.0)
    }

    /// Watches for changes another process (the CLI, a second app on the
    /// same file) commits to the library, once a second on a thread of its
    /// own, and tells the UI with the event [`crate::CHANGED_ELSEWHERE`].
    /// Started once, by the UI's first `library_info`; the thread ends with
    /// the app.
    pub fn watch_changes<R: tauri::Runtime>(&self, app: tauri::AppHandle<R>) {
        self.1.call_once(|| self.start_watching(app));
    }

    fn start_watching<R: tauri::Runtime>(&self, app: tauri::AppHandle<R>) {
        use tauri::Emitter;
        // What the UI has just read is the baseline: a change made after
        // this, however soon, is reported.
        if let Some(Ok(lib)) = self.0.get() {
            let _ = lib.changed_elsewhere();
        }
        let library = Arc::downgrade(&self.0);
        let _ = std::thread::Builder::new()
            .name("marginalia-watch".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                    let Some(cell) = library.upgrade() else {
                        return;
                    };
                    if let Some(Ok(lib)) = cell.get()
                        && let Ok(Some(true)) = lib.changed_elsewhere()
                    {
                        let _ = app.emit(crate::CHANGED_ELSEWHERE, ());
                    }
                }
            });
    }
}

fn open_with_sample(path: &Path, upgrading: &Upgrading) -> Opened {
    let set = |p| *upgrading.lock().unwrap_or_else(|e| e.into_inner()) = p;
    let lib = Library::open_with_progress(path, &mut |p| set(Some(p)));
    set(None);
    let lib = lib?;
    lib.offer_sample(SAMPLE_NAME, SAMPLE, now())?;
    // What has been in the Trash for 30 days goes for good. A failure here
    // costs nothing but disk space, so the library opens anyway.
    if let Err(e) = lib.purge_trash(now()) {
        eprintln!("emptying old items from the Trash failed: {e}");
    }
    Ok(Arc::new(lib))
}

pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Merges the search index after a large import, on a thread of its own, a
/// step at a time with pauses so that saves go on meanwhile.
pub(crate) fn tidy_in_background(state: &State<'_, LibraryState>) {
    let library = Arc::clone(&state.0);
    tauri::async_runtime::spawn_blocking(move || {
        if let Ok(lib) = library.wait()
            && let Err(e) = lib.tidy_search_index(Duration::from_millis(5))
        {
            eprintln!("tidying the search index stopped: {e}");
        }
    });
}

/// Runs `f` against the library on Tauri's blocking pool, off the main
/// thread and the async runtime; no lock is held across the await.
pub(crate) async fn blocking<T, F>(state: State<'_, LibraryState>, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Library) -> marginalia_core::Result<T> + Send + 'static,
{
    let library = Arc::clone(&state.0);
    tauri::async_runtime::spawn_blocking(move || {
        let lib = library.wait().clone()?;
        f(&lib).map_err(AppError::from)
    })
    .await
    .map_err(|e| AppError::internal(format!("the operation stopped unexpectedly: {e}")))?
}
