use marginalia_core::TagCount;
use tauri::State;

use super::{LibraryState, blocking, now};
use crate::error::AppError;

/// `ids` are articles' or annotations' (any mix); returns how many gained
/// a tag.
#[tauri::command]
pub async fn add_tags(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
    tags: Vec<String>,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.add_tags_to(&ids, &tags, now())).await
}

#[tauri::command]
pub async fn remove_tags(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
    tags: Vec<String>,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.remove_tags_from(&ids, &tags, now())).await
}

#[tauri::command]
pub async fn list_tags(state: State<'_, LibraryState>) -> Result<Vec<TagCount>, AppError> {
    blocking(state, |lib| lib.tags()).await
}

#[tauri::command]
pub async fn rename_tag(
    state: State<'_, LibraryState>,
    old: String,
    new: String,
) -> Result<(), AppError> {
    blocking(state, move |lib| lib.rename_tag(&old, &new, now())).await
}

#[tauri::command]
pub async fn merge_tags(
    state: State<'_, LibraryState>,
    from: String,
    into: String,
) -> Result<(), AppError> {
    blocking(state, move |lib| lib.merge_tags(&from, &into, now())).await
}

#[tauri::command]
pub async fn delete_tag(state: State<'_, LibraryState>, name: String) -> Result<(), AppError> {
    blocking(state, move |lib| lib.delete_tag(&name, now())).await
}
