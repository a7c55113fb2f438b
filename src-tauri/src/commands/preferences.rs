//! What the app remembers: the reader's settings, where the user was, and
//! corrections to an article's metadata.

use marginalia_core::{ArticleEdit, EditedArticle, ReaderSettings, Session};
use tauri::State;

use super::{LibraryState, blocking, now};
use crate::error::AppError;

#[tauri::command]
pub async fn reader_settings(state: State<'_, LibraryState>) -> Result<ReaderSettings, AppError> {
    blocking(state, move |lib| lib.reader_settings()).await
}

#[tauri::command]
pub async fn set_reader_settings(
    state: State<'_, LibraryState>,
    settings: ReaderSettings,
) -> Result<(), AppError> {
    blocking(state, move |lib| lib.set_reader_settings(&settings)).await
}

#[tauri::command]
pub async fn session(state: State<'_, LibraryState>) -> Result<Session, AppError> {
    blocking(state, move |lib| lib.session()).await
}

#[tauri::command]
pub async fn save_session(
    state: State<'_, LibraryState>,
    session: Session,
) -> Result<(), AppError> {
    blocking(state, move |lib| lib.save_session(&session)).await
}

/// Corrects the title, author, published date or address of an article.
#[tauri::command]
pub async fn edit_article(
    state: State<'_, LibraryState>,
    id: String,
    edit: ArticleEdit,
) -> Result<EditedArticle, AppError> {
    blocking(state, move |lib| lib.edit_article(&id, &edit, now())).await
}
