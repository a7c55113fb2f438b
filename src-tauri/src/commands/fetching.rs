//! Articles from links: "Add from link" and "Update from source". One fetch
//! runs at a time; it reports its progress on a channel and `cancel_fetch`
//! stops it (nothing is saved then).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use marginalia_core::ImportedArticle;
use marginalia_core::fetch::Fetcher;
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use super::{LibraryState, blocking, now};
use crate::error::AppError;

/// The web client (made on first use) and the running fetch's cancel flag.
#[derive(Default)]
pub struct Fetching {
    fetcher: Arc<OnceLock<Arc<Fetcher>>>,
    running: Mutex<Option<Arc<AtomicBool>>>,
}

impl Fetching {
    /// A new fetch: its cancel flag (cancelling the one before, if any) and
    /// the cell of the shared client.
    fn start(&self) -> (Arc<OnceLock<Arc<Fetcher>>>, Arc<AtomicBool>) {
        let cancel = Arc::new(AtomicBool::new(false));
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(previous) = running.replace(Arc::clone(&cancel)) {
            previous.store(true, Ordering::Relaxed);
        }
        (Arc::clone(&self.fetcher), cancel)
    }
}

impl Drop for Fetching {
    /// The client is dropped where it was made, outside the async runtime.
    fn drop(&mut self) {
        if let Some(fetcher) = Arc::get_mut(&mut self.fetcher).and_then(OnceLock::take) {
            let _ = std::thread::spawn(move || drop(fetcher)).join();
        }
    }
}

/// Runs a fetch on a thread outside the async runtime: reqwest's blocking
/// client runs a runtime of its own, which may not be made or dropped
/// inside another's.
fn off_runtime<T: Send>(
    cell: &OnceLock<Arc<Fetcher>>,
    f: impl FnOnce(&Fetcher) -> marginalia_core::Result<T> + Send,
) -> marginalia_core::Result<T> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let fetcher = match cell.get() {
                    Some(f) => Arc::clone(f),
                    None => {
                        let made = Arc::new(Fetcher::new()?);
                        Arc::clone(cell.get_or_init(|| made))
                    }
                };
                f(&fetcher)
            })
            .join()
            .unwrap_or_else(|_| {
                Err(marginalia_core::Error::Network {
                    url: String::new(),
                    reason: "the fetch stopped unexpectedly".to_owned(),
                })
            })
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct FetchProgress {
    pub received: u64,
    pub total: Option<u64>,
}

fn reporter(channel: Channel<FetchProgress>) -> impl FnMut(u64, Option<u64>) {
    let mut last = 0u64;
    move |received, total| {
        // About every 64 KiB: enough for a bar, not a flood of messages.
        if received >= last + (64 << 10) || Some(received) == total {
            last = received;
            let _ = channel.send(FetchProgress { received, total });
        }
    }
}

/// Fetches the article at `url` and imports it.
#[tauri::command]
pub async fn import_link(
    state: State<'_, LibraryState>,
    fetching: State<'_, Fetching>,
    url: String,
    on_progress: Channel<FetchProgress>,
) -> Result<Vec<ImportedArticle>, AppError> {
    let (cell, cancel) = fetching.start();
    blocking(state, move |lib| {
        off_runtime(&cell, |fetcher| {
            lib.import_link(fetcher, &url, now(), &cancel, &mut reporter(on_progress))
        })
    })
    .await
}

/// Fetches the article `id` again from its link and updates it.
#[tauri::command]
pub async fn update_from_source(
    state: State<'_, LibraryState>,
    fetching: State<'_, Fetching>,
    id: String,
    on_progress: Channel<FetchProgress>,
) -> Result<ImportedArticle, AppError> {
    let (cell, cancel) = fetching.start();
    blocking(state, move |lib| {
        off_runtime(&cell, |fetcher| {
            lib.update_from_source(fetcher, &id, now(), &cancel, &mut reporter(on_progress))
        })
    })
    .await
}

/// Stops the running fetch, if there is one; it answers `cancelled`.
#[tauri::command]
pub fn cancel_fetch(fetching: State<'_, Fetching>) {
    let running = fetching.running.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(cancel) = running.as_ref() {
        cancel.store(true, Ordering::Relaxed);
    }
}
