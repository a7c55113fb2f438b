//! Reading state: Inbox / Later / Archive, the star, the place read at.

use marginalia_core::{Reading, ReadingState, StateCounts};
use tauri::State;

use super::{LibraryState, blocking, now};
use crate::error::AppError;

/// Moves articles to a state; returns how many changed.
#[tauri::command]
pub async fn set_state(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
    to: ReadingState,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.set_state(&ids, to)).await
}

/// Stars or unstars articles; returns how many changed.
#[tauri::command]
pub async fn set_starred(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
    starred: bool,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.set_starred(&ids, starred)).await
}

/// Remembers the code-point offset read at and the percentage read.
#[tauri::command]
pub async fn save_position(
    state: State<'_, LibraryState>,
    id: String,
    position: u32,
    progress: u8,
) -> Result<Reading, AppError> {
    blocking(state, move |lib| {
        lib.save_position(&id, position, progress, now())
    })
    .await
}

#[tauri::command]
pub async fn state_counts(state: State<'_, LibraryState>) -> Result<StateCounts, AppError> {
    blocking(state, move |lib| lib.state_counts()).await
}
