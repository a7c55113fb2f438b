//! The IPC tests' harness: the app on Tauri's mock runtime, against a real
//! library file, with the app's real capabilities (generate_context!).
#![allow(dead_code)] // each test file uses its own part of it

pub use std::path::{Path, PathBuf};

pub use marginalia_app::{Dialogs, LibraryState, app};
pub use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
pub use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
pub use tauri::{App, WebviewWindow};

/// The origin the app's own pages have; only it may call the commands.
pub const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

pub struct Harness {
    _app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub dir: tempfile::TempDir,
}

pub fn harness_at(db: &Path, dir: tempfile::TempDir) -> Harness {
    harness_with(LibraryState::open(db), dir)
}

pub fn harness_with(library: LibraryState, dir: tempfile::TempDir) -> Harness {
    let dialogs = Dialogs::Scripted(dir.path().join("dialogs.json"));
    let app = app(mock_builder(), library, dialogs)
        .build(tauri::generate_context!())
        .expect("app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window builds");
    Harness {
        _app: app,
        window,
        dir,
    }
}

pub fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    harness_at(&db, dir)
}

impl Harness {
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: APP_ORIGIN.parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone())
            .unwrap_or_else(|e| panic!("{cmd} {args} failed: {e}"))
    }

    pub fn articles(&self) -> Vec<Value> {
        self.ok("list_articles", json!({"query": {"sort": "oldest"}}))["items"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// The ids of the articles, oldest first.
    pub fn article_ids(&self) -> Vec<String> {
        self.articles()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Answers the next dialogs as a user would: files to open, a file to save.
    pub fn answer(&self, open: Option<&[PathBuf]>, save: Option<&Path>) {
        std::fs::write(
            self.path("dialogs.json"),
            json!({"open": open, "save": save}).to_string(),
        )
        .unwrap();
    }

    /// The user picks `files` in the open dialog; returns the token.
    pub fn choose_to_open(&self, files: &[PathBuf]) -> Value {
        self.answer(Some(files), None);
        self.ok("choose_import_files", json!({}))["token"].clone()
    }

    /// The user picks `file` in the save dialog; returns the token.
    pub fn choose_to_save(&self, file: &Path) -> Value {
        self.answer(None, Some(file));
        self.ok("choose_export_file", json!({}))["token"].clone()
    }
}
