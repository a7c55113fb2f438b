/// Every command the UI may call. tauri-build turns each into an
/// `allow-<command>` permission; capabilities/default.json grants them to the
/// main window and nothing else is callable.
const COMMANDS: &[&str] = &[
    "library_info",
    "opening_progress",
    "list_articles",
    "list_article_ids",
    "get_article",
    "trash_articles",
    "restore_articles",
    "delete_permanently",
    "empty_trash",
    "undo",
    "redo",
    "undo_state",
    "search",
    "create_highlight",
    "create_note",
    "update_annotation",
    "delete_annotation",
    "delete_annotations",
    "reattach_highlight",
    "find_annotations",
    "count_annotations",
    "annotation_ids",
    "set_color",
    "add_tags",
    "remove_tags",
    "list_tags",
    "rename_tag",
    "merge_tags",
    "delete_tag",
    "list_colors",
    "set_color_label",
    "choose_import_files",
    "choose_import_folders",
    "choose_export_file",
    "choose_backup_file",
    "backup_library",
    "import_files",
    "export_csv",
    "open_link",
    "import_link",
    "update_from_source",
    "cancel_fetch",
    "set_state",
    "set_starred",
    "save_position",
    "state_counts",
    "reader_settings",
    "set_reader_settings",
    "session",
    "save_session",
    "edit_article",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
