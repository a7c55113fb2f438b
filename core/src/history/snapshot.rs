//! What a change touched, as it was: the saved state of articles,
//! annotations and tags that undo and redo write back.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::{index, tags};

/// The entities a change may touch. The operation adds what it creates.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub articles: BTreeSet<String>,
    pub annotations: BTreeSet<String>,
    /// Tags renamed, merged or deleted.
    pub tag_ids: BTreeSet<String>,
    /// Tag names the change attaches (they may not exist yet).
    pub tag_names: Vec<String>,
    /// The change's label when only the transaction can tell it.
    pub label: Option<String>,
}

impl Touched {
    pub fn articles(ids: &[String]) -> Touched {
        Touched {
            articles: ids.iter().cloned().collect(),
            ..Touched::default()
        }
    }

    /// The articles `ids`, each checked to exist (else "not found").
    pub fn known_articles(c: &Connection, ids: &[String]) -> Result<Touched> {
        crate::trash::check_articles(c, ids)?;
        Ok(Touched::articles(ids))
    }

    pub fn annotations(ids: &[String]) -> Touched {
        Touched {
            annotations: ids.iter().cloned().collect(),
            ..Touched::default()
        }
    }
}

/// The parts of an article a change can make and undo can put back. Its
/// text, reading position and progress are not among them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ArticleState {
    title: String,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
    updated_at: String,
    state: String,
    starred: bool,
    trashed_at: Option<String>,
    tags: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct AnnotationState {
    article_id: String,
    kind: String,
    quote: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    start: Option<i64>,
    end: Option<i64>,
    note: String,
    color: String,
    created_at: String,
    updated_at: String,
    tags: BTreeSet<String>,
}

/// Saved states by id; `None`: it did not exist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    articles: BTreeMap<String, Option<ArticleState>>,
    annotations: BTreeMap<String, Option<AnnotationState>>,
    /// Tag id to name.
    tags: BTreeMap<String, Option<String>>,
}

impl Snapshot {
    /// The state before a change of `touched`.
    pub fn before(c: &Connection, touched: &Touched) -> Result<Snapshot> {
        let mut s = Snapshot::default();
        s.read_entities(c, touched)?;
        let mut tag_ids = s.referenced_tags();
        tag_ids.extend(touched.tag_ids.iter().cloned());
        for name in &touched.tag_names {
            if let Some(id) = tag_by_norm(c, &tags::norm(name))? {
                tag_ids.insert(id);
            }
        }
        for id in tag_ids {
            let name = tag_name(c, &id)?;
            s.tags.insert(id, name);
        }
        Ok(s)
    }

    /// The state after the change; `before` gains `None` for whatever the
    /// change created.
    pub fn after(c: &Connection, touched: &Touched, before: &mut Snapshot) -> Result<Snapshot> {
        let mut s = Snapshot::default();
        s.read_entities(c, touched)?;
        let mut tag_ids = s.referenced_tags();
        tag_ids.extend(before.tags.keys().cloned());
        for id in tag_ids {
            let name = tag_name(c, &id)?;
            s.tags.insert(id, name);
        }
        for id in s.articles.keys() {
            before.articles.entry(id.clone()).or_insert(None);
        }
        for id in s.annotations.keys() {
            before.annotations.entry(id.clone()).or_insert(None);
        }
        for id in s.tags.keys() {
            before.tags.entry(id.clone()).or_insert(None);
        }
        Ok(s)
    }

    fn read_entities(&mut self, c: &Connection, touched: &Touched) -> Result<()> {
        for id in &touched.articles {
            self.articles.insert(id.clone(), read_article(c, id)?);
        }
        for id in &touched.annotations {
            self.annotations.insert(id.clone(), read_annotation(c, id)?);
        }
        Ok(())
    }

    fn referenced_tags(&self) -> BTreeSet<String> {
        let articles = self.articles.values().flatten().map(|a| &a.tags);
        let annotations = self.annotations.values().flatten().map(|a| &a.tags);
        articles.chain(annotations).flatten().cloned().collect()
    }

    pub fn article_ids(&self) -> Vec<String> {
        self.articles.keys().cloned().collect()
    }

    pub fn annotation_ids(&self) -> Vec<String> {
        self.annotations.keys().cloned().collect()
    }

    /// Makes the library hold what this snapshot saved, inside the caller's
    /// transaction. Fails (and the caller rolls back) when that is no longer
    /// possible: an article deleted for good since, or a tag name taken.
    pub fn restore(&self, tx: &Connection) -> Result<()> {
        let mut renamed = Vec::new();
        for (id, name) in &self.tags {
            if let Some(name) = name
                && put_tag(tx, id, name)?
            {
                renamed.push(id);
            }
        }
        for (id, state) in &self.articles {
            if let Some(state) = state {
                put_article(tx, id, state)?;
            }
        }
        for (id, state) in &self.annotations {
            match state {
                Some(state) => put_annotation(tx, id, state)?,
                None => {
                    index::delete_annotation(tx, id)?;
                }
            }
        }
        for (id, name) in &self.tags {
            if name.is_none() {
                tx.execute(
                    "DELETE FROM tags WHERE id = ?1 AND article_count = 0 AND annotation_count = 0",
                    [id],
                )?;
            }
        }
        // What carries a renamed tag is indexed under its old name.
        for id in renamed {
            tags::reindex(tx, &tags::tagged_items(tx, id)?)?;
        }
        Ok(())
    }
}

fn tag_by_norm(c: &Connection, norm: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT id FROM tags WHERE norm = ?1")?
        .query_row([norm], |r| r.get(0))
        .optional()?)
}

fn tag_name(c: &Connection, id: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT name FROM tags WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn tag_ids(c: &Connection, sql: &str, id: &str) -> Result<BTreeSet<String>> {
    let ids = c
        .prepare_cached(sql)?
        .query_map([id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

const ARTICLE_TAG_IDS: &str = "SELECT tag_id FROM article_tags WHERE article_id = ?1";
const ANNOTATION_TAG_IDS: &str = "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?1";

fn read_article(c: &Connection, id: &str) -> Result<Option<ArticleState>> {
    let state = c
        .prepare_cached(
            "SELECT a.title, a.author, a.published, a.url, a.updated_at,
                    coalesce(r.state, 'inbox'), coalesce(r.starred, 0), a.trashed_at
               FROM articles a LEFT JOIN reading r ON r.article_id = a.id WHERE a.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ArticleState {
                title: r.get(0)?,
                author: r.get(1)?,
                published: r.get(2)?,
                url: r.get(3)?,
                updated_at: r.get(4)?,
                state: r.get(5)?,
                starred: r.get(6)?,
                trashed_at: r.get(7)?,
                tags: BTreeSet::new(),
            })
        })
        .optional()?;
    let Some(mut state) = state else {
        return Ok(None);
    };
    state.tags = tag_ids(c, ARTICLE_TAG_IDS, id)?;
    Ok(Some(state))
}

fn read_annotation(c: &Connection, id: &str) -> Result<Option<AnnotationState>> {
    let state = c
        .prepare_cached(
            "SELECT article_id, kind, quote, prefix, suffix, start, \"end\", note, color,
                    created_at, updated_at FROM annotations WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(AnnotationState {
                article_id: r.get(0)?,
                kind: r.get(1)?,
                quote: r.get(2)?,
                prefix: r.get(3)?,
                suffix: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
                note: r.get(7)?,
                color: r.get(8)?,
                created_at: r.get(9)?,
                updated_at: r.get(10)?,
                tags: BTreeSet::new(),
            })
        })
        .optional()?;
    let Some(mut state) = state else {
        return Ok(None);
    };
    state.tags = tag_ids(c, ANNOTATION_TAG_IDS, id)?;
    Ok(Some(state))
}

/// Puts the tag `id` back as `name`; returns whether it existed under
/// another name.
fn put_tag(tx: &Connection, id: &str, name: &str) -> Result<bool> {
    let norm = tags::norm(name);
    if let Some(other) = tag_by_norm(tx, &norm)?
        && other != id
    {
        return Err(Error::invalid(format!(
            "cannot put the tag {name:?} back: another tag has that name now"
        )));
    }
    let renamed = tag_name(tx, id)?.is_some_and(|old| old != name);
    tx.prepare_cached(
        "INSERT INTO tags (id, name, norm) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, norm = excluded.norm",
    )?
    .execute(params![id, name, norm])?;
    Ok(renamed)
}

/// Makes the links in `table` from `owner` to tags exactly `wanted`;
/// returns whether anything changed.
fn put_links(
    tx: &Connection,
    (table, column): (&str, &str),
    owner: &str,
    wanted: &BTreeSet<String>,
) -> Result<bool> {
    let have = tag_ids(
        tx,
        &format!("SELECT tag_id FROM {table} WHERE {column} = ?1"),
        owner,
    )?;
    for gone in have.difference(wanted) {
        tx.prepare_cached(&format!(
            "DELETE FROM {table} WHERE {column} = ?1 AND tag_id = ?2"
        ))?
        .execute([owner, gone])?;
    }
    for new in wanted.difference(&have) {
        tx.prepare_cached(&format!(
            "INSERT INTO {table} ({column}, tag_id) VALUES (?1, ?2)"
        ))?
        .execute([owner, new])?;
    }
    Ok(have != *wanted)
}

fn put_article(tx: &Connection, id: &str, s: &ArticleState) -> Result<()> {
    let Some(now) = read_article(tx, id)? else {
        return Err(Error::invalid(
            "cannot undo that: the article has been deleted for good",
        ));
    };
    tx.prepare_cached(
        "UPDATE articles SET title = ?2, author = ?3, published = ?4, url = ?5, updated_at = ?6,
                trashed_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        id,
        s.title,
        s.author,
        s.published,
        s.url,
        s.updated_at,
        s.trashed_at
    ])?;
    if (now.state.as_str(), now.starred) != (s.state.as_str(), s.starred) {
        tx.prepare_cached(
            "INSERT INTO reading (article_id, state, starred) VALUES (?1, ?2, ?3)
             ON CONFLICT (article_id) DO UPDATE SET state = excluded.state, starred = excluded.starred",
        )?
        .execute(params![id, s.state, s.starred])?;
        // A row that holds only the defaults is one that was never needed.
        tx.prepare_cached(
            "DELETE FROM reading WHERE article_id = ?1 AND state = 'inbox' AND starred = 0
               AND position IS NULL AND progress IS NULL AND opened_at IS NULL",
        )?
        .execute([id])?;
    }
    let relinked = put_links(tx, ("article_tags", "article_id"), id, &s.tags)?;
    match (now.trashed_at.is_some(), s.trashed_at.is_some()) {
        (false, true) => index::unindex_article(tx, id)?,
        (true, false) => index::index_article_and_annotations(tx, id)?,
        _ if relinked || now.title != s.title => index::index_article(tx, id)?,
        _ => {}
    }
    Ok(())
}

fn put_annotation(tx: &Connection, id: &str, s: &AnnotationState) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO annotations (id, article_id, kind, quote, prefix, suffix, start, \"end\",
                                  note, color, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET quote = excluded.quote, prefix = excluded.prefix,
                suffix = excluded.suffix, start = excluded.start, \"end\" = excluded.\"end\",
                note = excluded.note, color = excluded.color, updated_at = excluded.updated_at",
    )?
    .execute(params![
        id,
        s.article_id,
        s.kind,
        s.quote,
        s.prefix,
        s.suffix,
        s.start,
        s.end,
        s.note,
        s.color,
        s.created_at,
        s.updated_at
    ])
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Error::invalid("cannot undo that: the article has been deleted for good")
        }
        _ => e.into(),
    })?;
    put_links(tx, ("annotation_tags", "annotation_id"), id, &s.tags)?;
    index::index_annotation(tx, id)
}
