//! How much disk a library takes for the text it holds: the file (its WAL
//! checkpointed into it) against the bytes of text it holds (the articles'
//! canonical text, and the highlights' quotes and notes), with where the
//! pages go (SQLite's `dbstat`) logged for the analysis.

use std::path::Path;
use std::time::Duration;

use marginalia_core::Library;
use rusqlite::Connection;

use crate::corpus::Corpus;
use crate::metrics::{Metric, Recorder, log};
use crate::seed;

type R<T> = Result<T, Box<dyn std::error::Error>>;

const MB: f64 = 1_048_576.0;

/// The bytes of text a library holds: its articles' canonical text (stored
/// compressed, so read back) and its highlights' quotes and notes.
pub fn text_bytes(c: &Connection) -> R<(i64, i64)> {
    let mut articles = 0;
    let mut stmt = c.prepare("SELECT body FROM article_texts")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        articles += marginalia_core::texts::unpack(r.get_ref(0)?.as_blob()?)?.len() as i64;
    }
    let annotations = c.query_row(
        "SELECT coalesce(sum(length(CAST(quote AS BLOB)) + length(CAST(note AS BLOB))), 0)
           FROM annotations",
        [],
        |r| r.get(0),
    )?;
    Ok((articles, annotations))
}

/// Builds a library of `articles` articles with `annotations` annotations
/// at `path` through the core (tagged, its index tidied, its WAL
/// checkpointed) for the storage measurements; returns the bytes of text
/// it holds.
pub fn build(path: &Path, corpus: &Corpus, articles: u64, annotations: u64, label: &str) -> R<i64> {
    {
        let lib = Library::open(path)?;
        seed::import_core(&lib, corpus, 0, articles, label)?;
        seed::tag_articles(&lib, corpus)?;
        seed::add_annotations(&lib, corpus, annotations)?;
        lib.tidy_search_index(Duration::ZERO)?;
    }
    let c = Connection::open(path)?;
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let (articles_text, notes_text) = text_bytes(&c)?;
    Ok(articles_text + notes_text)
}

/// The `limit` largest tables and indexes, as "name MB, …", for the log.
pub fn breakdown(c: &Connection, limit: usize) -> R<String> {
    let parts: Vec<String> = c
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?1")?
        .query_map([limit as i64], |r| {
            Ok(format!(
                "{} {:.1}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as f64 / MB
            ))
        })?
        .collect::<Result<_, _>>()?;
    Ok(parts.join(", "))
}

/// Pushes `library.bytes_per_text_byte.<label>` for the library at `path`
/// (no other connection may be writing to it).
pub fn measure(rec: &mut Recorder, path: &Path, label: &str) -> R<()> {
    let c = Connection::open(path)?;
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let (articles, annotations) = text_bytes(&c)?;
    let text = articles + annotations;
    let mut parts = c.prepare(
        "SELECT name, sum(pgsize) AS bytes, sum(unused) AS unused FROM dbstat
          GROUP BY name ORDER BY bytes DESC LIMIT 8",
    )?;
    let rows = parts
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    drop(parts);
    drop(c);
    let file = std::fs::metadata(path)?.len() as f64
        + std::fs::metadata(path.with_extension("sqlite3-wal")).map_or(0.0, |m| m.len() as f64);
    let where_ = rows
        .iter()
        .map(|(n, b, u)| {
            format!(
                "{n} {:.1} MB ({:.0}% unused)",
                *b as f64 / MB,
                100.0 * *u as f64 / (*b).max(1) as f64
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    log(format!(
        "storage {label}: {:.1} MB for {:.1} MB of text ({:.1} MB articles, {:.1} MB quotes and notes): {where_}",
        file / MB,
        text as f64 / MB,
        articles as f64 / MB,
        annotations as f64 / MB
    ));
    let m = Metric::new(
        format!("library.bytes_per_text_byte.{label}"),
        file / MB,
        "MB",
    )
    .baseline(text as f64 / MB);
    let met = m.ratio.is_some_and(|r| r <= 2.0);
    rec.push(m.goal("<= 2.0x the text (file incl. index)", met));
    Ok(())
}
