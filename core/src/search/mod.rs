//! Full-text search over titles, article text, highlight quotes, notes and
//! tags. Whatever a user types becomes a safe FTS5 query: words (all must
//! match), "quoted phrases" and `prefix*`; operators and stray punctuation
//! are taken as plain text, so no input is ever a syntax error.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::error::Result;
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
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            tag: None,
            color: None,
            limit: 50,
        }
    }
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

/// The MATCH runs with its ORDER BY and LIMIT on the index alone; titles are
/// joined to those few rows afterwards. `$inner`/`$outer` order the two
/// levels (by bm25 rank, or by index row id = recency).
macro_rules! search_sql {
    ($inner:literal, $outer:literal) => {
        concat!(
            "WITH hits AS (
               SELECT rowid AS doc, kind, article_id, annotation_id, color, rank,
                      snippet(search_index, -1, char(2), char(3), '…', 24) AS snip
                 FROM search_index
                WHERE search_index MATCH ?1
                  AND (?2 IS NULL OR color = ?2)
                  AND (?3 IS NULL
                       OR EXISTS (SELECT 1 FROM article_tags x
                                   WHERE x.article_id = search_index.article_id
                                     AND x.tag_id = (SELECT id FROM tags WHERE norm = ?3))
                       OR EXISTS (SELECT 1 FROM annotation_tags x
                                   WHERE x.annotation_id = search_index.annotation_id
                                     AND x.tag_id = (SELECT id FROM tags WHERE norm = ?3)))
                ORDER BY ",
            $inner,
            " LIMIT ?4)
             SELECT h.kind, h.article_id, h.annotation_id, a.title, h.snip, h.color, h.rank
               FROM hits h JOIN articles a ON a.id = h.article_id
              ORDER BY ",
            $outer
        )
    };
}

const BY_RANK: &str = search_sql!("rank", "h.rank");
const BY_RECENCY: &str = search_sql!("rowid DESC", "h.doc DESC");

const MARK_OPEN: char = '\u{2}';
const MARK_CLOSE: char = '\u{3}';

/// Turns what a user typed into an FTS5 query, or `None` when nothing
/// searchable is left. Every term is quoted, so `AND`, `(`, `:` and the like
/// are searched for as text rather than parsed.
pub fn to_fts_query(input: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let (text, phrase) = if c == '"' {
            chars.next();
            let t: String = chars.by_ref().take_while(|&c| c != '"').collect();
            (t, true)
        } else {
            let mut t = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                t.push(c);
                chars.next();
            }
            (t, false)
        };
        let prefix = !phrase && text.ends_with('*');
        let text = text.trim_end_matches('*');
        if !text.chars().any(char::is_alphanumeric) {
            continue;
        }
        let quoted = format!("\"{}\"", text.replace('"', "\"\""));
        terms.push(if prefix { quoted + "*" } else { quoted });
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

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

impl Library {
    /// Best matches first (bm25: title matches weigh most, then tags, then
    /// text); when more than [`RANK_LIMIT`] rows match, newest first.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let Some(fts) = to_fts_query(&q.text) else {
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
                .query_row(params![fts, RANK_LIMIT + 1], |r| r.get(0))?;
            let sql = if matches > RANK_LIMIT { BY_RECENCY } else { BY_RANK };
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map(params![fts, color, tag, q.limit.max(1)], |r| {
                let kind: String = r.get(0)?;
                let raw: String = r.get(4)?;
                let mut snippet = String::with_capacity(raw.len() + 16);
                escape_html(&raw, &mut snippet);
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
                    color: r.get(5)?,
                    score: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::to_fts_query;

    #[test]
    fn user_input_becomes_quoted_terms() {
        assert_eq!(to_fts_query("cat dog").unwrap(), r#""cat" "dog""#);
        assert_eq!(
            to_fts_query(r#""strategic partner" arm*"#).unwrap(),
            r#""strategic partner" "arm"*"#
        );
        assert_eq!(to_fts_query("AND ( ) * NOT").unwrap(), r#""AND" "NOT""#);
        assert_eq!(
            to_fts_query(r#"unterminated "phrase here"#).unwrap(),
            r#""unterminated" "phrase here""#
        );
        assert_eq!(to_fts_query(r#"a"b"#).unwrap(), r#""a" "b""#);
        assert_eq!(to_fts_query("   "), None);
        assert_eq!(to_fts_query(r#""" ** ( -"#), None);
    }
}
