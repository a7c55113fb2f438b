use std::path::PathBuf;

use marginalia_core::{
    ExportOptions, ExportSummary, ImportStatus, ImportedArticle, TIDY_AFTER_ARTICLES,
};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use super::{LibraryState, blocking, now, tidy_in_background};
use crate::error::AppError;

#[derive(Debug, Clone, Serialize)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
    pub file: String,
}

/// What became of one file: its articles, or why it was refused.
#[derive(Debug, Clone, Serialize)]
pub struct FileImport {
    pub file: String,
    pub articles: Vec<ImportedArticle>,
    pub error: Option<AppError>,
}

/// Imports each file in its own transaction, reporting progress after each.
#[tauri::command]
pub async fn import_files(
    state: State<'_, LibraryState>,
    paths: Vec<PathBuf>,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<FileImport>, AppError> {
    let report = blocking(state.clone(), move |lib| {
        let total = paths.len();
        let mut report = Vec::with_capacity(total);
        for (i, path) in paths.iter().enumerate() {
            let file = path.display().to_string();
            let (articles, error) = match lib.import_file(path, now()) {
                Ok(articles) => (articles, None),
                Err(e) => (Vec::new(), Some(e.into())),
            };
            // A closed window is no reason to stop importing.
            let _ = on_progress.send(ImportProgress {
                done: i + 1,
                total,
                file: file.clone(),
            });
            report.push(FileImport {
                file,
                articles,
                error,
            });
        }
        Ok(report)
    })
    .await?;
    let changed: usize = report
        .iter()
        .flat_map(|f| &f.articles)
        .filter(|a| a.status != ImportStatus::Unchanged)
        .count();
    if changed >= TIDY_AFTER_ARTICLES {
        tidy_in_background(&state);
    }
    Ok(report)
}

#[tauri::command]
pub async fn export_csv(
    state: State<'_, LibraryState>,
    path: PathBuf,
    options: ExportOptions,
) -> Result<ExportSummary, AppError> {
    blocking(state, move |lib| lib.export_csv_to_file(&path, &options)).await
}
