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

pub(crate) fn index_article(conn: &Connection, article_id: &str) -> Result<()> {
    let row = conn
        .query_row(
            "SELECT seq, title, text,
                    (SELECT group_concat(t.name, ', ') FROM article_tags x
                       JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id)
               FROM articles a WHERE id = ?1",
            [article_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )
        .optional()?;
    if let Some((seq, title, text, tags)) = row {
        conn.execute("DELETE FROM search_index WHERE rowid = ?1", [seq * 2])?;
        insert_article_row(
            conn,
            seq,
            article_id,
            &title,
            &text,
            &tags.unwrap_or_default(),
        )?;
    }
    Ok(())
}

/// Indexes an article just inserted (no old row, no tags yet) from the
/// values in hand, without reading it back.
pub(crate) fn index_new_article(
    conn: &Connection,
    seq: i64,
    article_id: &str,
    title: &str,
    text: &str,
) -> Result<()> {
    insert_article_row(conn, seq, article_id, title, text, "")
}

fn insert_article_row(
    conn: &Connection,
    seq: i64,
    article_id: &str,
    title: &str,
    text: &str,
    tags: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
         VALUES (?1, ?2, ?3, ?4, 'article', ?5)",
    )?
    .execute(params![seq * 2, title, text, tags, article_id])?;
    Ok(())
}

pub(crate) fn index_annotation(conn: &Connection, annotation_id: &str) -> Result<()> {
    let row = conn
        .query_row(
            "SELECT seq, kind, article_id, coalesce(quote, ''), note, color,
                    (SELECT group_concat(t.name, ', ') FROM annotation_tags x
                       JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id)
               FROM annotations a WHERE id = ?1",
            [annotation_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )
        .optional()?;
    if let Some((seq, kind, article_id, quote, note, color, tags)) = row {
        let body = match (quote.is_empty(), note.is_empty()) {
            (false, false) => format!("{quote}\n\n{note}"),
            (false, true) => quote,
            _ => note,
        };
        conn.execute("DELETE FROM search_index WHERE rowid = ?1", [seq * 2 + 1])?;
        conn.execute(
            "INSERT INTO search_index (rowid, title, body, tags, kind, article_id, annotation_id, color)
             VALUES (?1, '', ?2, ?3, ?4, ?5, ?6, ?7)",
            params![seq * 2 + 1, body, tags.unwrap_or_default(), kind, article_id, annotation_id, color],
        )?;
    }
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
