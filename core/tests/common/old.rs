//! Libraries as earlier versions of Marginalia left them: the schema of
//! migrations `..version` and rows written with the SQL those versions
//! used (the text in `articles.text`, the full-text index with its own copy).

use std::path::Path;

use marginalia_core::MIGRATIONS;
use rusqlite::{Connection, params};

pub struct OldArticle<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub tags: &'a [&'a str],
}

pub struct OldHighlight<'a> {
    pub article: usize,
    pub quote: &'a str,
    pub note: &'a str,
    pub color: &'a str,
    pub tags: &'a [&'a str],
}

pub struct Written {
    pub article_ids: Vec<String>,
    pub annotation_ids: Vec<String>,
}

/// Creates a library at schema `version` holding `articles` and
/// `highlights` (each placed at the first occurrence of its quote; a quote
/// not in the text makes a note with that text instead).
pub fn write(
    path: &Path,
    version: usize,
    articles: &[OldArticle<'_>],
    highlights: &[OldHighlight<'_>],
) -> Written {
    let mut conn = Connection::open(path).unwrap();
    for m in &MIGRATIONS[..version] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    let tx = conn.transaction().unwrap();
    let mut tag_ids = std::collections::BTreeMap::new();
    let mut tag = |tx: &Connection, name: &str| -> String {
        let norm = name.to_lowercase();
        let n = tag_ids.len();
        tag_ids
            .entry(norm.clone())
            .or_insert_with(|| {
                let id = format!("tag-{n}");
                tx.execute(
                    "INSERT INTO tags (id, name, norm) VALUES (?1, ?2, ?3)",
                    params![id, name, norm],
                )
                .unwrap();
                id
            })
            .clone()
    };
    let at = "2025-01-01T00:00:00Z";
    let mut article_ids = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let (seq, id) = (i as i64 + 1, format!("article-{i:04}"));
        tx.execute(
            "INSERT INTO articles (seq, id, title, source, imported_at, updated_at, text, content_hash)
             VALUES (?1, ?2, ?3, 'old.txt', ?4, ?4, ?5, ?2)",
            params![seq, id, a.title, at, a.text],
        )
        .unwrap();
        for t in a.tags {
            let tid = tag(&tx, t);
            tx.execute("INSERT INTO article_tags VALUES (?1, ?2)", [&id, &tid])
                .unwrap();
        }
        tx.execute(
            "INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
             VALUES (?1, ?2, ?3, ?4, 'article', ?5)",
            params![seq * 2, a.title, a.text, a.tags.join(", "), id],
        )
        .unwrap();
        article_ids.push(id);
    }
    let mut annotation_ids = Vec::new();
    for (i, h) in highlights.iter().enumerate() {
        let (seq, id) = (i as i64 + 1, format!("annotation-{i:05}"));
        let article = &articles[h.article];
        let chars: Vec<char> = article.text.chars().collect();
        let found = article.text.find(h.quote).map(|byte| {
            let start = article.text[..byte].chars().count();
            (start, start + h.quote.chars().count())
        });
        let cut = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
        let (kind, quote, prefix, suffix, start, end) = match found {
            Some((s, e)) => (
                "highlight",
                Some(h.quote.to_owned()),
                Some(cut(s.saturating_sub(32), s)),
                Some(cut(e, (e + 32).min(chars.len()))),
                Some(s as i64),
                Some(e as i64),
            ),
            None => ("note", None, None, None, None, None),
        };
        let note = if found.is_some() { h.note } else { h.quote };
        tx.execute(
            "INSERT INTO annotations (seq, id, article_id, kind, quote, prefix, suffix, start, \"end\",
                                      note, color, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            params![
                seq,
                id,
                article_ids[h.article],
                kind,
                quote,
                prefix,
                suffix,
                start,
                end,
                note,
                h.color,
                at
            ],
        )
        .unwrap();
        for t in h.tags {
            let tid = tag(&tx, t);
            tx.execute("INSERT INTO annotation_tags VALUES (?1, ?2)", [&id, &tid])
                .unwrap();
        }
        let body = match (&quote, note.is_empty()) {
            (Some(q), false) => format!("{q}\n\n{note}"),
            (Some(q), true) => q.clone(),
            (None, _) => note.to_owned(),
        };
        tx.execute(
            "INSERT INTO search_index (rowid, title, body, tags, kind, article_id, annotation_id, color)
             VALUES (?1, '', ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                seq * 2 + 1,
                body,
                h.tags.join(", "),
                kind,
                article_ids[h.article],
                id,
                h.color
            ],
        )
        .unwrap();
        annotation_ids.push(id);
    }
    tx.commit().unwrap();
    Written {
        article_ids,
        annotation_ids,
    }
}
