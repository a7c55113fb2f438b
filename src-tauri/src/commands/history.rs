//! Undo and redo: the core keeps the history of the changes made since the
//! app opened; these only ask it to step back or forward.

use marginalia_core::{UndoState, Undone};
use tauri::State;

use super::{LibraryState, blocking};
use crate::error::AppError;

/// Takes back the last change; `nothing_to_undo` when there is none.
#[tauri::command]
pub async fn undo(state: State<'_, LibraryState>) -> Result<Undone, AppError> {
    blocking(state, |lib| lib.undo()).await
}

/// Makes the last undone change again; `nothing_to_redo` when there is none.
#[tauri::command]
pub async fn redo(state: State<'_, LibraryState>) -> Result<Undone, AppError> {
    blocking(state, |lib| lib.redo()).await
}

/// What Undo and Redo would do now (for the Edit menu).
#[tauri::command]
pub async fn undo_state(state: State<'_, LibraryState>) -> Result<UndoState, AppError> {
    blocking(state, |lib| Ok(lib.undo_state())).await
}
