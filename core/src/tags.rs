//! Tags on articles and annotations: add, remove, list with counts, rename,
//! merge, delete. Names are trimmed, never empty, contain no comma, and are
//! unique case-insensitively in every script.

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::index;
use crate::model::TagCount;
use crate::stamp::{format_time, new_id};
use crate::store::Library;

/// Separator inside `group_concat` lists of tag names (ASCII unit separator,
/// which a tag name can never contain).
const SEP: char = '\u{1f}';

/// SQL expression: the tags of article `a`, sorted, joined by [`SEP`].
pub(crate) const ARTICLE_TAGS_SQL: &str = "(SELECT group_concat(t.name, char(31) ORDER BY t.norm)
       FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id)";

/// SQL expression: the tags of annotation `n`, sorted, joined by [`SEP`].
pub(crate) const ANNOTATION_TAGS_SQL: &str =
    "(SELECT group_concat(t.name, char(31) ORDER BY t.norm)
       FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id)";

pub(crate) fn split(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| s.split(SEP).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The case-folded key a tag name is unique by.
pub(crate) fn norm(name: &str) -> String {
    clean_name(name).to_lowercase()
}

fn clean_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks a user-given tag name and returns its display form.
pub fn validate(name: &str) -> Result<String> {
    let clean = clean_name(name);
    if clean.is_empty() {
        return Err(Error::invalid("a tag cannot be empty"));
    }
    if clean.contains(',') {
        return Err(Error::invalid(format!(
            "a tag cannot contain a comma: {clean:?}"
        )));
    }
    if clean.chars().any(char::is_control) {
        return Err(Error::invalid("a tag cannot contain control characters"));
    }
    if clean.chars().count() > 100 {
        return Err(Error::invalid("a tag can be at most 100 characters long"));
    }
    Ok(clean)
}

/// What a tag is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Article,
    Annotation,
}

fn target_of(c: &Connection, id: &str) -> Result<Target> {
    let article: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if article {
        return Ok(Target::Article);
    }
    let annotation: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM annotations WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if annotation {
        return Ok(Target::Annotation);
    }
    Err(Error::not_found("article or annotation", id))
}

fn tag_id(c: &Connection, name: &str) -> Result<Option<String>> {
    Ok(
        c.query_row("SELECT id FROM tags WHERE norm = ?1", [norm(name)], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

fn existing_tag_id(c: &Connection, name: &str) -> Result<String> {
    tag_id(c, name)?.ok_or_else(|| Error::not_found("tag", name))
}

/// The id of the tag called `name`, created when missing.
pub(crate) fn ensure_tag(c: &Connection, name: &str) -> Result<String> {
    let name = validate(name)?;
    if let Some(id) = tag_id(c, &name)? {
        return Ok(id);
    }
    let id = new_id();
    c.execute(
        "INSERT INTO tags (id, name, norm) VALUES (?1, ?2, ?3)",
        params![id, name, name.to_lowercase()],
    )?;
    Ok(id)
}

/// Attaches tags to an annotation (inside a caller's transaction).
pub(crate) fn tag_annotation(c: &Connection, annotation_id: &str, names: &[String]) -> Result<()> {
    for name in names {
        let tag = ensure_tag(c, name)?;
        c.execute(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?1, ?2)",
            [annotation_id, &tag],
        )?;
    }
    Ok(())
}

/// Everything carrying `tag_id` as (is_article, id), to re-index after a
/// rename, merge or delete.
fn tagged_items(c: &Connection, tag_id: &str) -> Result<Vec<(bool, String)>> {
    let mut stmt = c.prepare(
        "SELECT 1, article_id FROM article_tags WHERE tag_id = ?1
         UNION ALL SELECT 0, annotation_id FROM annotation_tags WHERE tag_id = ?1",
    )?;
    let rows = stmt
        .query_map([tag_id], |r| {
            Ok((r.get::<_, bool>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn reindex(c: &Connection, items: &[(bool, String)]) -> Result<()> {
    for (is_article, id) in items {
        if *is_article {
            index::index_article(c, id)?;
        } else {
            index::index_annotation(c, id)?;
        }
    }
    Ok(())
}

impl Library {
    /// Adds tags to the article or annotation with this id.
    pub fn add_tags(&self, id: &str, names: &[String], now: OffsetDateTime) -> Result<()> {
        self.write(|tx| match target_of(tx, id)? {
            Target::Article => {
                for name in names {
                    let tag = ensure_tag(tx, name)?;
                    tx.execute(
                        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?1, ?2)",
                        [id, &tag],
                    )?;
                }
                index::index_article(tx, id)
            }
            Target::Annotation => {
                tag_annotation(tx, id, names)?;
                touch_annotation(tx, id, now)?;
                index::index_annotation(tx, id)
            }
        })
    }

    /// Removes tags from the article or annotation with this id. Removing a
    /// tag it does not carry is not an error.
    pub fn remove_tags(&self, id: &str, names: &[String], now: OffsetDateTime) -> Result<()> {
        self.write(|tx| {
            let target = target_of(tx, id)?;
            for name in names {
                let Some(tag) = tag_id(tx, name)? else {
                    continue;
                };
                match target {
                    Target::Article => tx.execute(
                        "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2",
                        [id, &tag],
                    )?,
                    Target::Annotation => tx.execute(
                        "DELETE FROM annotation_tags WHERE annotation_id = ?1 AND tag_id = ?2",
                        [id, &tag],
                    )?,
                };
            }
            purge_unused(tx)?;
            match target {
                Target::Article => index::index_article(tx, id),
                Target::Annotation => {
                    touch_annotation(tx, id, now)?;
                    index::index_annotation(tx, id)
                }
            }
        })
    }

    /// Every tag with how many articles and annotations carry it (counts
    /// kept by triggers, migration 4).
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT name, article_count, annotation_count FROM tags ORDER BY norm",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(TagCount {
                    name: r.get(0)?,
                    articles: r.get(1)?,
                    annotations: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Renames a tag. Renaming onto another existing tag is refused: that is
    /// a merge, and says so.
    pub fn rename_tag(&self, old: &str, new: &str) -> Result<()> {
        let new = validate(new)?;
        self.write(|tx| {
            let id = existing_tag_id(tx, old)?;
            if let Some(other) = tag_id(tx, &new)?
                && other != id
            {
                return Err(Error::invalid(format!(
                    "a tag named {new:?} already exists; merge the two instead"
                )));
            }
            tx.execute(
                "UPDATE tags SET name = ?2, norm = ?3 WHERE id = ?1",
                params![id, new, new.to_lowercase()],
            )?;
            reindex(tx, &tagged_items(tx, &id)?)
        })
    }

    /// Moves everything tagged `from` to `into`, then deletes `from`.
    pub fn merge_tags(&self, from: &str, into: &str) -> Result<()> {
        self.write(|tx| {
            let from_id = existing_tag_id(tx, from)?;
            let into_id = existing_tag_id(tx, into)?;
            if from_id == into_id {
                return Err(Error::invalid("cannot merge a tag into itself"));
            }
            let items = tagged_items(tx, &from_id)?;
            tx.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id)
                 SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
                [&from_id, &into_id],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id)
                 SELECT annotation_id, ?2 FROM annotation_tags WHERE tag_id = ?1",
                [&from_id, &into_id],
            )?;
            tx.execute("DELETE FROM tags WHERE id = ?1", [&from_id])?;
            reindex(tx, &items)
        })
    }

    /// Deletes a tag from everything that carries it.
    pub fn delete_tag(&self, name: &str) -> Result<()> {
        self.write(|tx| {
            let id = existing_tag_id(tx, name)?;
            let items = tagged_items(tx, &id)?;
            tx.execute("DELETE FROM tags WHERE id = ?1", [&id])?;
            reindex(tx, &items)
        })
    }
}

/// Drops tags nothing carries any more, so the tag list shows only tags in use.
pub(crate) fn purge_unused(c: &Connection) -> Result<()> {
    c.execute(
        "DELETE FROM tags WHERE article_count = 0 AND annotation_count = 0",
        [],
    )?;
    Ok(())
}

pub(crate) fn touch_annotation(c: &Connection, id: &str, now: OffsetDateTime) -> Result<()> {
    c.execute(
        "UPDATE annotations SET updated_at = ?2 WHERE id = ?1",
        [id, &format_time(now)],
    )?;
    Ok(())
}
