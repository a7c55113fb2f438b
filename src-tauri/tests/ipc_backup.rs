//! File › Back Up… through Tauri's IPC on the mock runtime: the file comes
//! from the save dialog (a token), never from the page.

mod common;

use common::*;

#[test]
fn the_library_is_backed_up_to_the_file_chosen_in_the_dialog() {
    let h = harness();
    let out = h.path("monday.sqlite3");
    h.answer(None, Some(&out));
    let choice = h.ok("choose_backup_file", json!({}));
    assert_eq!(
        choice["names"],
        json!(["monday.sqlite3"]),
        "the page gets names, not paths"
    );
    let size = h.ok("backup_library", json!({"token": choice["token"]}));
    assert_eq!(size.as_u64(), Some(std::fs::metadata(&out).unwrap().len()));
    let copy = marginalia_core::Library::open(&out).unwrap();
    assert_eq!(
        copy.count_articles(None).unwrap(),
        5,
        "the four sample articles and the guide"
    );
    // A token is used once; a path from the page is no token.
    let again = h.call("backup_library", json!({"token": choice["token"]}));
    assert_eq!(again.unwrap_err()["code"], "not_chosen");
    let forged = h.call("backup_library", json!({"token": out.to_str().unwrap()}));
    assert_eq!(forged.unwrap_err()["code"], "not_chosen");
}
