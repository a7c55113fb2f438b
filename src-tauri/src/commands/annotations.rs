use marginalia_core::{AnnotationInput, AnnotationPatch, AnnotationQuery, Passage};
use tauri::State;

use super::{LibraryState, blocking, now};
use crate::error::AppError;
use crate::notes::{AnnotationInContextView, AnnotationView};

#[tauri::command]
pub async fn create_highlight(
    state: State<'_, LibraryState>,
    article_id: String,
    start: usize,
    end: usize,
    input: AnnotationInput,
) -> Result<AnnotationView, AppError> {
    let passage = Passage::Range { start, end };
    blocking(state, move |lib| {
        lib.create_highlight(&article_id, &passage, &input, now())
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn create_note(
    state: State<'_, LibraryState>,
    article_id: String,
    input: AnnotationInput,
) -> Result<AnnotationView, AppError> {
    blocking(state, move |lib| {
        lib.create_note(&article_id, &input, now()).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn update_annotation(
    state: State<'_, LibraryState>,
    id: String,
    patch: AnnotationPatch,
) -> Result<AnnotationView, AppError> {
    blocking(state, move |lib| {
        lib.update_annotation(&id, &patch, now()).map(Into::into)
    })
    .await
}

/// Returns the deleted annotation; `undo` puts it back.
#[tauri::command]
pub async fn delete_annotation(
    state: State<'_, LibraryState>,
    id: String,
) -> Result<AnnotationView, AppError> {
    blocking(state, move |lib| {
        lib.delete_annotation(&id, now()).map(Into::into)
    })
    .await
}

/// Deletes many annotations in one transaction; returns how many.
#[tauri::command]
pub async fn delete_annotations(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.delete_annotations(&ids, now())).await
}

#[tauri::command]
pub async fn reattach_highlight(
    state: State<'_, LibraryState>,
    id: String,
    start: usize,
    end: usize,
) -> Result<AnnotationView, AppError> {
    let passage = Passage::Range { start, end };
    blocking(state, move |lib| {
        lib.reattach(&id, &passage, now()).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn find_annotations(
    state: State<'_, LibraryState>,
    query: AnnotationQuery,
) -> Result<Vec<AnnotationInContextView>, AppError> {
    blocking(state, move |lib| {
        Ok(lib
            .find_annotations(&query)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

/// How many annotations `find_annotations` would list (the browser's total).
#[tauri::command]
pub async fn count_annotations(
    state: State<'_, LibraryState>,
    query: AnnotationQuery,
) -> Result<u64, AppError> {
    blocking(state, move |lib| lib.count_annotations(&query)).await
}

/// Every id `find_annotations` would list, in its order (select all).
#[tauri::command]
pub async fn annotation_ids(
    state: State<'_, LibraryState>,
    query: AnnotationQuery,
) -> Result<Vec<String>, AppError> {
    blocking(state, move |lib| lib.annotation_ids(&query)).await
}

/// Gives many annotations one colour; returns how many changed.
#[tauri::command]
pub async fn set_color(
    state: State<'_, LibraryState>,
    ids: Vec<String>,
    color: String,
) -> Result<usize, AppError> {
    blocking(state, move |lib| lib.set_color(&ids, &color, now())).await
}
