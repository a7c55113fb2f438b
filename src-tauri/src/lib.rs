//! Marginalia's desktop app: a Tauri 2 shell over marginalia-core. All logic
//! lives in the core; the commands here only carry calls across IPC.

pub mod commands;
pub mod error;
pub mod notes;

use tauri::{Builder, Manager, Runtime};

pub use commands::LibraryState;
pub use error::AppError;

/// The app's state and commands on any runtime (the real one, or the mock
/// runtime in tests).
pub fn app<R: Runtime>(builder: Builder<R>, library: LibraryState) -> Builder<R> {
    builder
        .manage(library)
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::list_articles,
            commands::get_article,
            commands::delete_article,
            commands::search,
            commands::create_highlight,
            commands::create_note,
            commands::update_annotation,
            commands::delete_annotation,
            commands::restore_annotation,
            commands::reattach_highlight,
            commands::find_annotations,
            commands::add_tags,
            commands::remove_tags,
            commands::list_tags,
            commands::rename_tag,
            commands::merge_tags,
            commands::delete_tag,
            commands::list_colors,
            commands::set_color_label,
            commands::import_files,
            commands::export_csv,
        ])
}

pub fn run() {
    let mut builder = Builder::default();
    // One window per library: a second launch on the default library hands
    // over to the first and focuses it. A launch on another library
    // (MARGINALIA_DB, as tests use) is a separate instance.
    if std::env::var_os("MARGINALIA_DB").is_none_or(|p| p.is_empty()) {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }));
    }
    let builder = builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init());
    app(builder, LibraryState::open_default())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Marginalia could not start: {e}");
            std::process::exit(1);
        });
}
