//! Library-wide settings, and the sample articles offered once per library.

mod common;

use common::*;

const SAMPLE: &[u8] = b"A Sample Article\n\nIts one paragraph.\n";

#[test]
fn settings_are_stored_replaced_and_kept() {
    let t = temp_library();
    assert_eq!(t.setting("theme").unwrap(), None);
    t.set_setting("theme", "sepia").unwrap();
    t.set_setting("theme", "dark").unwrap();
    assert_eq!(t.setting("theme").unwrap().as_deref(), Some("dark"));
    let path = t.path.clone();
    let again = marginalia_core::Library::open(&path).unwrap();
    assert_eq!(again.setting("theme").unwrap().as_deref(), Some("dark"));
}

#[test]
fn the_sample_is_offered_once_and_not_again_after_everything_is_deleted() {
    let t = temp_library();
    let first = t.offer_sample("sample.txt", SAMPLE, NOW).unwrap();
    assert_eq!(first.len(), 1);
    t.delete_article(&first[0].id).unwrap();
    assert!(t.is_empty().unwrap());
    assert!(
        t.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
    assert!(t.is_empty().unwrap(), "the emptied library stays empty");
}

#[test]
fn a_library_with_articles_is_not_offered_the_sample() {
    let t = temp_library();
    t.import_bytes("mine.txt", b"Mine\n\nMy own words.\n", NOW)
        .unwrap();
    assert!(
        t.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
    t.delete_article(&t.list_articles(&Default::default()).unwrap()[0].id)
        .unwrap();
    assert!(
        t.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_upgraded_library_that_holds_articles_counts_as_offered() {
    let t = temp_library();
    let id = t
        .import_bytes("mine.txt", b"Mine\n\nMy own words.\n", NOW)
        .unwrap()[0]
        .id
        .clone();
    let path = t.path.clone();
    drop(t.lib);
    // Back to schema 5, as the last release left it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE reading; DROP TABLE settings; PRAGMA user_version = 5;")
        .unwrap();
    drop(conn);
    let lib = marginalia_core::Library::open(&path).unwrap();
    assert_eq!(lib.setting("sample_offered").unwrap().as_deref(), Some("1"));
    lib.delete_article(&id).unwrap();
    assert!(
        lib.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
}
