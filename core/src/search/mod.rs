//! Full-text search over titles, article text, highlight quotes, notes and
//! tags. Whatever a user types becomes a safe FTS5 query ([`query`]): words
//! (all must match), "quoted phrases" and `prefix*`; operators and stray
//! punctuation are taken as plain text, so no input is a syntax error, and
//! a query's cost is bounded. Snippets cost what the snippet shows, however
//! long the article ([`snippet`]).

mod markdown;
mod query;
pub(crate) mod snippet;
mod window;

pub use query::{FtsQuery, MAX_QUERY_CHARS, MAX_QUERY_TERMS, MAX_QUERY_WORDS, to_fts_query};

use std::sync::LazyLock;

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::index::{ANNOTATION_BODY_SQL, ANNOTATION_TAGS_SQL, ARTICLE_TAGS_SQL};
use crate::model::AnnotationKind;
use crate::store::Library;
use crate::tags;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Article,
    Highlight,
    Note,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: HitKind,
    pub article_id: String,
    pub annotation_id: Option<String>,
    /// The article's title.
    pub title: String,
    /// Text around the match; matched words are wrapped in `<mark>`…`</mark>`
    /// and everything else is HTML-escaped, so it is safe to show as HTML
    /// and easy to turn into text nodes.
    pub snippet: String,
    /// For an article hit whose match is in the text: the code-point offset
    /// of the first match shown in the snippet, where the reader can open.
    pub offset: Option<u32>,
    pub color: Option<String>,
    /// bm25 score; lower is better.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    pub tag: Option<String>,
    pub color: Option<String>,
    pub limit: u32,
    /// Hits to skip: the next page starts where the last one ended.
    pub offset: u32,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            tag: None,
            color: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// One page of hits and, when it is known, how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// All hits, filters applied, up to [`RANK_LIMIT`]; `None` when there
    /// are more (counting them all would cost time in proportion to the
    /// library).
    pub total: Option<u32>,
}

impl SearchQuery {
    pub fn new(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        }
    }
}

/// Above this many matches, results come newest first instead of by bm25.
pub const RANK_LIMIT: i64 = 1000;

/// The match and its filters: ?1 the FTS5 query, ?2 a colour, ?3 a tag
/// (on the article or the annotation). The index holds only text: an even
/// row id is article `rowid >> 1`, an odd one annotation `rowid >> 1`.
macro_rules! matching {
    () => {
        "
                WHERE search_index MATCH ?1
                  AND (?2 IS NULL
                       OR (search_index.rowid & 1 = 1
                           AND (SELECT color FROM annotations WHERE seq = search_index.rowid >> 1) = ?2))
                  AND (?3 IS NULL
                       OR EXISTS (SELECT 1 FROM article_tags x
                                   WHERE x.article_id =
                                           CASE WHEN search_index.rowid & 1 = 0
                                                THEN (SELECT id FROM articles WHERE seq = search_index.rowid >> 1)
                                                ELSE (SELECT article_id FROM annotations WHERE seq = search_index.rowid >> 1) END
                                     AND x.tag_id = (SELECT id FROM tags WHERE norm = ?3))
                       OR (search_index.rowid & 1 = 1
                           AND EXISTS (SELECT 1 FROM annotation_tags x
                                        WHERE x.annotation_id = (SELECT id FROM annotations WHERE seq = search_index.rowid >> 1)
                                          AND x.tag_id = (SELECT id FROM tags WHERE norm = ?3))))
"
    };
}

/// The page of hits: the MATCH runs with its ORDER BY and LIMIT on the index
/// alone; the snippet gets each shown row's title, body and tags from the
/// tables (the index keeps no text; an article's body as stored, which it
/// decompresses only as far as it shows), and what each row is (kind, article,
/// colour) and its title are joined to those few rows afterwards. `inner` and
/// `outer` order the two levels (by bm25 rank, or by index row id = recency).
fn search_sql(inner: &str, outer: &str) -> String {
    const ARTICLE: &str = "search_index.rowid & 1 = 0";
    const ARTICLE_ROW: &str = "FROM articles a WHERE a.seq = search_index.rowid >> 1";
    const ANNOTATION_ROW: &str = "FROM annotations n WHERE n.seq = search_index.rowid >> 1";
    format!(
        "WITH hits AS (
           SELECT rowid AS doc, rank,
                  marginalia_snippet(search_index, ?5,
                    CASE WHEN {ARTICLE} THEN (SELECT a.title {ARTICLE_ROW}) ELSE '' END,
                    CASE WHEN {ARTICLE}
                         THEN (SELECT body FROM article_texts WHERE seq = search_index.rowid >> 1)
                         ELSE (SELECT {ANNOTATION_BODY_SQL} {ANNOTATION_ROW}) END,
                    CASE WHEN {ARTICLE} THEN (SELECT {ARTICLE_TAGS_SQL} {ARTICLE_ROW})
                         ELSE (SELECT {ANNOTATION_TAGS_SQL} {ANNOTATION_ROW}) END) AS snip
             FROM search_index {matching}
            ORDER BY {inner} LIMIT ?4 OFFSET ?6)
         SELECT coalesce(n.kind, 'article'), a.id, n.id, a.title, h.snip, n.color, h.rank
           FROM hits h
           LEFT JOIN annotations n ON h.doc & 1 = 1 AND n.seq = h.doc >> 1
           JOIN articles a ON a.seq = CASE WHEN h.doc & 1 = 0 THEN h.doc >> 1
                                           ELSE (SELECT seq FROM articles WHERE id = n.article_id) END
          ORDER BY {outer}",
        matching = matching!()
    )
}

static BY_RANK: LazyLock<String> = LazyLock::new(|| search_sql("rank", "h.rank"));
static BY_RECENCY: LazyLock<String> = LazyLock::new(|| search_sql("rowid DESC", "h.doc DESC"));

use snippet::OFFSET_END;
use window::{MARK_CLOSE, MARK_OPEN};

fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            MARK_OPEN => out.push_str("<mark>"),
            MARK_CLOSE => out.push_str("</mark>"),
            c => out.push(c),
        }
    }
}

/// Counts the hits the filters let through, stopping past [`RANK_LIMIT`].
const COUNT_FILTERED: &str = concat!(
    "SELECT count(*) FROM (SELECT 1 FROM search_index",
    matching!(),
    " LIMIT ?4)"
);

impl Library {
    /// One page of [`search`](Library::search)'s hits, with their total
    /// when there are at most [`RANK_LIMIT`].
    pub fn search_page(&self, q: &SearchQuery) -> Result<SearchPage> {
        let hits = self.search(q)?;
        let Some(fts) = to_fts_query(&q.text)? else {
            return Ok(SearchPage {
                hits,
                total: Some(0),
            });
        };
        let tag = q.tag.as_deref().map(tags::norm);
        let color = q.color.as_deref().map(|c| c.trim().to_lowercase());
        let counted: i64 = self.read(|c| {
            Ok(c.prepare_cached(COUNT_FILTERED)?
                .query_row(params![fts.text, color, tag, RANK_LIMIT + 1], |r| r.get(0))?)
        })?;
        let total = u32::try_from(counted)
            .ok()
            .filter(|&n| i64::from(n) <= RANK_LIMIT);
        Ok(SearchPage { hits, total })
    }

    /// Best matches first (bm25: title matches weigh most, then tags, then
    /// text); when more than [`RANK_LIMIT`] rows match, newest first.
    /// Snippets of highlights and notes show their text without Markdown's
    /// marks.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let Some(fts) = to_fts_query(&q.text)? else {
            return Ok(Vec::new());
        };
        let tag = q.tag.as_deref().map(tags::norm);
        let color = q.color.as_deref().map(|c| c.trim().to_lowercase());
        self.read(|c| {
            // bm25 must score every match before LIMIT applies, so a word in
            // most articles would cost time in proportion to the library.
            // Count matches cheaply (unranked, bounded) first; past
            // RANK_LIMIT rank by recency, where FTS5 stops at the LIMIT.
            let matches: i64 = c
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT ?2)",
                )?
                .query_row(params![fts.text, RANK_LIMIT + 1], |r| r.get(0))?;
            let sql: &str = if matches > RANK_LIMIT { &BY_RECENCY } else { &BY_RANK };
            let mut stmt = c.prepare_cached(sql)?;
            let args = params![fts.text, color, tag, q.limit.max(1), fts.prefixes, q.offset];
            let rows = stmt.query_map(args, |r| {
                let kind: String = r.get(0)?;
                let raw: String = r.get(4)?;
                let (offset, raw) = match raw.split_once(OFFSET_END) {
                    Some((at, rest)) if kind == "article" => (at.parse().ok(), rest),
                    Some((_, rest)) => (None, rest),
                    None => (None, raw.as_str()),
                };
                let plain;
                let raw = if kind == "article" {
                    raw
                } else {
                    plain = markdown::plain(raw);
                    plain.as_str()
                };
                let mut snippet = String::with_capacity(raw.len() + 16);
                escape_html(raw, &mut snippet);
                Ok(SearchHit {
                    kind: match kind.as_str() {
                        "article" => HitKind::Article,
                        k if AnnotationKind::parse(k) == AnnotationKind::Note => HitKind::Note,
                        _ => HitKind::Highlight,
                    },
                    article_id: r.get(1)?,
                    annotation_id: r.get(2)?,
                    title: r.get(3)?,
                    snippet,
                    offset,
                    color: r.get(5)?,
                    score: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
