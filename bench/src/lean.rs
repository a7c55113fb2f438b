//! How far below the shipped shape a library could go, and what each step
//! would cost: `marginalia-bench storage --lean`. Each step reshapes a copy
//! of a library the core built (the shipped schema) the way a migration
//! would, cumulatively, and measures the file after `VACUUM`. Sizes only:
//! none of these shapes is read by the core, so nothing is timed.

use std::path::Path;

use rusqlite::Connection;

use crate::corpus::Corpus;
use crate::metrics::log;
use crate::variants::TOKENIZE;
use crate::{seed, storage};

type R<T> = Result<T, Box<dyn std::error::Error>>;

const MB: f64 = 1_048_576.0;

/// The steps, each on top of the ones before it.
const STEPS: &[(&str, &str)] = &[
    (
        "placed highlights keep no quote, prefix or suffix (taken from the article's text and offsets; orphans keep theirs)",
        "UPDATE annotations SET quote = '', prefix = '', suffix = '' WHERE start IS NOT NULL;",
    ),
    (
        "annotations and their tags: 16-byte ids, the article and tag by row number, times as integers, colour by number",
        "DROP TRIGGER annotation_tags_count_insert;
         DROP TRIGGER annotation_tags_count_delete;
         DROP TRIGGER annotation_tags_count_update;
         CREATE TABLE lean_annotations (
             seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, article INTEGER NOT NULL,
             quote TEXT, prefix TEXT, suffix TEXT, start INTEGER, \"end\" INTEGER,
             note TEXT NOT NULL DEFAULT '', color INTEGER NOT NULL,
             created INTEGER NOT NULL, updated INTEGER NOT NULL) STRICT;
         INSERT INTO lean_annotations
           SELECT a.seq, unhex(replace(a.id, '-', '')), r.seq,
                  nullif(a.quote, ''), nullif(a.prefix, ''), nullif(a.suffix, ''), a.start, a.\"end\",
                  a.note, (SELECT c.rowid FROM colors c WHERE c.name = a.color),
                  CAST(unixepoch(a.created_at, 'subsec') * 1000 AS INTEGER),
                  CAST(unixepoch(a.updated_at, 'subsec') * 1000 AS INTEGER)
             FROM annotations a JOIN articles r ON r.id = a.article_id;
         CREATE TABLE lean_tags (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL,
             norm TEXT NOT NULL UNIQUE, article_count INTEGER NOT NULL, annotation_count INTEGER NOT NULL) STRICT;
         INSERT INTO lean_tags (id, name, norm, article_count, annotation_count)
           SELECT unhex(replace(id, '-', '')), name, norm, article_count, annotation_count FROM tags;
         CREATE TABLE lean_annotation_tags (annotation INTEGER NOT NULL, tag INTEGER NOT NULL,
             PRIMARY KEY (annotation, tag)) STRICT, WITHOUT ROWID;
         INSERT INTO lean_annotation_tags
           SELECT a.seq, t.seq FROM annotation_tags x
             JOIN annotations a ON a.id = x.annotation_id
             JOIN lean_tags t ON t.id = unhex(replace(x.tag_id, '-', ''));
         DROP TABLE annotation_tags;
         DROP TABLE annotations;
         CREATE INDEX lean_annotations_article ON lean_annotations (article, start);
         CREATE INDEX lean_annotations_created ON lean_annotations (created);
         CREATE INDEX lean_annotation_tags_tag ON lean_annotation_tags (tag, annotation);",
    ),
    (
        "articles, their tags and reading state: 16-byte ids, 32-byte hashes, times as integers",
        "DROP TRIGGER article_tags_count_insert;
         DROP TRIGGER article_tags_count_delete;
         DROP TRIGGER article_tags_count_update;
         CREATE TABLE lean_article_tags (article INTEGER NOT NULL, tag INTEGER NOT NULL,
             PRIMARY KEY (article, tag)) STRICT, WITHOUT ROWID;
         INSERT INTO lean_article_tags
           SELECT r.seq, t.seq FROM article_tags x
             JOIN articles r ON r.id = x.article_id
             JOIN lean_tags t ON t.id = unhex(replace(x.tag_id, '-', ''));
         CREATE INDEX lean_article_tags_tag ON lean_article_tags (tag, article);
         DROP TABLE article_tags;
         DROP TABLE tags;
         CREATE TABLE lean_reading (article INTEGER PRIMARY KEY, state INTEGER NOT NULL, starred INTEGER NOT NULL,
             position INTEGER, progress INTEGER, opened INTEGER) STRICT;
         INSERT INTO lean_reading
           SELECT r.seq, CASE x.state WHEN 'inbox' THEN 0 WHEN 'later' THEN 1 ELSE 2 END, x.starred,
                  x.position, x.progress, CAST(unixepoch(x.opened_at, 'subsec') * 1000 AS INTEGER)
             FROM reading x JOIN articles r ON r.id = x.article_id;
         DROP TABLE reading;
         CREATE INDEX lean_reading_state ON lean_reading (state, starred);
         DROP TRIGGER article_texts_delete;
         CREATE TABLE lean_articles (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, title TEXT NOT NULL,
             author TEXT, source TEXT NOT NULL, published TEXT, imported INTEGER NOT NULL, updated INTEGER NOT NULL,
             content_hash BLOB NOT NULL, structure BLOB, url TEXT, site_name TEXT, language TEXT, excerpt TEXT) STRICT;
         INSERT INTO lean_articles
           SELECT seq, unhex(replace(id, '-', '')), title, author, source, published,
                  CAST(unixepoch(imported_at, 'subsec') * 1000 AS INTEGER),
                  CAST(unixepoch(updated_at, 'subsec') * 1000 AS INTEGER),
                  unhex(content_hash), structure, url, site_name, language, excerpt
             FROM articles;
         DROP TABLE article_images;
         DROP TABLE articles;
         CREATE INDEX lean_articles_hash ON lean_articles (content_hash);
         CREATE INDEX lean_articles_source_title ON lean_articles (source, title);
         CREATE INDEX lean_articles_title ON lean_articles (title COLLATE NOCASE);
         CREATE INDEX lean_articles_imported ON lean_articles (imported);",
    ),
];

/// Builds the library (`articles`, `annotations`) through the core, then
/// prints a Markdown table: the file after each step, against the text.
pub fn run(corpus: &Corpus, dir: &Path, articles: u64, annotations: u64) -> R<()> {
    let path = dir.join("lean.sqlite3");
    let text = storage::build(&path, corpus, articles, annotations, "lean")? as f64;
    let c = Connection::open(&path)?;
    c.execute_batch("PRAGMA journal_mode = DELETE")?;
    let mut out = vec![
        format!(
            "{articles} articles, {annotations} annotations, {:.1} MB of text (articles, quotes, notes)",
            text / MB
        ),
        String::new(),
        "| shape (each step on top of the ones above) | file | × text | full-text index |"
            .to_owned(),
        "|---|---:|---:|---:|".to_owned(),
    ];
    let mut row = |c: &Connection, name: &str| -> R<()> {
        c.execute_batch("VACUUM")?;
        let index: i64 = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_index%'",
            [],
            |r| r.get(0),
        )?;
        let parts = storage::breakdown(c, 9)?;
        let file = std::fs::metadata(&path)?.len() as f64;
        log(format!("lean: {name}: {parts}"));
        out.push(format!(
            "| {name} | {:.1} MB | {:.2}× | {:.1} MB |",
            file / MB,
            file / text,
            index as f64 / MB
        ));
        Ok(())
    };
    row(&c, "shipped (migration 8)")?;
    // What the 3-character prefix index takes: the same index built again
    // without it, measured, then dropped again (the step below subtracts it).
    let prefix = prefix_index_bytes(&c)?;
    for (name, sql) in STEPS {
        c.execute_batch(&format!("BEGIN; {sql} COMMIT;"))?;
        row(&c, name)?;
    }
    let file = std::fs::metadata(&path)?.len() as f64 - prefix as f64;
    out.push(format!(
        "| and no 3-character prefix index (`pro*` then merges every term it matches) | {:.1} MB | {:.2}× | −{:.1} MB |",
        file / MB,
        file / text,
        prefix as f64 / MB
    ));
    drop(c);
    seed::remove_db(&path);
    for line in out {
        println!("{line}");
    }
    Ok(())
}

/// The bytes the prefix index adds: two indexes of the same rows with the
/// shipped tokenizer and options, one with the prefix index and one without,
/// built, measured and dropped again.
fn prefix_index_bytes(c: &Connection) -> R<i64> {
    let mut sizes = [0i64; 2];
    for (i, prefix) in [", prefix = '3'", ""].into_iter().enumerate() {
        c.execute_batch(&format!(
            "CREATE VIRTUAL TABLE lean_index USING fts5 (title, body, tags, content = '',
                 contentless_delete = 1, {TOKENIZE}{prefix});
             INSERT INTO lean_index (lean_index, rank) VALUES ('hashsize', 16777216);
             BEGIN;
             INSERT INTO lean_index (rowid, title, body, tags)
               SELECT 2 * seq + 1, '', coalesce(quote, '') || ' ' || note, '' FROM annotations;"
        ))?;
        {
            let mut add = c.prepare(
                "INSERT INTO lean_index (rowid, title, body, tags) VALUES (?1, ?2, ?3, '')",
            )?;
            let mut texts = c.prepare(
                "SELECT a.seq, a.title, t.body FROM articles a JOIN article_texts t ON t.seq = a.seq",
            )?;
            let mut rows = texts.query([])?;
            while let Some(r) = rows.next()? {
                let text = marginalia_core::texts::unpack(r.get_ref(2)?.as_blob()?)?;
                add.execute(rusqlite::params![
                    2 * r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    text
                ])?;
            }
        }
        c.execute_batch("COMMIT; INSERT INTO lean_index (lean_index) VALUES ('optimize');")?;
        sizes[i] = c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'lean_index%'",
            [],
            |r| r.get(0),
        )?;
        c.execute_batch("DROP TABLE lean_index")?;
    }
    log(format!(
        "lean: the same rows indexed with the prefix index {:.1} MB, without it {:.1} MB",
        sizes[0] as f64 / MB,
        sizes[1] as f64 / MB
    ));
    Ok(sizes[0] - sizes[1])
}
