//! The Trash: deleting moves articles there; restore brings them back;
//! deleting for good and emptying cannot be undone.

use marginalia_core::Deleted;
use tauri::State;

use super::{LibraryState, blocking, now};
use crate::error::AppError;

/// Moves articles to the Trash; returns how many moved.
#[tauri::command]
pub async fn trash_articles(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.trash_articles(&ids, now())).await
}

/// Takes articles out of the Trash; returns how many were in it.
#[tauri::command]
pub async fn restore_articles(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.restore_articles(&ids, now())).await
}

/// Deletes articles (and annotations) for good, from the Trash view.
#[tauri::command]
pub async fn delete_permanently(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
) -> Result<Deleted, AppError> {
    blocking(state, move |lib| lib.delete_permanently(&ids)).await
}

/// Deletes everything in the Trash for good; returns how many articles.
#[tauri::command]
pub async fn empty_trash(state: State<'_, LibraryState>) -> Result<usize, AppError> {
    blocking(state, |lib| lib.empty_trash()).await
}
