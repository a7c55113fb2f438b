//! Marginalia's desktop app: a Tauri 2 shell over marginalia-core. All logic
//! lives in the core; the commands here only carry calls across IPC.

pub mod chosen;
pub mod commands;
pub mod error;
pub mod images;
pub mod menu;
pub mod notes;

use std::path::PathBuf;

use tauri::{Builder, DragDropEvent, Emitter, Manager, Runtime, Window, WindowEvent};

pub use chosen::{Choice, Chosen, Dialogs};
pub use commands::LibraryState;
pub use error::AppError;

/// The event that tells the UI files were dropped on the window: a
/// [`Choice`] whose token `import_files` takes.
pub const FILES_DROPPED: &str = "marginalia://files-dropped";

/// The event that tells the UI another process changed the library (the
/// CLI, a second app on the same file): reload what is shown.
pub const CHANGED_ELSEWHERE: &str = "marginalia://changed-elsewhere";

/// The app's state and commands on any runtime (the real one, or the mock
/// runtime in tests).
pub fn app<R: Runtime>(builder: Builder<R>, library: LibraryState, dialogs: Dialogs) -> Builder<R> {
    builder
        .manage(library)
        .manage(dialogs)
        .manage(Chosen::default())
        .manage(commands::Fetching::default())
        .register_asynchronous_uri_scheme_protocol(images::SCHEME, images::serve)
        .setup(|app| {
            app.state::<LibraryState>()
                .watch_changes(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                files_dropped(window, paths);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::opening_progress,
            commands::list_articles,
            commands::list_article_ids,
            commands::get_article,
            commands::trash_articles,
            commands::restore_articles,
            commands::delete_permanently,
            commands::empty_trash,
            commands::undo,
            commands::redo,
            commands::undo_state,
            commands::search,
            commands::create_highlight,
            commands::create_note,
            commands::update_annotation,
            commands::delete_annotation,
            commands::delete_annotations,
            commands::reattach_highlight,
            commands::find_annotations,
            commands::count_annotations,
            commands::annotation_ids,
            commands::set_color,
            commands::add_tags,
            commands::remove_tags,
            commands::list_tags,
            commands::rename_tag,
            commands::merge_tags,
            commands::delete_tag,
            commands::list_colors,
            commands::set_color_label,
            commands::choose_import_files,
            commands::choose_import_folders,
            commands::choose_export_file,
            commands::choose_backup_file,
            commands::backup_library,
            commands::import_files,
            commands::export_csv,
            commands::open_link,
            commands::import_link,
            commands::update_from_source,
            commands::cancel_fetch,
            commands::set_state,
            commands::set_starred,
            commands::save_position,
            commands::state_counts,
            commands::reader_settings,
            commands::set_reader_settings,
            commands::session,
            commands::save_session,
            commands::edit_article,
        ])
}

/// Dropped files are taken in Rust, from the window system's drop event;
/// the webview hears of them only as a [`Choice`] ([`FILES_DROPPED`]).
pub fn files_dropped<R: Runtime>(window: &Window<R>, paths: &[PathBuf]) {
    if paths.is_empty() {
        return;
    }
    let choice = window.state::<Chosen>().grant_open(paths.to_vec());
    let _ = window.emit_to(window.label(), FILES_DROPPED, choice);
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
        .plugin(tauri_plugin_dialog::init())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::chosen(app, event.id().as_ref()));
    app(builder, LibraryState::open_default(), Dialogs::from_env())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Marginalia could not start: {e}");
            std::process::exit(1);
        });
}
