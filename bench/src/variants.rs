//! `marginalia-bench storage`: the routes to a lighter library, measured on
//! the same corpus. Each variant is a way to store the same articles,
//! highlights and full-text index; for each, the file size against the text
//! it holds, the rate of raw inserts into an empty library of that shape,
//! and the latency of the query mix (ranked, 50 hits, with the text around
//! the match where the variant can give it). Nothing here changes the app's
//! schema: the variants are built from a copy of a library the core made.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use marginalia_core::Library;
use marginalia_core::search::to_fts_query;
use rusqlite::{Connection, params};

use crate::corpus::Corpus;
use crate::metrics::{log, ms, stats};
use crate::{core_bench, seed, storage};

type R<T> = Result<T, Box<dyn std::error::Error>>;

const MB: f64 = 1_048_576.0;

/// How a variant keeps the full-text index and the article text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Index {
    /// Today: one FTS5 table with its own copy of every text.
    Copy,
    /// External content: FTS5 reads the text back from the tables (one
    /// index over articles, one over annotations: rows of two tables).
    External,
    /// Contentless (`contentless_delete`): no text in the index at all; the
    /// text around a match is cut from the tables by the caller.
    Contentless,
}

#[derive(Clone, Copy)]
struct Variant {
    name: &'static str,
    index: Index,
    page_size: u32,
    /// Article text compressed with zstd (only with a contentless index:
    /// nothing else reads it).
    zstd: bool,
    /// FTS5's index of 3-character prefixes (today's: `pro*` is one lookup).
    prefix: bool,
}

const fn variant(
    name: &'static str,
    index: Index,
    page_size: u32,
    zstd: bool,
    prefix: bool,
) -> Variant {
    Variant {
        name,
        index,
        page_size,
        zstd,
        prefix,
    }
}

const VARIANTS: &[Variant] = &[
    variant("schema 7", Index::Copy, 4096, false, true),
    variant("schema 7, 16 KB pages", Index::Copy, 16384, false, true),
    variant("external content", Index::External, 4096, false, true),
    variant(
        "external content, 16 KB pages",
        Index::External,
        16384,
        false,
        true,
    ),
    variant("contentless", Index::Contentless, 4096, false, true),
    variant(
        "contentless + zstd text",
        Index::Contentless,
        4096,
        true,
        true,
    ),
    variant(
        "contentless + zstd text, 16 KB pages",
        Index::Contentless,
        16384,
        true,
        true,
    ),
    variant(
        "contentless + zstd text, no prefix index",
        Index::Contentless,
        4096,
        true,
        false,
    ),
];

pub const TOKENIZE: &str = "tokenize = 'porter unicode61 remove_diacritics 2'";

fn fts_options(v: Variant) -> String {
    if v.prefix {
        format!("{TOKENIZE}, prefix = '3'")
    } else {
        TOKENIZE.to_owned()
    }
}

/// The text of an annotation as the index holds it (as core writes it).
const ANNOTATION_BODY: &str = "CASE WHEN coalesce(n.quote, '') <> '' AND n.note <> '' THEN n.quote || char(10) || char(10) || n.note
            WHEN coalesce(n.quote, '') <> '' THEN n.quote ELSE n.note END";
const ARTICLE_TAGS: &str = "coalesce((SELECT group_concat(t.name, ', ') FROM article_tags x
                   JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '')";
const ANNOTATION_TAGS: &str = "coalesce((SELECT group_concat(t.name, ', ') FROM annotation_tags x
                   JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id), '')";

/// Puts a library of today's shape back into schema 7's, where the variants
/// start from: the text in `articles.text` (here its last column), no
/// `article_texts`.
fn to_schema_7(c: &Connection) -> R<()> {
    c.execute_batch("ALTER TABLE articles ADD COLUMN text TEXT NOT NULL DEFAULT '';")?;
    let rows: Vec<(i64, Vec<u8>)> = c
        .prepare("SELECT seq, body FROM article_texts")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut up = c.prepare("UPDATE articles SET text = ?2 WHERE seq = ?1")?;
    for (seq, body) in rows {
        up.execute(params![seq, marginalia_core::texts::unpack(&body)?])?;
    }
    c.execute_batch("DROP TABLE article_texts;")?;
    Ok(())
}

/// Replaces the index with the variant's, on a library in schema 7's shape.
fn reshape(c: &Connection, v: Variant) -> R<()> {
    c.execute_batch("DROP TABLE IF EXISTS search_index;")?;
    let opts = fts_options(v);
    match v.index {
        Index::Copy => c.execute_batch(&format!(
            "CREATE VIRTUAL TABLE search_index USING fts5 (title, body, tags, kind UNINDEXED,
                 article_id UNINDEXED, annotation_id UNINDEXED, color UNINDEXED, {opts});
             INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');"
        ))?,
        Index::External => c.execute_batch(&format!(
            "CREATE VIEW article_docs (seq, title, body, tags) AS
               SELECT a.seq, a.title, a.text, {ARTICLE_TAGS} FROM articles a;
             CREATE VIEW annotation_docs (seq, title, body, tags) AS
               SELECT n.seq, '', {ANNOTATION_BODY}, {ANNOTATION_TAGS} FROM annotations n;
             CREATE VIRTUAL TABLE article_index USING fts5 (title, body, tags,
                 content = 'article_docs', content_rowid = 'seq', {opts});
             CREATE VIRTUAL TABLE annotation_index USING fts5 (title, body, tags,
                 content = 'annotation_docs', content_rowid = 'seq', {opts});
             INSERT INTO article_index (article_index, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
             INSERT INTO annotation_index (annotation_index, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');"
        ))?,
        Index::Contentless => c.execute_batch(&format!(
            "CREATE VIRTUAL TABLE search_index USING fts5 (title, body, tags,
                 content = '', contentless_delete = 1, {opts});
             INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');"
        ))?,
    }
    if v.zstd {
        c.execute_batch("ALTER TABLE articles ADD COLUMN text_z BLOB;")?;
    }
    Ok(())
}

/// Fills the variant's index from the tables (and compresses the text).
fn fill(c: &Connection, v: Variant) -> R<()> {
    match v.index {
        Index::Copy => c.execute_batch(&format!(
            "INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
               SELECT a.seq * 2, a.title, a.text, {ARTICLE_TAGS}, 'article', a.id FROM articles a;
             INSERT INTO search_index (rowid, title, body, tags, kind, article_id, annotation_id, color)
               SELECT n.seq * 2 + 1, '', {ANNOTATION_BODY}, {ANNOTATION_TAGS}, n.kind, n.article_id, n.id, n.color
                 FROM annotations n;"
        ))?,
        Index::External => c.execute_batch(
            "INSERT INTO article_index (article_index) VALUES ('rebuild');
             INSERT INTO annotation_index (annotation_index) VALUES ('rebuild');",
        )?,
        Index::Contentless => c.execute_batch(&format!(
            "INSERT INTO search_index (rowid, title, body, tags)
               SELECT a.seq * 2, a.title, a.text, {ARTICLE_TAGS} FROM articles a;
             INSERT INTO search_index (rowid, title, body, tags)
               SELECT n.seq * 2 + 1, '', {ANNOTATION_BODY}, {ANNOTATION_TAGS} FROM annotations n;"
        ))?,
    }
    // Merged into one segment each, as the app leaves an index after a large import.
    let tables: &[&str] = match v.index {
        Index::External => &["article_index", "annotation_index"],
        _ => &["search_index"],
    };
    for t in tables {
        c.execute_batch(&format!("INSERT INTO {t} ({t}) VALUES ('optimize');"))?;
    }
    if v.zstd {
        let rows: Vec<(i64, String)> = c
            .prepare("SELECT seq, text FROM articles")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut up = c.prepare("UPDATE articles SET text_z = ?2, text = '' WHERE seq = ?1")?;
        for (seq, text) in rows {
            up.execute(params![seq, zstd::bulk::compress(text.as_bytes(), 3)?])?;
        }
    }
    Ok(())
}

/// The file's size once vacuumed into `v.page_size` pages.
fn vacuum(c: &Connection, v: Variant) -> R<()> {
    c.pragma_update(None, "journal_mode", "DELETE")?;
    c.pragma_update(None, "page_size", v.page_size)?;
    c.execute_batch("VACUUM;")?;
    Ok(())
}

/// Raw inserts of `n` articles into an empty library of the variant's shape,
/// 500 per transaction (as `seed::import_raw` does for today's shape).
fn insert_rate(dir: &Path, corpus: &Corpus, v: Variant, n: u64) -> R<f64> {
    let path = dir.join("variant-insert.sqlite3");
    seed::remove_db(&path);
    drop(Library::open(&path)?);
    let mut c = seed::open_raw(&path)?;
    to_schema_7(&c)?;
    if v.page_size != 4096 {
        c.pragma_update(None, "journal_mode", "DELETE")?;
        c.pragma_update(None, "page_size", v.page_size)?;
        c.execute_batch("VACUUM;")?;
        c.pragma_update(None, "journal_mode", "WAL")?;
    }
    reshape(&c, v)?;
    let mut spent = Duration::ZERO;
    let mut done = 0;
    while done < n {
        let count = seed::CHUNK.min(n - done);
        let articles = corpus.articles(done, count);
        let t = Instant::now();
        let tx = c.transaction()?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO articles (id, title, source, imported_at, updated_at, text, content_hash)
                 VALUES (?1, ?2, 'corpus.txt', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?3, ?1)",
            )?;
            let index_sql = match v.index {
                Index::Copy => {
                    "INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
                                VALUES (?1 * 2, ?2, ?3, '', 'article', ?4)"
                }
                Index::External => {
                    "INSERT INTO article_index (rowid, title, body, tags) VALUES (?1, ?2, ?3, '')"
                }
                Index::Contentless => {
                    "INSERT INTO search_index (rowid, title, body, tags) VALUES (?1 * 2, ?2, ?3, '')"
                }
            };
            let mut index = tx.prepare_cached(index_sql)?;
            let mut squeeze = if v.zstd {
                Some(
                    tx.prepare_cached("UPDATE articles SET text = '', text_z = ?2 WHERE seq = ?1")?,
                )
            } else {
                None
            };
            for (i, a) in articles.iter().enumerate() {
                let id = format!("{:016x}-{i}", done);
                ins.execute(params![id, a.title, a.text])?;
                let seq = tx.last_insert_rowid();
                if v.index == Index::Copy {
                    index.execute(params![seq, a.title, a.text, id])?;
                } else {
                    index.execute(params![seq, a.title, a.text])?;
                }
                if let Some(squeeze) = squeeze.as_mut() {
                    squeeze.execute(params![seq, zstd::bulk::compress(a.text.as_bytes(), 3)?])?;
                }
            }
        }
        tx.commit()?;
        spent += t.elapsed();
        done += count;
    }
    drop(c);
    seed::remove_db(&path);
    Ok(n as f64 / spent.as_secs_f64())
}

/// One query of the mix as the variant answers it: ranked, 50 hits, each
/// with its text around the match (FTS5's `snippet` where the index has the
/// text; else the text read from the tables, decompressed when it is).
fn query(c: &Connection, v: Variant, fts: &str) -> R<usize> {
    const SNIPPET: &str = "snippet({t}, 1, '[', ']', '…', 12)";
    let ranked = |table: &str, snippet: bool| -> R<Vec<i64>> {
        let sql = format!(
            "SELECT rowid{} FROM {table} WHERE {table} MATCH ?1 ORDER BY rank LIMIT 50",
            if snippet {
                format!(", {}", SNIPPET.replace("{t}", table))
            } else {
                String::new()
            }
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let rows = stmt.query_map([fts], |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    match v.index {
        Index::Copy => Ok(ranked("search_index", true)?.len()),
        Index::External => {
            Ok(ranked("article_index", true)?.len() + ranked("annotation_index", true)?.len())
        }
        Index::Contentless => {
            let hits = ranked("search_index", false)?;
            let mut article = c.prepare_cached(if v.zstd {
                "SELECT text_z FROM articles WHERE seq = ?1"
            } else {
                "SELECT CAST(text AS BLOB) FROM articles WHERE seq = ?1"
            })?;
            let mut note = c.prepare_cached(&format!(
                "SELECT CAST({ANNOTATION_BODY} AS BLOB) FROM annotations n WHERE n.seq = ?1"
            ))?;
            let mut bytes = 0;
            for doc in &hits {
                let blob: Vec<u8> = if doc % 2 == 0 {
                    article.query_row([doc / 2], |r| r.get(0))?
                } else {
                    note.query_row([doc / 2], |r| r.get(0))?
                };
                bytes += if v.zstd && doc % 2 == 0 {
                    zstd::bulk::decompress(&blob, 16 << 20)?.len()
                } else {
                    blob.len()
                };
            }
            std::hint::black_box(bytes);
            Ok(hits.len())
        }
    }
}

/// Builds a library of `articles` articles with `annotations` annotations
/// through the core, then measures every variant on a copy of it; prints a
/// Markdown table.
pub fn run(corpus: &Corpus, dir: &Path, articles: u64, annotations: u64, rounds: usize) -> R<()> {
    let base = dir.join("storage-base.sqlite3");
    let text = storage::build(&base, corpus, articles, annotations, "storage base")?;
    let cases = core_bench::query_mix(corpus)
        .into_iter()
        .filter(|q| q.tag.is_none())
        .map(|q| Ok(to_fts_query(&q.text)?.ok_or("empty query")?.text))
        .collect::<R<Vec<String>>>()?;
    let mut table = vec![
        format!(
            "{articles} articles, {annotations} annotations, {:.1} MB of text (articles, quotes, notes)",
            text as f64 / MB
        ),
        String::new(),
        "| variant | file | × text | index | raw inserts | search p95 | search max |".to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    for &v in VARIANTS {
        let path = dir.join("variant.sqlite3");
        seed::remove_db(&path);
        std::fs::copy(&base, &path)?;
        let c = Connection::open(&path)?;
        to_schema_7(&c)?;
        reshape(&c, v)?;
        fill(&c, v)?;
        vacuum(&c, v)?;
        let index: i64 = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE '%index%' AND name NOT LIKE 'sqlite_autoindex%'",
            [],
            |r| r.get(0),
        )?;
        log(format!(
            "storage: {}: {} (MB)",
            v.name,
            storage::breakdown(&c, 7)?
        ));
        drop(c);
        let file = std::fs::metadata(&path)?.len() as f64;
        let c = Connection::open(&path)?;
        for fts in &cases {
            query(&c, v, fts)?; // warm-up
        }
        let mut samples = Vec::new();
        for _ in 0..rounds {
            for fts in &cases {
                let t = Instant::now();
                query(&c, v, fts)?;
                samples.push(ms(t.elapsed()));
            }
        }
        drop(c);
        seed::remove_db(&path);
        let s = stats(&samples);
        let rate = insert_rate(dir, corpus, v, articles.min(20_000))?;
        let row = format!(
            "| {} | {:.1} MB | {:.2}× | {:.1} MB | {:.0}/s | {:.2} ms | {:.2} ms |",
            v.name,
            file / MB,
            file / text as f64,
            index as f64 / MB,
            rate,
            s.p95,
            s.max
        );
        log(format!("storage: {row}"));
        table.push(row);
    }
    table.push(shipped(
        dir,
        corpus,
        &base,
        text,
        rounds,
        articles.min(20_000),
    )?);
    seed::remove_db(&base);
    let mut out = std::io::stdout().lock();
    for line in table {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The shape the app ships (migration 8: text compressed in
/// `article_texts`, contentless index), measured through the core: its
/// searches are the app's (filters, snippets from the stored text), its raw
/// inserts `seed::import_raw`'s.
fn shipped(
    dir: &Path,
    corpus: &Corpus,
    base: &Path,
    text: i64,
    rounds: usize,
    n: u64,
) -> R<String> {
    let path = dir.join("variant.sqlite3");
    seed::remove_db(&path);
    std::fs::copy(base, &path)?;
    let c = Connection::open(&path)?;
    vacuum(&c, variant("", Index::Contentless, 4096, true, true))?;
    let index: i64 = c.query_row(
        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_index%'",
        [],
        |r| r.get(0),
    )?;
    drop(c);
    let file = std::fs::metadata(&path)?.len() as f64;
    let lib = Library::open(&path)?;
    let mix: Vec<_> = core_bench::query_mix(corpus)
        .into_iter()
        .filter(|q| q.tag.is_none())
        .map(|q| marginalia_core::SearchQuery::new(q.text))
        .collect();
    for q in &mix {
        lib.search(q)?;
    }
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for q in &mix {
            let t = Instant::now();
            lib.search(q)?;
            samples.push(ms(t.elapsed()));
        }
    }
    drop(lib);
    seed::remove_db(&path);
    let s = stats(&samples);
    let spent = seed::import_raw(&path, corpus, 0, n, "shipped")?;
    seed::remove_db(&path);
    let row = format!(
        "| shipped (migration 8: contentless, zstd text in its own table) | {:.1} MB | {:.2}× | {:.1} MB | {:.0}/s | {:.2} ms | {:.2} ms |",
        file / MB,
        file / text as f64,
        index as f64 / MB,
        n as f64 / spent.as_secs_f64(),
        s.p95,
        s.max
    );
    log(format!("storage: {row}"));
    Ok(row)
}
