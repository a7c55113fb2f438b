//! Files the user chose. A path reaches a command only from a native dialog
//! opened by Rust or from files dropped on the window (the Rust-side drop
//! event); the webview gets an opaque, single-use token and the file names
//! to show, never a path it could have made up. So a compromised page can
//! neither import `~/.ssh/id_rsa` nor overwrite a file of its choosing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};

use crate::error::AppError;

/// What the webview learns of a choice: a token for the command that uses
/// it, and the chosen files' names (not their folders).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub token: String,
    pub names: Vec<String>,
}

#[derive(Debug)]
enum Grant {
    Open(Vec<PathBuf>),
    Save(PathBuf),
}

/// The choices not used yet.
#[derive(Debug, Default)]
pub struct Chosen(Mutex<HashMap<String, Grant>>);

impl Chosen {
    fn grant(&self, grant: Grant) -> Choice {
        let names = match &grant {
            Grant::Open(paths) => paths.iter().map(|p| file_name(p)).collect(),
            Grant::Save(path) => vec![file_name(path)],
        };
        let token = uuid::Uuid::new_v4().to_string();
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(token.clone(), grant);
        Choice { token, names }
    }

    /// Files to read, chosen in an open dialog or dropped on the window.
    pub fn grant_open(&self, paths: Vec<PathBuf>) -> Choice {
        self.grant(Grant::Open(paths))
    }

    /// A file to write, chosen in a save dialog.
    pub fn grant_save(&self, path: PathBuf) -> Choice {
        self.grant(Grant::Save(path))
    }

    fn take(&self, token: &str) -> Option<Grant> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(token)
    }

    /// The files behind `token`, once.
    pub fn take_open(&self, token: &str) -> Result<Vec<PathBuf>, AppError> {
        match self.take(token) {
            Some(Grant::Open(paths)) => Ok(paths),
            _ => Err(not_chosen()),
        }
    }

    /// The file to write behind `token`, once.
    pub fn take_save(&self, token: &str) -> Result<PathBuf, AppError> {
        match self.take(token) {
            Some(Grant::Save(path)) => Ok(path),
            _ => Err(not_chosen()),
        }
    }
}

fn not_chosen() -> AppError {
    AppError::new(
        "not_chosen",
        "these files were not chosen by you in this window (choose them again)",
    )
}

/// A path's file name, as the page may be told it.
pub(crate) fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What to open a dialog for.
#[derive(Debug, Clone, Copy)]
pub enum Ask {
    ImportFiles,
    /// Folders whose files are imported, recursively.
    ImportFolders,
    /// Where to write a file: its suggested name, and the filter's name
    /// and extensions.
    SaveFile {
        default_name: &'static str,
        kind: &'static str,
        extensions: &'static [&'static str],
    },
}

/// How dialogs are answered: the native ones, or, for tests that cannot
/// click a native dialog (WebDriver, the mock runtime), answers read from a
/// JSON file `{"open": [paths] | null, "save": path | null}` named by
/// `MARGINALIA_TEST_DIALOGS` when the app starts. Whoever can set the app's
/// environment chooses its files anyway; the webview cannot set either.
#[derive(Debug, Clone)]
pub enum Dialogs {
    Native,
    Scripted(PathBuf),
}

impl Dialogs {
    pub fn from_env() -> Dialogs {
        match std::env::var_os("MARGINALIA_TEST_DIALOGS").filter(|p| !p.is_empty()) {
            Some(p) => Dialogs::Scripted(PathBuf::from(p)),
            None => Dialogs::Native,
        }
    }

    /// Shows the dialog and waits for the user. Call on a blocking thread,
    /// never on the main thread (the dialog itself runs there).
    pub fn ask<R: Runtime>(&self, app: &AppHandle<R>, ask: Ask) -> Option<Vec<PathBuf>> {
        match self {
            Dialogs::Native => native(app, ask),
            Dialogs::Scripted(file) => scripted(file, ask),
        }
    }
}

fn native<R: Runtime>(app: &AppHandle<R>, ask: Ask) -> Option<Vec<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file();
    let picked = match ask {
        Ask::ImportFiles => dialog
            .add_filter(
                "Web pages, Markdown and text",
                &marginalia_core::import::EXTENSIONS,
            )
            .blocking_pick_files()?,
        Ask::ImportFolders => dialog.blocking_pick_folders()?,
        Ask::SaveFile {
            default_name,
            kind,
            extensions,
        } => vec![
            dialog
                .add_filter(kind, extensions)
                .set_file_name(default_name)
                .blocking_save_file()?,
        ],
    };
    Some(
        picked
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .collect(),
    )
}

fn scripted(file: &Path, ask: Ask) -> Option<Vec<PathBuf>> {
    #[derive(Deserialize)]
    struct Answers {
        open: Option<Vec<PathBuf>>,
        save: Option<PathBuf>,
    }
    let answers: Answers = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    match ask {
        Ask::ImportFiles | Ask::ImportFolders => answers.open,
        Ask::SaveFile { .. } => answers.save.map(|p| vec![p]),
    }
}
