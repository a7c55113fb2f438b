//! The Trash (migration 9): deleting an article moves it there with its
//! highlights, notes and tags; it can be restored until the Trash is
//! emptied or it has been there [`TRASH_DAYS`] days. A trashed article is
//! out of the full-text index, the lists and the exports.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::error::{Error, Result};
use crate::history::{Change, Touched, count};
use crate::stamp::format_time;
use crate::store::Library;
use crate::{images, index, tags};

/// What a deletion took: how many articles and annotations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub articles: usize,
    pub annotations: usize,
}

/// How long an article stays in the Trash before it is deleted for good.
pub const TRASH_DAYS: i64 = 30;

/// Fails with "not found" for the first id that is no article.
pub(crate) fn check_articles(c: &Connection, ids: &[String]) -> Result<()> {
    let mut stmt = c.prepare_cached("SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1)")?;
    for id in ids {
        if !stmt.query_row([id], |r| r.get::<_, bool>(0))? {
            return Err(Error::not_found("article", id));
        }
    }
    Ok(())
}

/// Moves an article to the Trash at `at` (inside the caller's
/// transaction); returns whether it was not there already.
fn trash(tx: &Connection, id: &str, at: &str) -> Result<bool> {
    let n = tx
        .prepare_cached("UPDATE articles SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL")?
        .execute(params![id, at])?;
    if n > 0 {
        index::unindex_article(tx, id)?;
    }
    Ok(n > 0)
}

/// Takes a trashed article out of the Trash (inside the caller's
/// transaction); returns whether it was in it.
pub(crate) fn untrash(tx: &Connection, id: &str) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE articles SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL",
        )?
        .execute([id])?;
    if n > 0 {
        index::index_article_and_annotations(tx, id)?;
    }
    Ok(n > 0)
}

impl Library {
    /// Moves the articles `ids` to the Trash, in one transaction; returns how
    /// many moved (one already there does not count). Can be undone.
    pub fn trash_articles(&self, ids: &[String], now: OffsetDateTime) -> Result<usize> {
        let label = format!(
            "Move {} to the Trash",
            count(ids.len(), "article", "articles")
        );
        let at = format_time(now);
        self.change(
            Change::new(label, now),
            |tx| Touched::known_articles(tx, ids),
            |tx, _| {
                let mut moved = 0;
                for id in ids {
                    moved += usize::from(trash(tx, id, &at)?);
                }
                Ok(moved)
            },
        )
    }

    /// Takes the articles `ids` out of the Trash; returns how many were in
    /// it. Can be undone.
    pub fn restore_articles(&self, ids: &[String], now: OffsetDateTime) -> Result<usize> {
        let label = format!(
            "Restore {} from the Trash",
            count(ids.len(), "article", "articles")
        );
        self.change(
            Change::new(label, now),
            |tx| Touched::known_articles(tx, ids),
            |tx, _| {
                let mut restored = 0;
                for id in ids {
                    restored += usize::from(untrash(tx, id)?);
                }
                Ok(restored)
            },
        )
    }

    /// Deletes what `ids` name (articles and annotations, any mix) in one
    /// transaction: articles go to the Trash, annotations are deleted. An
    /// unknown id changes nothing and is an error. Can be undone.
    pub fn delete_items(&self, ids: &[String], now: OffsetDateTime) -> Result<Deleted> {
        let at = format_time(now);
        self.change(
            Change::new("Delete", now),
            |tx| tags::touched_items(tx, ids, &[]),
            |tx, touched| {
                touched.label = Some(match (touched.articles.len(), touched.annotations.len()) {
                    (n, 0) => format!("Move {} to the Trash", count(n, "article", "articles")),
                    (0, n) => format!("Delete {}", count(n, "annotation", "annotations")),
                    (a, n) => format!("Delete {}", count(a + n, "item", "items")),
                });
                for id in &touched.annotations {
                    index::delete_annotation(tx, id)?;
                }
                tags::purge_unused(tx)?;
                for id in &touched.articles {
                    trash(tx, id, &at)?;
                }
                Ok(Deleted {
                    articles: touched.articles.len(),
                    annotations: touched.annotations.len(),
                })
            },
        )
    }

    /// Deletes what `ids` name for good, in one transaction: articles (in
    /// the Trash or not) with their annotations, and annotations. An
    /// unknown id changes nothing and is an error. Cannot be undone.
    pub fn delete_permanently(&self, ids: &[String]) -> Result<Deleted> {
        self.write(|tx| {
            let touched = tags::touched_items(tx, ids, &[])?;
            for id in &touched.annotations {
                index::delete_annotation(tx, id)?;
            }
            let articles: Vec<String> = touched.articles.into_iter().collect();
            delete(tx, &articles)?;
            tags::purge_unused(tx)?;
            Ok(Deleted {
                articles: articles.len(),
                annotations: touched.annotations.len(),
            })
        })
    }

    /// Deletes everything in the Trash for good; returns how many articles.
    pub fn empty_trash(&self) -> Result<usize> {
        self.write(|tx| {
            let ids = trashed_before(tx, None)?;
            delete(tx, &ids)
        })
    }

    /// Deletes for good what has been in the Trash longer than
    /// [`TRASH_DAYS`] days at `now`; the app does this at start-up.
    pub fn purge_trash(&self, now: OffsetDateTime) -> Result<usize> {
        let cutoff = format_time(now - Duration::days(TRASH_DAYS));
        self.write(|tx| {
            let ids = trashed_before(tx, Some(&cutoff))?;
            delete(tx, &ids)
        })
    }
}

fn trashed_before(c: &Connection, cutoff: Option<&str>) -> Result<Vec<String>> {
    let ids = c
        .prepare_cached(
            "SELECT id FROM articles WHERE trashed_at IS NOT NULL AND (?1 IS NULL OR trashed_at < ?1)",
        )?
        .query_map([cutoff], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

fn delete(tx: &Connection, ids: &[String]) -> Result<usize> {
    let mut stmt = tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?;
    let mut deleted = 0;
    for id in ids {
        index::unindex_article(tx, id)?;
        deleted += stmt.execute([id])?;
    }
    if deleted > 0 {
        images::purge_unused(tx)?;
        tags::purge_unused(tx)?;
    }
    Ok(deleted)
}
