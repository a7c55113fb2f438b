//! Annotations across the library, as the highlights browser shows them:
//! filtered by words (the search engine's full-text index), tag, colour,
//! article, kind, the article's list and orphans; sorted; counted; a page at
//! any offset (the browser draws only the rows on screen).

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{ANNOTATION_COLUMNS, annotation_from_row};
use crate::error::Result;
use crate::model::{AnnotationInContext, AnnotationKind};
use crate::reading::ReadingState;
use crate::search::to_fts_query;
use crate::store::Library;
use crate::tags;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationSort {
    #[default]
    Newest,
    Oldest,
    /// By article title, then in text order.
    Article,
    /// In palette order, newest first within a colour.
    Color,
}

/// Filters for library-wide annotation lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnnotationQuery {
    /// Words, "phrases" and prefix* as search takes them, matched against
    /// the quote, the note and the tags.
    pub text: Option<String>,
    pub article_id: Option<String>,
    pub tag: Option<String>,
    pub color: Option<String>,
    pub kind: Option<AnnotationKind>,
    /// Only annotations of articles in this list.
    pub state: Option<ReadingState>,
    pub orphans_only: bool,
    pub sort: AnnotationSort,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// The filters, over `annotations n JOIN articles a`: ?1 article, ?2 tag
/// (normalised), ?3 colour, ?4 kind, ?5 orphans only, ?6 an FTS5 query,
/// ?7 the article's state.
const FILTERS: &str = "a.trashed_at IS NULL
    AND (?1 IS NULL OR n.article_id = ?1)
    AND (?2 IS NULL OR n.id IN (SELECT x.annotation_id FROM annotation_tags x
                                  JOIN tags t ON t.id = x.tag_id WHERE t.norm = ?2))
    AND (?3 IS NULL OR n.color = ?3)
    AND (?4 IS NULL OR n.kind = ?4)
    AND (NOT ?5 OR (n.kind = 'highlight' AND n.start IS NULL))
    AND (?6 IS NULL OR n.seq IN (SELECT rowid >> 1 FROM search_index
                                  WHERE search_index MATCH ?6 AND rowid & 1 = 1))
    AND (?7 IS NULL OR coalesce((SELECT r.state FROM reading r WHERE r.article_id = n.article_id),
                                'inbox') = ?7)";

/// How many highlights lost their place, out of the Trash.
pub(crate) const UNPLACED_COUNT: &str = "SELECT count(*) FROM annotations n
     JOIN articles a ON a.id = n.article_id
    WHERE n.kind = 'highlight' AND n.start IS NULL AND a.trashed_at IS NULL";

/// The bound values of [`FILTERS`]; `None` when the words hold nothing
/// searchable (then nothing matches).
fn bound(q: &AnnotationQuery) -> Result<Option<[rusqlite::types::Value; 7]>> {
    use rusqlite::types::Value;
    let text = match q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Value::Null,
        Some(t) => match to_fts_query(t)? {
            Some(fts) => Value::Text(fts.text),
            None => return Ok(None),
        },
    };
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    Ok(Some([
        opt(q.article_id.clone()),
        opt(q.tag.as_deref().map(tags::norm)),
        opt(q.color.as_deref().map(|c| c.trim().to_lowercase())),
        opt(q.kind.map(|k| k.as_str().to_owned())),
        Value::Integer(i64::from(q.orphans_only)),
        text,
        opt(q.state.map(|s| s.as_str().to_owned())),
    ]))
}

impl Library {
    /// Annotations across the library with their article's title: filtered,
    /// sorted, a page at `offset`.
    pub fn find_annotations(&self, q: &AnnotationQuery) -> Result<Vec<AnnotationInContext>> {
        let columns = format!(
            "{ANNOTATION_COLUMNS}, {}, a.title",
            tags::ANNOTATION_TAGS_SQL
        );
        self.found(q, &columns, |r| {
            Ok(AnnotationInContext {
                annotation: annotation_from_row(r)?,
                article_title: r.get(13)?,
            })
        })
    }

    fn found<T>(
        &self,
        q: &AnnotationQuery,
        columns: &str,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let Some(values) = bound(q)? else {
            return Ok(Vec::new());
        };
        let order = match q.sort {
            AnnotationSort::Newest => "n.created_at DESC, n.seq DESC",
            AnnotationSort::Oldest => "n.created_at, n.seq",
            AnnotationSort::Article => {
                "a.title COLLATE NOCASE, a.seq, n.kind = 'highlight', n.start IS NULL, n.start, n.seq"
            }
            AnnotationSort::Color => {
                "(SELECT position FROM colors c WHERE c.name = n.color), n.created_at DESC, n.seq DESC"
            }
        };
        let sql = format!(
            "SELECT {columns}
               FROM annotations n JOIN articles a ON a.id = n.article_id
              WHERE {FILTERS}
              ORDER BY {order} LIMIT ?8 OFFSET ?9"
        );
        self.read(|c| {
            let mut stmt = c.prepare_cached(&sql)?;
            let [v1, v2, v3, v4, v5, v6, v7] = values;
            let rows = stmt.query_map(
                params![
                    v1,
                    v2,
                    v3,
                    v4,
                    v5,
                    v6,
                    v7,
                    q.limit.map_or(-1, i64::from),
                    q.offset
                ],
                row,
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The ids `find_annotations` would return, in its order: what "select
    /// all" selects in the highlights browser.
    pub fn annotation_ids(&self, q: &AnnotationQuery) -> Result<Vec<String>> {
        self.found(q, "n.id", |r| r.get(0))
    }

    /// How many annotations `find_annotations` would return without a limit.
    pub fn count_annotations(&self, q: &AnnotationQuery) -> Result<u64> {
        let unfiltered = AnnotationQuery {
            sort: q.sort,
            offset: q.offset,
            limit: q.limit,
            ..AnnotationQuery::default()
        };
        if *q == unfiltered {
            // The browser's first count: every annotation, counted on the
            // smallest index, less those of articles in the Trash (its own
            // small index), instead of joining each of them to its article
            // (860 ms for 1M annotations in the benchmark).
            return self.read(|c| {
                let n: i64 = c.query_row(
                    "SELECT (SELECT count(*) FROM annotations)
                          - (SELECT count(*) FROM annotations
                              WHERE article_id IN (SELECT id FROM articles WHERE trashed_at IS NOT NULL))",
                    [],
                    |r| r.get(0),
                )?;
                Ok(n.unsigned_abs())
            });
        }
        if *q
            == (AnnotationQuery {
                orphans_only: true,
                ..unfiltered
            })
        {
            // The toolbar's count, after every change: on the small partial
            // index of migration 11 (its terms written out, as SQLite uses a
            // partial index only for a WHERE that names them).
            return self.read(|c| {
                let n: i64 = c.query_row(UNPLACED_COUNT, [], |r| r.get(0))?;
                Ok(n.unsigned_abs())
            });
        }
        let Some(values) = bound(q)? else {
            return Ok(0);
        };
        self.read(|c| {
            let n: i64 = c
                .prepare_cached(&format!(
                    "SELECT count(*) FROM annotations n JOIN articles a ON a.id = n.article_id
                      WHERE {FILTERS}"
                ))?
                .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?;
            Ok(n.unsigned_abs())
        })
    }

    /// Highlights that lost their place when their article's text changed.
    pub fn orphans(&self) -> Result<Vec<AnnotationInContext>> {
        self.find_annotations(&AnnotationQuery {
            orphans_only: true,
            ..AnnotationQuery::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::UNPLACED_COUNT;

    #[test]
    fn the_unplaced_count_reads_its_partial_index() {
        let dir = tempfile::tempdir().unwrap();
        let lib = crate::Library::open(dir.path().join("library.sqlite3")).unwrap();
        let plan = lib
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {UNPLACED_COUNT}"))?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("annotations_unplaced")),
            "{plan:?}"
        );
    }
}
