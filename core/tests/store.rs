mod common;

use common::*;
use marginalia_core::{Error, Library, MIGRATIONS, SCHEMA_VERSION};
use rusqlite::Connection;

#[test]
fn bundled_sqlite_is_new_enough() {
    let conn = Connection::open_in_memory().unwrap();
    let v: String = conn
        .query_row("SELECT sqlite_version()", [], |r| r.get(0))
        .unwrap();
    let parts: Vec<u32> = v.split('.').map(|p| p.parse().unwrap()).collect();
    assert!(parts >= vec![3, 51, 3], "SQLite {v} has the WAL-reset bug");
}

#[test]
fn fresh_library_is_migrated_and_configured() {
    let t = temp_library();
    drop(t.lib);
    let conn = Connection::open(&t.path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let colors: i64 = conn
        .query_row("SELECT count(*) FROM colors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(colors, 5);
}

#[test]
fn reopening_keeps_data_and_runs_nothing_twice() {
    let (t, ids) = seeded();
    let path = t.path.clone();
    drop(t.lib);
    let lib = Library::open(&path).unwrap();
    assert_eq!(
        lib.article(&ids[0]).unwrap().title,
        "Armenia and US Sign Strategic Partnership Charter"
    );
}

#[test]
fn foreign_keys_are_enforced() {
    let (t, ids) = seeded();
    let input = marginalia_core::AnnotationInput::default();
    t.create_note(&ids[0], &input, NOW).unwrap();
    t.delete_article(&ids[0]).unwrap();
    assert!(t.find_annotations(&Default::default()).unwrap().is_empty());
}

/// Every migration applied in order gives the schema of `schema.sql` alone
/// (the rusqlite_migration `validate()` idea): nothing is edited or lost.
#[test]
fn migrations_validate() {
    let conn = Connection::open_in_memory().unwrap();
    for (i, m) in MIGRATIONS.iter().enumerate() {
        conn.execute_batch(m)
            .unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
    }
    let fts5: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'search_index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(fts5);
    assert_eq!(MIGRATIONS[0], include_str!("../../schema.sql"));
}

#[test]
fn newer_library_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Library::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::TooNew { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert_eq!(err.code(), "library_too_new");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
    assert!(!dir.path().join("future.sqlite3-wal").exists());
}

#[test]
fn non_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    let content = b"These are my precious notes, not a database at all.\n".repeat(200);
    std::fs::write(&path, &content).unwrap();
    let err = Library::open(&path).unwrap_err();
    assert_eq!(err.code(), "not_a_library", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), content);
}

#[test]
fn readers_see_committed_writes() {
    let (t, ids) = seeded();
    // Many reads interleaved with writes: readers are pooled, never stale.
    for i in 0..5 {
        t.add_tags(&ids[0], &[format!("t{i}")], NOW).unwrap();
        assert_eq!(t.article(&ids[0]).unwrap().tags.len(), i + 1);
    }
}

/// Commits do not checkpoint; the background checkpointer does (the main
/// file grows while the library is open), and closing folds the WAL back.
#[test]
fn wal_is_checkpointed_in_the_background_and_on_close() {
    use std::time::{Duration, Instant};
    let t = temp_library();
    let before = std::fs::metadata(&t.path).unwrap().len();
    let big: String = (0..400)
        .map(|i| {
            format!(
                "Headline Number {i} Here\n{}\n",
                "Some words of plain text. ".repeat(40)
            )
        })
        .collect();
    t.import_bytes("big.txt", big.as_bytes(), NOW).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::metadata(&t.path).unwrap().len() <= before {
        assert!(
            Instant::now() < deadline,
            "nothing was checkpointed into the database file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let wal = t.path.with_extension("sqlite3-wal");
    let path = t.path.clone();
    let TempLibrary { lib, _dir: dir, .. } = t;
    drop(lib);
    assert!(!wal.exists(), "WAL left behind after close");
    assert_eq!(
        Library::open(&path).unwrap().count_articles(None).unwrap(),
        400
    );
    drop(dir);
}

/// A library made by the first release (schema version 1) is upgraded in
/// place: migration 2 rebuilds the search index, and everything in it is
/// still found, now also by a short prefix; migration 4 counts its tags.
#[test]
fn version_1_library_upgrades_and_keeps_its_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (seq, id, title, source, imported_at, updated_at, text, content_hash)
               VALUES (1, 'a1', 'Glaciers Retreat', 'g.txt', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',
                       'Ice sheets are thinning fast.', 'h1');
             INSERT INTO tags (id, name, norm) VALUES ('t1', 'Climate', 'climate');
             INSERT INTO article_tags VALUES ('a1', 't1');
             INSERT INTO annotations (seq, id, article_id, kind, quote, prefix, suffix, start, \"end\", note,
                                      color, created_at, updated_at)
               VALUES (1, 'n1', 'a1', 'highlight', 'thinning fast', 'Ice sheets are ', '.', 15, 28,
                       'worrying', 'blue', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
               VALUES (2, 'Glaciers Retreat', 'Ice sheets are thinning fast.', 'Climate', 'article', 'a1');
             INSERT INTO search_index (rowid, title, body, tags, kind, article_id, annotation_id, color)
               VALUES (3, '', 'thinning fast\n\nworrying', '', 'highlight', 'a1', 'n1', 'blue');",
        )
        .unwrap();
    }
    let lib = Library::open(&path).unwrap();
    drop(lib);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'search_index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("prefix = '3'"), "{sql}");
    // Migration 3: the index's write buffer, kept in FTS5's own config table.
    let hashsize: i64 = conn
        .query_row(
            "SELECT v FROM search_index_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hashsize, 16 << 20);
    drop(conn);
    let lib = Library::open(&path).unwrap();
    let find = |q: &str| {
        lib.search(&marginalia_core::SearchQuery::new(q))
            .unwrap()
            .into_iter()
            .map(|h| h.annotation_id.unwrap_or(h.article_id))
            .collect::<Vec<_>>()
    };
    // Migration 4: tag counts, counted from the links that were there.
    let tags = lib.tags().unwrap();
    assert_eq!(
        tags.iter()
            .map(|t| (t.name.as_str(), t.articles, t.annotations))
            .collect::<Vec<_>>(),
        [("Climate", 1, 0)]
    );
    assert_eq!(find("gla*"), ["a1"]);
    assert_eq!(find("worrying"), ["n1"]);
    assert_eq!(find("climate"), ["a1"]);
    let tagged = lib
        .search(&marginalia_core::SearchQuery {
            tag: Some("climate".into()),
            ..marginalia_core::SearchQuery::new("thinning")
        })
        .unwrap();
    assert_eq!(
        tagged.len(),
        2,
        "the article and its highlight (its article carries the tag)"
    );
}

/// Several processes (here: connections on threads, which SQLite locks
/// against each other the same way) creating the same new library at the
/// same moment all succeed. Before: one failed at once with "database is
/// locked" in 10-14 of 100 tries with two CLI processes.
#[test]
fn opening_a_new_library_from_several_places_at_once_always_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..40 {
        let path = dir.path().join(format!("new-{round}.sqlite3"));
        let start = std::sync::Arc::new(std::sync::Barrier::new(4));
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Library::open(&path).map(|lib| lib.is_empty().unwrap())
                })
            })
            .collect();
        for o in openers {
            match o.join().unwrap() {
                Ok(empty) => assert!(empty),
                Err(e) => panic!("round {round}: {e}"),
            }
        }
    }
}

/// A change committed by another connection (another process, here a
/// second Library on the same file) is noticed; this library's own writes
/// are not reported as changes made elsewhere.
#[test]
fn changes_made_elsewhere_are_noticed_and_own_writes_are_not() {
    let (t, ids) = seeded();
    assert_eq!(t.changed_elsewhere().unwrap(), Some(false), "first look");
    t.add_tags(&ids[0], &["mine".to_owned()], NOW).unwrap();
    assert_eq!(t.changed_elsewhere().unwrap(), Some(false), "own write");
    let other = Library::open(&t.path).unwrap();
    other
        .add_tags(&ids[1], &["theirs".to_owned()], NOW)
        .unwrap();
    assert_eq!(
        t.changed_elsewhere().unwrap(),
        Some(true),
        "another's write"
    );
    assert_eq!(t.changed_elsewhere().unwrap(), Some(false), "reported once");
}

/// Migration 10: times written before it (RFC 3339 with the fraction's
/// trailing zeros dropped) get three decimals, so they sort as text.
#[test]
fn times_written_before_migration_10_get_three_decimals() {
    let (t, ids) = seeded();
    let n = t
        .create_note(&ids[0], &marginalia_core::AnnotationInput::default(), NOW)
        .unwrap();
    let TempLibrary { lib, path, _dir } = t;
    drop(lib);
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(&format!(
            "UPDATE annotations SET created_at = '2026-11-28T04:27:10Z', updated_at = '2026-11-28T04:27:10.8Z';
             UPDATE articles SET imported_at = '2026-11-28T04:27:10.12Z' WHERE id = '{}';
             UPDATE articles SET updated_at = 'not a time' WHERE id = '{}';
             PRAGMA user_version = 9;",
            ids[0], ids[1]
        ))
        .unwrap();
    }
    let lib = Library::open(&path).unwrap();
    let a = lib.annotation(&n.id).unwrap();
    assert_eq!(a.created_at, "2026-11-28T04:27:10.000Z");
    assert_eq!(a.updated_at, "2026-11-28T04:27:10.800Z");
    assert_eq!(
        lib.article(&ids[0]).unwrap().imported_at,
        "2026-11-28T04:27:10.120Z"
    );
    assert_eq!(
        lib.article(&ids[1]).unwrap().updated_at,
        "not a time",
        "left as it is"
    );
    // Times written now have them too.
    assert_eq!(
        lib.article(&ids[2]).unwrap().imported_at,
        "2026-11-28T10:00:00.000Z"
    );
}
