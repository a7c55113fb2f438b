//! Backups taken while the library is written to, and restoring them.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use marginalia_core::{AnnotationInput, Library, Passage};

fn highlight(lib: &Library, article: &str, start: usize, note: &str) -> String {
    lib.create_highlight(
        article,
        &Passage::Range {
            start,
            end: start + 8,
        },
        &AnnotationInput {
            note: note.into(),
            ..Default::default()
        },
        NOW,
    )
    .unwrap()
    .id
}

fn annotation_ids(path: &std::path::Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut stmt = c.prepare("SELECT id FROM annotations ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_backup_taken_while_writes_go_on_holds_every_write_acknowledged_before_it() {
    let (t, ids) = seeded();
    let lib = Arc::new(Library::open(&t.path).unwrap());
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (lib, acked, stop, article) =
            (lib.clone(), acked.clone(), stop.clone(), ids[0].clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let id = highlight(&lib, &article, n % 200, &format!("write {n}"));
                acked.lock().unwrap().push(id);
                n += 1;
            }
        })
    };
    while acked.lock().unwrap().len() < 30 {
        std::thread::yield_now();
    }
    let before: Vec<String> = acked.lock().unwrap().clone();
    let dest = t.path.with_file_name("backup.sqlite3");
    let size = t.backup_to(&dest).unwrap();
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(size > 0);
    assert_eq!(std::fs::metadata(&dest).unwrap().len(), size);
    let c = rusqlite::Connection::open(&dest).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let inside = annotation_ids(&dest);
    for id in &before {
        assert!(
            inside.contains(id),
            "{id} was acknowledged before the backup began"
        );
    }
    assert!(
        !dest.with_file_name(".backup.sqlite3.part").exists(),
        "no part file left"
    );
    // The backup opens as a library.
    let copy = Library::open(&dest).unwrap();
    assert_eq!(copy.count_articles(None).unwrap(), 4);

    // Again over it: replaced by a whole new copy.
    drop(copy);
    let again = t.backup_to(&dest).unwrap();
    assert_eq!(std::fs::metadata(&dest).unwrap().len(), again);
    assert!(annotation_ids(&dest).len() > before.len());
}

#[test]
fn a_restore_brings_the_backup_back_keeps_a_safety_copy_and_other_handles_see_it() {
    let (t, ids) = seeded();
    let kept = highlight(&t, &ids[0], 0, "kept");
    let dest = t.path.with_file_name("backup.sqlite3");
    t.backup_to(&dest).unwrap();
    // After the backup: one highlight deleted, another made.
    t.delete_annotation(&kept, NOW).unwrap();
    let later = highlight(&t, &ids[1], 10, "made after the backup");
    let other = Library::open(&t.path).unwrap();
    assert!(other.annotation(&later).is_ok());

    let restored = t.restore_from(&dest, NOW).unwrap();
    assert_eq!((restored.articles, restored.annotations), (4, 1));
    assert!(
        t.annotation(&kept).is_ok(),
        "the backup's highlight is back"
    );
    assert_eq!(t.annotation(&later).unwrap_err().code(), "not_found");
    assert!(
        other.annotation(&kept).is_ok(),
        "another handle sees it at its next read"
    );
    assert_eq!(other.annotation(&later).unwrap_err().code(), "not_found");
    // What was there before is kept.
    assert!(
        restored
            .safety_copy
            .to_string_lossy()
            .contains("library.before-restore-20261128-100000")
    );
    assert!(annotation_ids(&restored.safety_copy).contains(&later));
    // Search follows (the index came with the backup), and undo cannot reach back across it.
    let hits = t
        .search(&marginalia_core::SearchQuery {
            text: "kept".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(t.undo().unwrap_err().code(), "nothing_to_undo");
    // And the library keeps working.
    highlight(&t, &ids[2], 0, "after the restore");
}

#[test]
fn a_backup_from_an_older_release_is_brought_up_to_date_as_it_comes_in() {
    use common::old::{self, OldArticle};
    let dir = tempfile::tempdir().unwrap();
    let v5 = dir.path().join("v5.sqlite3");
    let mine = OldArticle {
        title: "From An Old Backup",
        text: "Words kept in an older library.",
        tags: &["old"],
    };
    old::write(&v5, 5, &[mine], &[]);
    let t = temp_library();
    let restored = t.restore_from(&v5, NOW).unwrap();
    assert_eq!(restored.articles, 1);
    let list = t.list_articles(&Default::default()).unwrap();
    assert_eq!(list[0].title, "From An Old Backup");
    assert_eq!(list[0].tags, ["old"]);
}

#[test]
fn a_backup_that_is_not_one_is_refused_and_nothing_changes() {
    let (t, _) = seeded();
    let dir = t.path.parent().unwrap().to_path_buf();
    let text = dir.join("notes.txt");
    std::fs::write(&text, "not a database at all, just some words").unwrap();
    let other = dir.join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE things (x); PRAGMA user_version = 3;")
        .unwrap();
    let newer = dir.join("newer.sqlite3");
    t.backup_to(&newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    for (file, code) in [
        (dir.join("missing.sqlite3"), "io"),
        (text, "not_a_library"),
        (other, "invalid_input"),
        (newer, "library_too_new"),
    ] {
        let err = t.restore_from(&file, NOW).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
    }
    assert_eq!(
        t.count_articles(None).unwrap(),
        4,
        "the library is as it was"
    );
    let copies = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-restore")
        })
        .count();
    assert_eq!(copies, 0, "no safety copy for a refused restore");
}
