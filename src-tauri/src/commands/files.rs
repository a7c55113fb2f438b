use marginalia_core::{
    ExportOptions, ExportSummary, ImportStatus, ImportedArticle, TIDY_AFTER_ARTICLES,
    default_workers,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::{LibraryState, blocking, now, tidy_in_background};
use crate::chosen::{Ask, Choice, Chosen, Dialogs, file_name};
use crate::error::AppError;

/// The name the save dialog suggests for a CSV export.
const EXPORT_NAME: &str = "marginalia-notes.csv";
const BACKUP_NAME: &str = "marginalia-backup.sqlite3";

/// Shows a dialog from Rust (on a blocking thread; the dialog itself runs
/// on the main thread) and grants what the user picked.
async fn ask<R: Runtime>(
    app: AppHandle<R>,
    dialogs: &Dialogs,
    chosen: &Chosen,
    what: Ask,
) -> Result<Option<Choice>, AppError> {
    let dialogs = dialogs.clone();
    let picked = tauri::async_runtime::spawn_blocking(move || dialogs.ask(&app, what))
        .await
        .map_err(|e| AppError::internal(format!("the file dialog stopped unexpectedly: {e}")))?;
    Ok(match (picked, what) {
        (Some(paths), Ask::ImportFiles | Ask::ImportFolders) if !paths.is_empty() => {
            Some(chosen.grant_open(paths))
        }
        (Some(mut paths), Ask::SaveFile { .. }) if !paths.is_empty() => {
            Some(chosen.grant_save(paths.swap_remove(0)))
        }
        _ => None,
    })
}

/// The native open dialog: the files to import, as a token for
/// `import_files`; `null` when the user cancelled.
#[tauri::command]
pub async fn choose_import_files<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    chosen: State<'_, Chosen>,
) -> Result<Option<Choice>, AppError> {
    ask(app, &dialogs, &chosen, Ask::ImportFiles).await
}

/// The native folder dialog: folders whose files to import (recursively),
/// as a token for `import_files`; `null` when the user cancelled.
#[tauri::command]
pub async fn choose_import_folders<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    chosen: State<'_, Chosen>,
) -> Result<Option<Choice>, AppError> {
    ask(app, &dialogs, &chosen, Ask::ImportFolders).await
}

/// The native save dialog: where to export, as a token for `export_csv`;
/// `null` when the user cancelled.
#[tauri::command]
pub async fn choose_export_file<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    chosen: State<'_, Chosen>,
) -> Result<Option<Choice>, AppError> {
    let what = Ask::SaveFile {
        default_name: EXPORT_NAME,
        kind: "CSV",
        extensions: &["csv"],
    };
    ask(app, &dialogs, &chosen, what).await
}

/// The native save dialog: where to back the library up, as a token for
/// `backup_library`; `null` when the user cancelled.
#[tauri::command]
pub async fn choose_backup_file<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    chosen: State<'_, Chosen>,
) -> Result<Option<Choice>, AppError> {
    let what = Ask::SaveFile {
        default_name: BACKUP_NAME,
        kind: "Marginalia library",
        extensions: &["sqlite3"],
    };
    ask(app, &dialogs, &chosen, what).await
}

/// Writes a consistent copy of the library to the file the user chose
/// (`token` from `choose_backup_file`; a file there is replaced once the
/// copy is whole, as the save dialog asked); returns its size in bytes.
#[tauri::command]
pub async fn backup_library(
    state: State<'_, LibraryState>,
    chosen: State<'_, Chosen>,
    token: String,
) -> Result<u64, AppError> {
    let path = chosen.take_save(&token)?;
    blocking(state, move |lib| lib.backup_to(&path)).await
}

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

/// Imports the files the user chose (`token` from `choose_import_files` or
/// a drop), each in its own transaction, reporting progress after each.
#[tauri::command]
pub async fn import_files(
    state: State<'_, LibraryState>,
    chosen: State<'_, Chosen>,
    token: String,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<FileImport>, AppError> {
    let paths = chosen.take_open(&token)?;
    let report = blocking(state.clone(), move |lib| {
        let mut report = Vec::with_capacity(paths.len());
        // Folders (chosen or dropped) are imported with everything inside.
        lib.import_paths(&paths, now(), default_workers(), |outcome, done, total| {
            let file = file_name(&outcome.path);
            // A closed window is no reason to stop importing.
            let _ = on_progress.send(ImportProgress {
                done,
                total,
                file: file.clone(),
            });
            let (articles, error) = match &outcome.result {
                Ok(articles) => (articles.clone(), None),
                Err(e) => (Vec::new(), Some(AppError::from(e))),
            };
            report.push(FileImport {
                file,
                articles,
                error,
            });
        });
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

/// Writes the CSV export to the file the user chose (`token` from
/// `choose_export_file`).
#[tauri::command]
pub async fn export_csv(
    state: State<'_, LibraryState>,
    chosen: State<'_, Chosen>,
    token: String,
    options: ExportOptions,
) -> Result<ExportSummary, AppError> {
    let path = chosen.take_save(&token)?;
    blocking(state, move |lib| lib.export_csv_to_file(&path, &options)).await
}
