//! An upgrade of the library's storage killed with SIGKILL part-way goes on
//! where it stopped at the next run, and loses nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const ARTICLES: i64 = 12_000;

/// A library as schema version 7 left it, with `ARTICLES` articles of about
/// 1 KB each (a random part, so compression has work to do).
fn write_v7(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    for m in &marginalia_core::MIGRATIONS[..7] {
        conn.execute_batch(m).unwrap();
    }
    conn.execute_batch(&format!(
        "PRAGMA user_version = 7;
         INSERT INTO settings (key, value) VALUES ('sample_offered', '1');
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ARTICLES})
         INSERT INTO articles (seq, id, title, source, imported_at, updated_at, text, content_hash)
         SELECT i, 'a' || i, 'Article ' || i, 'old.txt', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',
                printf('Tide pools, number %d. ', i) || hex(randomblob(500)), 'h' || i FROM n;
         INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
         SELECT seq * 2, title, text, '', 'article', id FROM articles;"
    ))
    .unwrap();
}

fn cli(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marginalia-cli"));
    c.arg("--db")
        .arg(db)
        .env_remove("MARGINALIA_DB")
        .env_remove("RUST_BACKTRACE");
    c
}

#[test]
fn a_killed_upgrade_goes_on_at_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v7.sqlite3");
    write_v7(&db);
    let texts: Vec<String> = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare("SELECT text FROM articles WHERE seq % 1000 = 7 ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };

    let mut child = cli(&db)
        .arg("check")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with("Upgrading "), "{first}");
    // Killed once a few steps have committed.
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done: i64 = line
            .strip_prefix("upgrade: ")
            .and_then(|l| l.split('/').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if done >= 1000 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let moved: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM article_texts", [], |r| r.get(0))
        .unwrap();
    assert!(
        (1000..ARTICLES).contains(&moved),
        "killed part-way, after {moved} articles"
    );

    let out = cli(&db).arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let resumed: i64 = err
        .lines()
        .find_map(|l| l.strip_prefix("upgrade: "))
        .and_then(|l| l.split('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(resumed, moved, "goes on from where it stopped: {err}");
    for (k, text) in texts.iter().enumerate() {
        let id = format!("a{}", k * 1000 + 7);
        let out = cli(&db).args(["show", &id, "--json"]).output().unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains(text.as_str()), "{id}: {shown:.200}");
        let number = format!("\"number {}\"", k * 1000 + 7);
        let found = cli(&db).args(["search", &number]).output().unwrap();
        assert!(
            String::from_utf8_lossy(&found.stdout).contains(&id),
            "{number}"
        );
    }
}
