//! The application menu: File, Edit, View, Help on every OS (and the app
//! menu on macOS). Marginalia's own items only tell the UI which was chosen
//! ([`MENU_CHOSEN`] with the item's id), where the same actions as the
//! buttons and keys run. Cut, Copy, Paste and Select All are the system's
//! own items: on macOS the clipboard keys work in a web view only through
//! an Edit menu that has them. Undo and Redo are the system's on macOS (so
//! a text field's own undo keeps working) and ours elsewhere, where the
//! system has none; the UI sends them to a text field or the library.

use tauri::menu::{
    AboutMetadata, Menu, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Runtime};

/// The event that tells the UI a menu item was chosen; the payload is its id.
pub const MENU_CHOSEN: &str = "marginalia://menu";

/// Marginalia's own items: id, label, accelerator.
const FILE: &[(&str, &str, Option<&str>)] = &[
    ("import", "Import…", Some("CmdOrCtrl+O")),
    (
        "import-folder",
        "Import a Folder…",
        Some("Shift+CmdOrCtrl+O"),
    ),
    ("add-link", "Add from Link…", Some("CmdOrCtrl+L")),
    ("export", "Export…", Some("CmdOrCtrl+E")),
    ("backup", "Back Up…", Some("Shift+CmdOrCtrl+B")),
];
const VIEW: &[(&str, &str, Option<&str>)] = &[
    ("view-reader", "Reader", Some("CmdOrCtrl+1")),
    ("view-highlights", "All Highlights", Some("CmdOrCtrl+2")),
    ("view-tags", "Tags", Some("CmdOrCtrl+3")),
    ("view-colors", "Colours", Some("CmdOrCtrl+4")),
];
const READING: &[(&str, &str, Option<&str>)] = &[
    ("reading-settings", "Reading Settings…", None),
    ("focus-mode", "Focus Mode", None),
    ("zoom-in", "Larger Text", Some("CmdOrCtrl+=")),
    ("zoom-out", "Smaller Text", Some("CmdOrCtrl+-")),
    ("zoom-reset", "Default Text Size", Some("CmdOrCtrl+0")),
];

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |(id, label, keys): &(&str, &str, Option<&str>)| {
        let b = MenuItemBuilder::with_id(*id, *label);
        match keys {
            Some(k) => b.accelerator(*k).build(app),
            None => b.build(app),
        }
    };
    let mut file = SubmenuBuilder::new(app, "File");
    for i in FILE {
        file = file.item(&item(i)?);
    }
    if !cfg!(target_os = "macos") {
        file = file.separator().quit();
    }

    let mut edit = SubmenuBuilder::new(app, "Edit");
    if cfg!(target_os = "macos") {
        edit = edit.undo().redo();
    } else {
        edit = edit
            .item(&item(&("undo", "Undo", Some("CmdOrCtrl+Z")))?)
            .item(&item(&("redo", "Redo", Some("Shift+CmdOrCtrl+Z")))?);
    }
    let edit = edit
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .separator()
        .item(&item(&("find", "Find in Article…", Some("CmdOrCtrl+F")))?)
        .build()?;

    let mut view = SubmenuBuilder::new(app, "View");
    for i in VIEW {
        view = view.item(&item(i)?);
    }
    view = view.separator();
    for i in READING {
        view = view.item(&item(i)?);
    }

    let about = AboutMetadata {
        name: Some("Marginalia".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some("Read, highlight, note and find again, offline.".into()),
        ..AboutMetadata::default()
    };
    let help = SubmenuBuilder::new(app, "Help")
        .item(&item(&("shortcuts", "Keyboard Shortcuts", None))?)
        .separator()
        .item(&PredefinedMenuItem::about(
            app,
            Some("About Marginalia"),
            Some(about.clone()),
        )?)
        .build()?;

    let mut menu = MenuBuilder::new(app);
    if cfg!(target_os = "macos") {
        let app_menu = SubmenuBuilder::new(app, "Marginalia")
            .about(Some(about))
            .separator()
            .services()
            .separator()
            .hide()
            .hide_others()
            .show_all()
            .separator()
            .quit()
            .build()?;
        menu = menu.item(&app_menu);
    }
    menu.item(&file.build()?)
        .item(&edit)
        .item(&view.build()?)
        .item(&help)
        .build()
}

/// Tells the UI which of Marginalia's own items was chosen.
pub fn chosen<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let _ = app.emit(MENU_CHOSEN, id);
}
