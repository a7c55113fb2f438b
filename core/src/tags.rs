//! Tags on articles and annotations: add, remove, list with counts, rename,
//! merge, delete. Names are trimmed, never empty, contain no comma, and are
//! unique case-insensitively in every script.

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::history::{Change, Touched, count};
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
pub(crate) fn tagged_items(c: &Connection, tag_id: &str) -> Result<Vec<(bool, String)>> {
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

/// What a change to the tags `tag_ids` on `items` touches.
fn touched_by<const N: usize>(items: &[(bool, String)], tag_ids: [String; N]) -> Touched {
    let mut touched = Touched {
        tag_ids: tag_ids.into(),
        ..Touched::default()
    };
    for (is_article, id) in items {
        if *is_article {
            touched.articles.insert(id.clone());
        } else {
            touched.annotations.insert(id.clone());
        }
    }
    touched
}

pub(crate) fn reindex(c: &Connection, items: &[(bool, String)]) -> Result<()> {
    for (is_article, id) in items {
        if *is_article {
            index::index_article(c, id)?;
        } else {
            index::index_annotation(c, id)?;
        }
    }
    Ok(())
}

/// Which of `ids` are articles and which annotations, for a change that
/// touches them; the first id that is neither is an error.
pub(crate) fn touched_items(c: &Connection, ids: &[String], names: &[String]) -> Result<Touched> {
    let mut touched = Touched {
        tag_names: names.to_vec(),
        ..Touched::default()
    };
    for id in ids {
        match target_of(c, id)? {
            Target::Article => touched.articles.insert(id.clone()),
            Target::Annotation => touched.annotations.insert(id.clone()),
        };
    }
    Ok(touched)
}

/// Runs `sql` (for articles, for annotations: `?1` the item, `?2` the tag)
/// for every touched item and tag, then re-indexes each item it changed
/// (an annotation also gets `now` as its update time); returns how many.
fn relink(
    tx: &Connection,
    touched: &Touched,
    tags: &[String],
    sql: [&str; 2],
    now: OffsetDateTime,
) -> Result<usize> {
    let mut changed = 0;
    for (i, items) in [&touched.articles, &touched.annotations]
        .into_iter()
        .enumerate()
    {
        let mut stmt = tx.prepare_cached(sql[i])?;
        for id in items {
            let mut n = 0;
            for tag in tags {
                n += stmt.execute([id, tag])?;
            }
            if n == 0 {
                continue;
            }
            if i == 0 {
                index::index_article(tx, id)?;
            } else {
                touch_annotation(tx, id, now)?;
                index::index_annotation(tx, id)?;
            }
            changed += 1;
        }
    }
    Ok(changed)
}

/// "Tag 3 articles", "Untag 1 highlight", "Tag 2 items".
fn tagging_label(verb: &str, t: &Touched) -> String {
    match (t.articles.len(), t.annotations.len()) {
        (n, 0) => format!("{verb} {}", count(n, "article", "articles")),
        (0, n) => format!("{verb} {}", count(n, "annotation", "annotations")),
        (a, n) => format!("{verb} {}", count(a + n, "item", "items")),
    }
}

impl Library {
    /// Adds tags to the article or annotation with this id.
    pub fn add_tags(&self, id: &str, names: &[String], now: OffsetDateTime) -> Result<()> {
        self.add_tags_to(&[id.to_owned()], names, now).map(|_| ())
    }

    /// Adds tags to every article and annotation in `ids`, in one
    /// transaction; an unknown id changes nothing and is an error. Returns
    /// how many items gained a tag. Can be undone.
    pub fn add_tags_to(
        &self,
        ids: &[String],
        names: &[String],
        now: OffsetDateTime,
    ) -> Result<usize> {
        for name in names {
            validate(name)?;
        }
        self.change(
            Change::new("Tag", now),
            |tx| touched_items(tx, ids, names),
            |tx, touched| {
                touched.label = Some(tagging_label("Tag", touched));
                let tags = names
                    .iter()
                    .map(|n| ensure_tag(tx, n))
                    .collect::<Result<Vec<_>>>()?;
                let changed = relink(
                    tx,
                    touched,
                    &tags,
                    [
                        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?1, ?2)",
                        "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?1, ?2)",
                    ],
                    now,
                )?;
                Ok(changed)
            },
        )
    }

    /// Removes tags from the article or annotation with this id. Removing a
    /// tag it does not carry is not an error.
    pub fn remove_tags(&self, id: &str, names: &[String], now: OffsetDateTime) -> Result<()> {
        self.remove_tags_from(&[id.to_owned()], names, now)
            .map(|_| ())
    }

    /// Removes tags from every article and annotation in `ids`, in one
    /// transaction; returns how many items lost a tag. Can be undone.
    pub fn remove_tags_from(
        &self,
        ids: &[String],
        names: &[String],
        now: OffsetDateTime,
    ) -> Result<usize> {
        self.change(
            Change::new("Untag", now),
            |tx| touched_items(tx, ids, names),
            |tx, touched| {
                touched.label = Some(tagging_label("Untag", touched));
                let mut tags = Vec::new();
                for name in names {
                    tags.extend(tag_id(tx, name)?);
                }
                let changed = relink(
                    tx,
                    touched,
                    &tags,
                    [
                        "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2",
                        "DELETE FROM annotation_tags WHERE annotation_id = ?1 AND tag_id = ?2",
                    ],
                    now,
                )?;
                purge_unused(tx)?;
                Ok(changed)
            },
        )
    }

    /// Every tag with how many articles and annotations carry it (counts
    /// kept by triggers, migration 4).
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        self.read(|c| {
            // Less what the Trash holds: read from its own small index.
            let mut stmt = c.prepare_cached(
                "WITH gone AS (SELECT id FROM articles WHERE trashed_at IS NOT NULL),
                      d AS (SELECT tag_id, count(*) AS articles, 0 AS annotations
                              FROM article_tags WHERE article_id IN gone GROUP BY tag_id
                            UNION ALL
                            SELECT x.tag_id, 0, count(*) FROM annotations n
                              JOIN annotation_tags x ON x.annotation_id = n.id
                             WHERE n.article_id IN gone GROUP BY x.tag_id),
                      e AS (SELECT tag_id, sum(articles) AS articles,
                                   sum(annotations) AS annotations FROM d GROUP BY tag_id)
                 SELECT t.name, t.article_count - coalesce(e.articles, 0),
                        t.annotation_count - coalesce(e.annotations, 0)
                   FROM tags t LEFT JOIN e ON e.tag_id = t.id
                  WHERE t.article_count - coalesce(e.articles, 0)
                      + t.annotation_count - coalesce(e.annotations, 0) > 0
                  ORDER BY t.norm",
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
    pub fn rename_tag(&self, old: &str, new: &str, now: OffsetDateTime) -> Result<()> {
        let new = validate(new)?;
        self.change(
            Change::new(format!("Rename tag {old:?}"), now),
            |tx| {
                let id = existing_tag_id(tx, old)?;
                Ok(Touched {
                    tag_ids: [id].into(),
                    ..Touched::default()
                })
            },
            |tx, touched| {
                let id = touched.tag_ids.first().cloned().unwrap_or_default();
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
            },
        )
    }

    /// Moves everything tagged `from` to `into`, then deletes `from`.
    pub fn merge_tags(&self, from: &str, into: &str, now: OffsetDateTime) -> Result<()> {
        self.change(
            Change::new(format!("Merge tag {from:?} into {into:?}"), now),
            |tx| {
                let (from_id, into_id) = (existing_tag_id(tx, from)?, existing_tag_id(tx, into)?);
                if from_id == into_id {
                    return Err(Error::invalid("cannot merge a tag into itself"));
                }
                Ok(touched_by(&tagged_items(tx, &from_id)?, [from_id, into_id]))
            },
            |tx, _| {
                let (from_id, into_id) = (&existing_tag_id(tx, from)?, &existing_tag_id(tx, into)?);
                let items = tagged_items(tx, from_id)?;
                tx.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id)
                 SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
                    [from_id, into_id],
                )?;
                tx.execute(
                    "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id)
                 SELECT annotation_id, ?2 FROM annotation_tags WHERE tag_id = ?1",
                    [from_id, into_id],
                )?;
                tx.execute("DELETE FROM tags WHERE id = ?1", [from_id])?;
                reindex(tx, &items)
            },
        )
    }

    /// Deletes a tag from everything that carries it.
    pub fn delete_tag(&self, name: &str, now: OffsetDateTime) -> Result<()> {
        self.change(
            Change::new(format!("Delete tag {name:?}"), now),
            |tx| {
                let id = existing_tag_id(tx, name)?;
                Ok(touched_by(&tagged_items(tx, &id)?, [id]))
            },
            |tx, _| {
                let id = existing_tag_id(tx, name)?;
                let items = tagged_items(tx, &id)?;
                tx.execute("DELETE FROM tags WHERE id = ?1", [&id])?;
                reindex(tx, &items)
            },
        )
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
