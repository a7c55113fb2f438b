use marginalia_core::{
    Article, ArticleQuery, ArticleSummary, Color, SCHEMA_VERSION, SearchPage, SearchQuery,
    UpgradeProgress,
};
use serde::Serialize;
use tauri::State;

use super::{LibraryState, blocking};
use crate::error::AppError;
use crate::notes::AnnotationView;

#[derive(Debug, Serialize)]
pub struct LibraryInfo {
    pub path: String,
    pub article_count: u64,
    pub schema_version: i64,
}

#[derive(Debug, Serialize)]
pub struct ArticlePage {
    pub items: Vec<ArticleSummary>,
    pub total: u64,
}

#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub article: Article,
    pub annotations: Vec<AnnotationView>,
}

/// How the upgrade of the library's storage goes while the library opens
/// (`null` when none is under way): answered at once, without waiting for
/// the library, so the UI can show progress while its other calls wait.
#[tauri::command]
pub fn opening_progress(state: State<'_, LibraryState>) -> Option<UpgradeProgress> {
    state.upgrade_progress()
}

/// What the UI asks first; from then on it also hears of changes other
/// processes make to the library ([`LibraryState::watch_changes`]).
#[tauri::command]
pub async fn library_info<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, LibraryState>,
) -> Result<LibraryInfo, AppError> {
    let info = blocking(state.clone(), |lib| {
        Ok(LibraryInfo {
            path: lib.path().display().to_string(),
            article_count: lib.count_articles(None)?,
            schema_version: SCHEMA_VERSION,
        })
    })
    .await?;
    state.watch_changes(app);
    Ok(info)
}

#[tauri::command]
pub async fn list_articles(
    state: State<'_, LibraryState>,
    query: ArticleQuery,
) -> Result<ArticlePage, AppError> {
    blocking(state, move |lib| {
        Ok(ArticlePage {
            items: lib.list_articles(&query)?,
            total: lib.count_listed(&query)?,
        })
    })
    .await
}

/// Every id of the list `query` names (its offset and limit apply): what
/// "select all" selects.
#[tauri::command]
pub async fn list_article_ids(
    state: State<'_, LibraryState>,
    query: ArticleQuery,
) -> Result<Vec<String>, AppError> {
    blocking(state, move |lib| lib.list_article_ids(&query)).await
}

#[tauri::command]
pub async fn get_article(
    state: State<'_, LibraryState>,
    id: String,
) -> Result<ArticleView, AppError> {
    blocking(state, move |lib| {
        let (article, annotations) = lib.article_with_annotations(&id)?;
        Ok(ArticleView {
            article,
            annotations: annotations.into_iter().map(Into::into).collect(),
        })
    })
    .await
}

#[tauri::command]
pub async fn search(
    state: State<'_, LibraryState>,
    query: SearchQuery,
) -> Result<SearchPage, AppError> {
    blocking(state, move |lib| lib.search_page(&query)).await
}

#[tauri::command]
pub async fn list_colors(state: State<'_, LibraryState>) -> Result<Vec<Color>, AppError> {
    blocking(state, |lib| lib.colors()).await
}

#[tauri::command]
pub async fn set_color_label(
    state: State<'_, LibraryState>,
    name: String,
    label: String,
) -> Result<Color, AppError> {
    blocking(state, move |lib| lib.set_color_label(&name, &label)).await
}
