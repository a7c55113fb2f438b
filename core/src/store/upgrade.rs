//! The steps of migration 8 (`sql/0008_lighter_storage.sql`): every
//! article's text moves to `article_texts`, compressed, and every article and
//! annotation is indexed again in the contentless full-text index; then the
//! old index and `articles.text` go, and the file is compacted.
//!
//! Each step is one short write transaction that moves a batch and advances
//! its cursor (kept in `settings`), so a 100k library upgrades while the app
//! shows progress, other processes can take turns, and a kill loses at most
//! the step under way: the next open goes on from the cursors.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::error::Result;
use crate::index::{ANNOTATION_BODY_SQL, ANNOTATION_TAGS_SQL, ARTICLE_TAGS_SQL};
use crate::texts;

const ARTICLES: &str = "upgrade.8.articles";
const ANNOTATIONS: &str = "upgrade.8.annotations";
/// Set by the last step and cleared once the file is compacted.
const COMPACT: &str = "upgrade.8.compact";

/// Articles moved per step, or fewer when their text passes
/// [`STEP_BYTES`] (a book is a step of its own).
const STEP_ARTICLES: i64 = 250;
const STEP_BYTES: usize = 8 << 20;
/// Annotations indexed per step.
const STEP_ANNOTATIONS: i64 = 2000;
/// A WAL checkpoint every this many steps keeps the WAL small (the
/// library's background checkpointer only starts once the upgrade is done).
const CHECKPOINT_EVERY: u32 = 16;

/// How far an upgrade of the library's storage has come: `done` of `total`
/// rows moved (articles and annotations), then the compaction of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UpgradeProgress {
    pub done: u64,
    pub total: u64,
    /// The rows have moved; the file is being compacted.
    pub compacting: bool,
}

/// Runs what is left of the upgrade, reporting after every step. Returns
/// at once when there is nothing to do.
pub(crate) fn run(conn: &mut Connection, report: &mut dyn FnMut(UpgradeProgress)) -> Result<()> {
    let Some(mut progress) = start(conn)? else {
        return compact_if_asked(conn, report);
    };
    // A new library passes through here too, with nothing to move or tell.
    if progress.total > 0 {
        report(progress);
    }
    let mut steps = 0u32;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read inside the write lock: another process may have moved on.
        let (Some(articles), Some(annotations)) =
            (cursor(&tx, ARTICLES)?, cursor(&tx, ANNOTATIONS)?)
        else {
            tx.commit()?;
            break;
        };
        let moved = match move_articles(&tx, articles)? {
            0 => move_annotations(&tx, annotations)?,
            n => n,
        };
        if moved == 0 {
            finish(&tx, progress.total > 0)?;
        }
        tx.commit()?;
        if moved == 0 {
            break;
        }
        progress.done = (progress.done + moved).min(progress.total);
        report(progress);
        steps += 1;
        if steps.is_multiple_of(CHECKPOINT_EVERY) {
            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
    }
    compact_if_asked(conn, report)
}

/// The progress so far, or `None` when no upgrade is under way.
fn start(conn: &Connection) -> Result<Option<UpgradeProgress>> {
    let (Some(articles), Some(annotations)) = (cursor(conn, ARTICLES)?, cursor(conn, ANNOTATIONS)?)
    else {
        return Ok(None);
    };
    let count = |table: &str, at: i64| -> Result<u64> {
        let sql = format!("SELECT count(*) FROM {table} WHERE seq <= ?1");
        Ok(conn
            .query_row(&sql, [at], |r| r.get::<_, i64>(0))?
            .unsigned_abs())
    };
    let done = count("articles", articles)? + count("annotations", annotations)?;
    let total = count("articles", i64::MAX)? + count("annotations", i64::MAX)?;
    Ok(Some(UpgradeProgress {
        done,
        total,
        compacting: false,
    }))
}

fn cursor(conn: &Connection, key: &str) -> Result<Option<i64>> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

fn set_cursor(conn: &Connection, key: &str, at: i64) -> Result<()> {
    conn.execute(
        "UPDATE settings SET value = ?2 WHERE key = ?1",
        params![key, at.to_string()],
    )?;
    Ok(())
}

/// Moves the next batch of articles after row `after`; returns how many.
fn move_articles(tx: &Connection, after: i64) -> Result<u64> {
    let mut rows = tx.prepare(&format!(
        "SELECT seq, title, text, {ARTICLE_TAGS_SQL} FROM articles a
          WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let mut index = tx.prepare(
        "INSERT INTO search_text (rowid, title, body, tags) VALUES (?1 * 2, ?2, ?3, ?4)",
    )?;
    let mut clear = tx.prepare("UPDATE articles SET text = '' WHERE seq = ?1")?;
    let mut rows = rows.query(params![after, STEP_ARTICLES])?;
    let (mut moved, mut bytes, mut last) = (0, 0, after);
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let title: String = r.get(1)?;
        let text: String = r.get(2)?;
        let tags: String = r.get(3)?;
        texts::insert(tx, seq, &text)?;
        index.execute(params![seq, title, text, tags])?;
        clear.execute([seq])?;
        (moved, bytes, last) = (moved + 1, bytes + text.len(), seq);
        if bytes >= STEP_BYTES {
            break;
        }
    }
    if moved > 0 {
        set_cursor(tx, ARTICLES, last)?;
    }
    Ok(moved)
}

/// Indexes the next batch of annotations after row `after`; returns how many.
fn move_annotations(tx: &Connection, after: i64) -> Result<u64> {
    let mut rows = tx.prepare(&format!(
        "SELECT seq, {ANNOTATION_BODY_SQL}, {ANNOTATION_TAGS_SQL} FROM annotations n
          WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let mut index = tx.prepare(
        "INSERT INTO search_text (rowid, title, body, tags) VALUES (?1 * 2 + 1, '', ?2, ?3)",
    )?;
    let mut rows = rows.query(params![after, STEP_ANNOTATIONS])?;
    let (mut moved, mut last) = (0, after);
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        index.execute(params![seq, r.get::<_, String>(1)?, r.get::<_, String>(2)?])?;
        (moved, last) = (moved + 1, seq);
    }
    if moved > 0 {
        set_cursor(tx, ANNOTATIONS, last)?;
    }
    Ok(moved)
}

/// The last step: the new index takes the old one's name, `articles.text`
/// goes (its rows are all empty by now, so this rewrites little), the index
/// is merged into one segment, and the file is marked for compaction.
fn finish(tx: &Connection, compact: bool) -> Result<()> {
    tx.execute_batch(
        "DROP TABLE search_index;
         ALTER TABLE search_text RENAME TO search_index;
         ALTER TABLE articles DROP COLUMN text;
         INSERT INTO search_index (search_index) VALUES ('optimize');",
    )?;
    tx.execute(
        "DELETE FROM settings WHERE key IN (?1, ?2)",
        [ARTICLES, ANNOTATIONS],
    )?;
    if compact {
        tx.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, '1')",
            [COMPACT],
        )?;
    }
    Ok(())
}

/// Gives the space the old text and index held back to the file system
/// (VACUUM, which is all or nothing: after a kill the next open runs it
/// again). A library another process has open stays as it is until later.
fn compact_if_asked(conn: &Connection, report: &mut dyn FnMut(UpgradeProgress)) -> Result<()> {
    if cursor(conn, COMPACT)?.is_none() {
        return Ok(());
    }
    let total: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM annotations)",
        [],
        |r| r.get(0),
    )?;
    let total = total.unsigned_abs();
    report(UpgradeProgress {
        done: total,
        total,
        compacting: true,
    });
    if conn.execute_batch("VACUUM").is_ok() {
        conn.execute("DELETE FROM settings WHERE key = ?1", [COMPACT])?;
    }
    Ok(())
}
