//! Keeping the full-text index in step with the tables. Called inside the
//! same transaction as the change, so the index is never out of date.
//! Row ids: article = 2 * articles.seq, annotation = 2 * annotations.seq + 1.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

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
