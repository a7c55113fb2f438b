//! Keeping the full-text index in step with the tables. Called inside the
//! same transaction as the change, so the index is never out of date.
//! Row ids: article = 2 * articles.seq, annotation = 2 * annotations.seq + 1.

use std::sync::atomic::Ordering;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::Library;

/// An import that adds at least this many articles leaves large segments at
/// the bottom of the full-text index, and later small commits (highlight
/// saves) would merge with them, a few at a time, for many saves to come.
/// Callers tidy the index after such an import ([`Library::tidy_search_index`]).
pub const TIDY_AFTER_ARTICLES: usize = 200;

/// Index pages merged per tidying step (about 1 MB written): one step is a
/// few milliseconds, so a save that arrives meanwhile hardly waits.
const TIDY_STEP_PAGES: i64 = 256;

impl Library {
    /// How many segments the full-text index has: 1 after a tidy, one more
    /// per write transaction until FTS5 merges them. Read from FTS5's own
    /// table, where a leaf page's row id is `segment id << 37 | page`
    /// (rows below that are bookkeeping).
    pub fn search_index_segments(&self) -> Result<u64> {
        self.read(|c| {
            let n: i64 = c.query_row(
                "SELECT count(DISTINCT id >> 37) FROM search_index_data WHERE id >= (1 << 37)",
                [],
                |r| r.get(0),
            )?;
            Ok(n.unsigned_abs())
        })
    }

    /// Merges the full-text index into one segment (FTS5's `optimize`) in
    /// small steps, each its own write transaction with `pause` between
    /// them, so that other writes go on meanwhile. Saves afterwards merge
    /// only with each other, never with an import's large segments. Returns
    /// the number of steps taken; 0 when there was nothing to do or another
    /// thread is already tidying.
    pub fn tidy_search_index(&self, pause: Duration) -> Result<u32> {
        struct Running<'a>(&'a std::sync::atomic::AtomicBool);
        impl Drop for Running<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        if self.tidying.swap(true, Ordering::AcqRel) {
            return Ok(0);
        }
        let _running = Running(&self.tidying);
        let mut steps = 0;
        loop {
            // A negative count is FTS5's incremental optimize. Its docs: the
            // step did work when the total change count rose by 2 or more
            // (the command itself counts as one).
            let worked = self.write(|tx| {
                let before = tx.total_changes();
                tx.execute(
                    "INSERT INTO search_index (search_index, rank) VALUES ('merge', ?1)",
                    [-TIDY_STEP_PAGES],
                )?;
                Ok(tx.total_changes() - before >= 2)
            })?;
            if !worked {
                return Ok(steps);
            }
            steps += 1;
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
        }
    }
}

/// The text an annotation row of the index holds: its quote, then its note.
pub(crate) const ANNOTATION_BODY_SQL: &str =
    "CASE WHEN coalesce(n.quote, '') <> '' AND n.note <> ''
                 THEN n.quote || char(10) || char(10) || n.note
            WHEN coalesce(n.quote, '') <> '' THEN n.quote ELSE n.note END";
/// An annotation's tags as the index holds them.
pub(crate) const ANNOTATION_TAGS_SQL: &str =
    "coalesce((SELECT group_concat(t.name, ', ') FROM annotation_tags x
                       JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id), '')";
/// An article's tags as the index holds them.
pub(crate) const ARTICLE_TAGS_SQL: &str =
    "coalesce((SELECT group_concat(t.name, ', ') FROM article_tags x
                       JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '')";

pub(crate) fn index_article(conn: &Connection, article_id: &str) -> Result<()> {
    reindex(
        conn,
        &format!(
            "SELECT a.seq * 2, a.title, marginalia_text(t.body), {ARTICLE_TAGS_SQL}
               FROM articles a JOIN article_texts t ON t.seq = a.seq
              WHERE a.id = ?1 AND a.trashed_at IS NULL"
        ),
        article_id,
    )
}

/// Indexes an article and every annotation on it (an article taken out of
/// the Trash).
pub(crate) fn index_article_and_annotations(conn: &Connection, article_id: &str) -> Result<()> {
    index_article(conn, article_id)?;
    let ids = conn
        .prepare_cached("SELECT id FROM annotations WHERE article_id = ?1")?
        .query_map([article_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids {
        index_annotation(conn, &id)?;
    }
    Ok(())
}

/// Indexes an article just inserted (no old row, no tags yet) from the
/// values in hand, without reading it back.
pub(crate) fn index_new_article(
    conn: &Connection,
    seq: i64,
    title: &str,
    text: &str,
) -> Result<()> {
    insert_row(conn, seq * 2, title, text, "")
}

pub(crate) fn index_annotation(conn: &Connection, annotation_id: &str) -> Result<()> {
    reindex(
        conn,
        &format!(
            "SELECT n.seq * 2 + 1, '', {ANNOTATION_BODY_SQL}, {ANNOTATION_TAGS_SQL}
               FROM annotations n
              WHERE n.id = ?1 AND NOT EXISTS (SELECT 1 FROM articles a
                                               WHERE a.id = n.article_id AND a.trashed_at IS NOT NULL)"
        ),
        annotation_id,
    )
}

/// Replaces the index row that `select` reads for `id`: its row id, title,
/// body and tags.
fn reindex(conn: &Connection, select: &str, id: &str) -> Result<()> {
    let row = conn
        .prepare_cached(select)?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    if let Some((rowid, title, body, tags)) = row {
        conn.execute("DELETE FROM search_index WHERE rowid = ?1", [rowid])?;
        insert_row(conn, rowid, &title, &body, &tags)?;
    }
    Ok(())
}

fn insert_row(conn: &Connection, rowid: i64, title: &str, body: &str, tags: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![rowid, title, body, tags])?;
    Ok(())
}

/// Removes an annotation's row; call before deleting the annotation itself.
pub(crate) fn unindex_annotation(conn: &Connection, annotation_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM search_index WHERE rowid =
           (SELECT seq * 2 + 1 FROM annotations WHERE id = ?1)",
        [annotation_id],
    )?;
    Ok(())
}

/// Deletes an annotation with its index row (inside the caller's transaction).
pub(crate) fn delete_annotation(conn: &Connection, annotation_id: &str) -> Result<()> {
    unindex_annotation(conn, annotation_id)?;
    conn.prepare_cached("DELETE FROM annotations WHERE id = ?1")?
        .execute([annotation_id])?;
    Ok(())
}

/// Removes an article's row and its annotations' rows; call before deleting it.
pub(crate) fn unindex_article(conn: &Connection, article_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM search_index WHERE rowid IN
           (SELECT seq * 2 + 1 FROM annotations WHERE article_id = ?1
            UNION ALL SELECT seq * 2 FROM articles WHERE id = ?1)",
        [article_id],
    )?;
    Ok(())
}
