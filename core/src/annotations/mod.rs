//! Highlights and notes: create (from offsets or from a quote), edit,
//! delete, list, and re-attach orphans. Every change can be undone.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::anchor::{Anchor, Indexed};
use crate::articles::load_article;
use crate::colors::check_color;
use crate::error::{Error, Result};
use crate::history::{Change, Touched, count};
use crate::model::{Annotation, AnnotationKind, Article};
use crate::stamp::{format_time, new_id};
use crate::store::Library;
use crate::{index, tags};

mod query;
pub use query::{AnnotationQuery, AnnotationSort};

/// Where a new highlight goes: code-point offsets (the app) or a quote and
/// which occurrence of it (the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Passage {
    Range {
        start: usize,
        end: usize,
    },
    Quote {
        quote: String,
        occurrence: Option<usize>,
    },
}

/// The user's part of an annotation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnnotationInput {
    pub note: String,
    /// Palette colour name; `None` for the default (yellow).
    pub color: Option<String>,
    pub tags: Vec<String>,
}

/// A change to an annotation; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnnotationPatch {
    pub note: Option<String>,
    pub color: Option<String>,
}

pub(crate) const ANNOTATION_COLUMNS: &str =
    "n.id, n.article_id, n.kind, n.quote, n.prefix, n.suffix,
    n.start, n.\"end\", n.note, n.color, n.created_at, n.updated_at";

pub(crate) fn annotation_from_row(r: &Row<'_>) -> rusqlite::Result<Annotation> {
    let start: Option<i64> = r.get(6)?;
    let kind = AnnotationKind::parse(&r.get::<_, String>(2)?);
    Ok(Annotation {
        id: r.get(0)?,
        article_id: r.get(1)?,
        kind,
        quote: r.get(3)?,
        prefix: r.get(4)?,
        suffix: r.get(5)?,
        start,
        end: r.get(7)?,
        orphaned: kind == AnnotationKind::Highlight && start.is_none(),
        note: r.get(8)?,
        color: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        tags: tags::split(r.get(12)?),
    })
}

fn load(c: &Connection, id: &str) -> Result<Annotation> {
    c.query_row(
        &format!(
            "SELECT {ANNOTATION_COLUMNS}, {} FROM annotations n WHERE n.id = ?1",
            tags::ANNOTATION_TAGS_SQL
        ),
        [id],
        annotation_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("annotation", id))
}

/// Notes are kept as typed, less control characters that have no place in
/// text (they would also break exports).
fn clean_note(note: &str) -> String {
    note.replace("\r\n", "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// What a change that attaches `names` touches before it runs.
fn tagging(names: &[String]) -> Touched {
    Touched {
        tag_names: names.to_vec(),
        ..Touched::default()
    }
}

fn locate(c: &Connection, article_id: &str, passage: &Passage) -> Result<Anchor> {
    let article = load_article(c, article_id)?;
    let text = Indexed::new(&article.text);
    match passage {
        Passage::Range { start, end } => text.anchor(*start, *end),
        Passage::Quote { quote, occurrence } => {
            text.anchor_quote(&crate::import::normalize(quote), *occurrence)
        }
    }
}

impl Library {
    /// Highlights a passage of an article. Can be undone.
    pub fn create_highlight(
        &self,
        article_id: &str,
        passage: &Passage,
        input: &AnnotationInput,
        now: OffsetDateTime,
    ) -> Result<Annotation> {
        let id = new_id();
        let stamp = format_time(now);
        self.change(
            Change::new("Highlight", now),
            |_| Ok(tagging(&input.tags)),
            |tx, touched| {
                let a = locate(tx, article_id, passage)?;
                let color = check_color(tx, input.color.as_deref())?;
                tx.execute(
                    "INSERT INTO annotations (id, article_id, kind, quote, prefix, suffix, start, \"end\",
                                              note, color, created_at, updated_at)
                     VALUES (?1, ?2, 'highlight', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                    params![
                        id,
                        article_id,
                        a.quote,
                        a.prefix,
                        a.suffix,
                        a.start as i64,
                        a.end as i64,
                        clean_note(&input.note),
                        color,
                        stamp
                    ],
                )?;
                touched.annotations.insert(id.clone());
                tags::tag_annotation(tx, &id, &input.tags)?;
                index::index_annotation(tx, &id)?;
                load(tx, &id)
            },
        )
    }

    /// A note on the whole article. Can be undone.
    pub fn create_note(
        &self,
        article_id: &str,
        input: &AnnotationInput,
        now: OffsetDateTime,
    ) -> Result<Annotation> {
        let id = new_id();
        let stamp = format_time(now);
        self.change(
            Change::new("Add note", now),
            |_| Ok(tagging(&input.tags)),
            |tx, touched| {
                load_article(tx, article_id)?;
                let color = check_color(tx, input.color.as_deref())?;
                tx.execute(
                    "INSERT INTO annotations (id, article_id, kind, note, color, created_at, updated_at)
                     VALUES (?1, ?2, 'note', ?3, ?4, ?5, ?5)",
                    params![id, article_id, clean_note(&input.note), color, stamp],
                )?;
                touched.annotations.insert(id.clone());
                tags::tag_annotation(tx, &id, &input.tags)?;
                index::index_annotation(tx, &id)?;
                load(tx, &id)
            },
        )
    }

    pub fn annotation(&self, id: &str) -> Result<Annotation> {
        self.read(|c| load(c, id))
    }

    /// Changes an annotation's note or colour. Can be undone; edits to the
    /// same note in a row (typing) undo as one.
    pub fn update_annotation(
        &self,
        id: &str,
        patch: &AnnotationPatch,
        now: OffsetDateTime,
    ) -> Result<Annotation> {
        let mut change = Change::new(
            match (&patch.note, &patch.color) {
                (Some(_), None) => "Edit note",
                (None, Some(_)) => "Change colour",
                _ => "Edit highlight",
            },
            now,
        );
        if patch.color.is_none() {
            change.merge_key = Some(format!("note:{id}"));
        }
        self.change(
            change,
            |_| Ok(Touched::annotations(&[id.to_owned()])),
            |tx, _| {
                load(tx, id)?;
                if let Some(note) = &patch.note {
                    tx.execute(
                        "UPDATE annotations SET note = ?2 WHERE id = ?1",
                        [id, &clean_note(note)],
                    )?;
                }
                if let Some(color) = &patch.color {
                    let color = check_color(tx, Some(color))?;
                    tx.execute(
                        "UPDATE annotations SET color = ?2 WHERE id = ?1",
                        [id, &color],
                    )?;
                }
                tags::touch_annotation(tx, id, now)?;
                index::index_annotation(tx, id)?;
                load(tx, id)
            },
        )
    }

    /// Gives the annotations `ids` the colour `color`, in one transaction;
    /// returns how many changed. Can be undone.
    pub fn set_color(&self, ids: &[String], color: &str, now: OffsetDateTime) -> Result<usize> {
        let label = format!("Colour {}", count(ids.len(), "annotation", "annotations"));
        self.change(
            Change::new(label, now),
            |_| Ok(Touched::annotations(ids)),
            |tx, _| {
                let color = check_color(tx, Some(color))?;
                let stamp = format_time(now);
                let mut changed = 0;
                for id in ids {
                    load(tx, id)?;
                    changed += tx
                        .prepare_cached(
                            "UPDATE annotations SET color = ?2, updated_at = ?3
                              WHERE id = ?1 AND color <> ?2",
                        )?
                        .execute([id, &color, &stamp])?;
                }
                Ok(changed)
            },
        )
    }

    /// Deletes an annotation and returns it as it was. Can be undone.
    pub fn delete_annotation(&self, id: &str, now: OffsetDateTime) -> Result<Annotation> {
        let ids = [id.to_owned()];
        let mut gone = None;
        self.delete_annotations_with(&ids, now, |a| gone = Some(a))?;
        gone.ok_or_else(|| Error::not_found("annotation", id))
    }

    /// Deletes the annotations `ids` in one transaction; returns how many.
    /// An unknown id changes nothing and is an error. Can be undone.
    pub fn delete_annotations(&self, ids: &[String], now: OffsetDateTime) -> Result<usize> {
        self.delete_annotations_with(ids, now, |_| {})
    }

    fn delete_annotations_with(
        &self,
        ids: &[String],
        now: OffsetDateTime,
        mut each: impl FnMut(Annotation),
    ) -> Result<usize> {
        self.change(
            Change::new("Delete annotations", now),
            |_| Ok(Touched::annotations(ids)),
            |tx, touched| {
                let mut kinds = [0, 0];
                for id in ids {
                    let gone = load(tx, id)?;
                    kinds[usize::from(gone.kind == AnnotationKind::Note)] += 1;
                    index::delete_annotation(tx, id)?;
                    each(gone);
                }
                tags::purge_unused(tx)?;
                touched.label = Some(match kinds {
                    [1, 0] => "Delete highlight".to_owned(),
                    [0, 1] => "Delete note".to_owned(),
                    [_, 0] => format!("Delete {}", count(ids.len(), "highlight", "highlights")),
                    _ => format!("Delete {}", count(ids.len(), "annotation", "annotations")),
                });
                Ok(ids.len())
            },
        )
    }

    /// Gives a highlight (usually an orphan) a new passage in its article.
    /// Can be undone.
    pub fn reattach(&self, id: &str, passage: &Passage, now: OffsetDateTime) -> Result<Annotation> {
        self.change(
            Change::new("Re-attach highlight", now),
            |_| Ok(Touched::annotations(&[id.to_owned()])),
            |tx, _| {
                let a = load(tx, id)?;
                if a.kind != AnnotationKind::Highlight {
                    return Err(Error::invalid("only a highlight can be attached to a passage"));
                }
                let anchor = locate(tx, &a.article_id, passage)?;
                tx.execute(
                    "UPDATE annotations SET quote = ?2, prefix = ?3, suffix = ?4, start = ?5, \"end\" = ?6,
                            updated_at = ?7 WHERE id = ?1",
                    params![
                        id,
                        anchor.quote,
                        anchor.prefix,
                        anchor.suffix,
                        anchor.start as i64,
                        anchor.end as i64,
                        format_time(now)
                    ],
                )?;
                index::index_annotation(tx, id)?;
                load(tx, id)
            },
        )
    }

    /// An article and its annotations (notes first, then highlights in text
    /// order, then orphans), read in one snapshot.
    pub fn article_with_annotations(&self, article_id: &str) -> Result<(Article, Vec<Annotation>)> {
        self.read(|c| {
            let article = load_article(c, article_id)?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {ANNOTATION_COLUMNS}, {} FROM annotations n WHERE n.article_id = ?1
                  ORDER BY n.kind = 'highlight', n.start IS NULL, n.start, n.created_at",
                tags::ANNOTATION_TAGS_SQL
            ))?;
            let rows = stmt.query_map([article_id], annotation_from_row)?;
            Ok((article, rows.collect::<rusqlite::Result<Vec<_>>>()?))
        })
    }
}
