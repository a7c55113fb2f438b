//! Building libraries: importing the generated corpus through core (timed),
//! the raw-rusqlite import baseline (timed), and untimed bulk enrichment
//! (article tags, highlights and notes) written with the same SQL shape core
//! uses, so the result is the library core would have produced.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use marginalia_core::stamp::{format_time, new_id};
use marginalia_core::{Library, texts};
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::corpus::{self, Corpus, Rng, TAGS};
use crate::metrics::log;

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// Articles per imported file (core: one transaction per file) and per raw
/// batch (one transaction per batch).
pub const CHUNK: u64 = 500;

const TAG_STREAM: u64 = 10;
const ANNOTATION_STREAM: u64 = 11;
const PLACE_STREAM: u64 = 12;
/// Share of articles that carry tags.
const TAGGED_ARTICLES: f64 = 0.3;
/// At most this many annotations per article.
const MAX_PER_ARTICLE: u32 = 60;

/// Annotation `i` is created at this time (one second apart), so "the last
/// 1%" of annotations is a `since` filter.
pub fn created_at(i: u64) -> OffsetDateTime {
    time::macros::datetime!(2025-01-01 0:00 UTC) + time::Duration::seconds(i as i64)
}

/// Imports articles `first..first + n` through `Library::import_bytes`, one
/// file of `CHUNK` articles per call. Only the calls are timed (generating
/// the files is not). Returns the time and how many articles were added.
pub fn import_core(
    lib: &Library,
    corpus: &Corpus,
    first: u64,
    n: u64,
    what: &str,
) -> R<(Duration, u64)> {
    let mut spent = Duration::ZERO;
    let mut added = 0u64;
    let mut done = 0u64;
    let now = OffsetDateTime::now_utc();
    while done < n {
        let count = CHUNK.min(n - done);
        let bytes = corpus::file_bytes(&corpus.articles(first + done, count));
        let name = format!("corpus-{:07}.txt", (first + done) / CHUNK);
        let t = Instant::now();
        let result = lib.import_bytes(&name, &bytes, now)?;
        spent += t.elapsed();
        added += result
            .iter()
            .filter(|a| a.status == marginalia_core::ImportStatus::Added)
            .count() as u64;
        done += count;
        if done.is_multiple_of(50_000) || done == n {
            log(format!(
                "{what}: core import {done}/{n} ({:.0}/s)",
                done as f64 / spent.as_secs_f64()
            ));
        }
    }
    Ok((spent, added))
}

/// A connection configured as core configures its writer.
pub fn open_raw(path: &Path) -> R<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

/// The baseline: the same articles into the same schema with plain prepared
/// INSERTs (articles row, then its full-text row), one IMMEDIATE transaction
/// per `CHUNK`, no parsing and no duplicate checks. Ids and content hashes
/// are computed as core computes them (UUIDv7, SHA-256). Only the
/// transactions are timed.
pub fn import_raw(path: &Path, corpus: &Corpus, first: u64, n: u64, what: &str) -> R<Duration> {
    drop(Library::open(path)?); // creates the file and runs the migrations
    let mut conn = open_raw(path)?;
    let mut spent = Duration::ZERO;
    let mut done = 0u64;
    let now = OffsetDateTime::now_utc();
    while done < n {
        let count = CHUNK.min(n - done);
        let articles = corpus.articles(first + done, count);
        let source = format!("corpus-{:07}.txt", (first + done) / CHUNK);
        let t = Instant::now();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO articles (id, title, author, source, published, imported_at, updated_at, content_hash)
                 VALUES (?1, ?2, NULL, ?3, NULL, ?4, ?4, ?5)",
            )?;
            let mut body = tx.prepare_cached(
                "INSERT INTO article_texts (seq, chars, body) VALUES (?1, ?2, ?3)",
            )?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO search_index (rowid, title, body, tags) VALUES (?1, ?2, ?3, '')",
            )?;
            for a in &articles {
                let mut h = Sha256::new();
                h.update(a.title.as_bytes());
                h.update([0]);
                h.update(a.text.as_bytes());
                let hash = format!("{:x}", h.finalize());
                let id = new_id();
                ins.execute(params![id, a.title, source, format_time(now), hash])?;
                let seq = tx.last_insert_rowid();
                let chars = a.text.chars().count() as i64;
                body.execute(params![seq, chars, texts::pack(&a.text)])?;
                fts.execute(params![seq * 2, a.title, a.text])?;
            }
        }
        tx.commit()?;
        spent += t.elapsed();
        done += count;
        if done.is_multiple_of(50_000) || done == n {
            log(format!(
                "{what}: raw insert {done}/{n} ({:.0}/s)",
                done as f64 / spent.as_secs_f64()
            ));
        }
    }
    Ok(spent)
}

/// Removes a database file with its WAL and shared-memory files.
pub fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// The article seqs of a library, in order.
fn article_seqs(lib: &Library) -> R<Vec<i64>> {
    Ok(lib.read(|c| {
        let mut stmt = c.prepare("SELECT seq FROM articles ORDER BY seq")?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
    })?)
}

/// Tag rows for every name in `TAGS`: name -> id.
fn ensure_tags(lib: &Library) -> R<HashMap<&'static str, String>> {
    Ok(lib.write(|tx| {
        let mut ids = HashMap::new();
        for &name in TAGS {
            let norm = name.to_lowercase();
            let existing: Option<String> = tx
                .query_row("SELECT id FROM tags WHERE norm = ?1", [&norm], |r| r.get(0))
                .ok();
            let id = match existing {
                Some(id) => id,
                None => {
                    let id = new_id();
                    tx.execute(
                        "INSERT INTO tags (id, name, norm) VALUES (?1, ?2, ?3)",
                        params![id, name, norm],
                    )?;
                    id
                }
            };
            ids.insert(name, id);
        }
        Ok(ids)
    })?)
}

/// 1-3 distinct tags, or none.
fn pick_tags(corpus: &Corpus, rng: &mut Rng, share: f64, max: usize) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if !rng.chance(share) {
        return out;
    }
    let k = rng.range(1, max + 1);
    for _ in 0..k * 3 {
        let t = corpus.tag(rng);
        if !out.contains(&t) {
            out.push(t);
        }
        if out.len() == k {
            break;
        }
    }
    out
}

/// Tags about 30% of the articles (1-3 tags each, Zipf-popular), as
/// `add_tags` would: `article_tags` rows and the full-text row's tags column.
pub fn tag_articles(lib: &Library, corpus: &Corpus) -> R<u64> {
    let tag_ids = ensure_tags(lib)?;
    let seqs = article_seqs(lib)?;
    let mut tagged = 0u64;
    for batch in seqs.chunks(5_000) {
        tagged += lib.write(|tx| {
            let mut get = tx.prepare_cached("SELECT id FROM articles WHERE seq = ?1")?;
            let mut link = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?1, ?2)",
            )?;
            // The index is contentless: a row is replaced whole.
            let mut text = tx.prepare_cached(
                "SELECT a.title, t.body FROM articles a JOIN article_texts t ON t.seq = a.seq
                  WHERE a.seq = ?1",
            )?;
            let mut unindex = tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO search_index (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut n = 0u64;
            for &seq in batch {
                let mut rng = Rng::for_item(corpus.seed, TAG_STREAM, seq as u64);
                let names = pick_tags(corpus, &mut rng, TAGGED_ARTICLES, 3);
                if names.is_empty() {
                    continue;
                }
                let id: String = get.query_row([seq], |r| r.get(0))?;
                for name in &names {
                    link.execute(params![id, tag_ids[name]])?;
                }
                let (title, body): (String, Vec<u8>) =
                    text.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
                unindex.execute([seq * 2])?;
                fts.execute(params![
                    seq * 2,
                    title,
                    texts::unpack(&body)?,
                    names.join(", ")
                ])?;
                n += 1;
            }
            Ok(n)
        })?;
    }
    Ok(tagged)
}

/// For each article, how many of `total` annotations it gets: skewed towards
/// older articles (index = n * u^1.2), at most `MAX_PER_ARTICLE` each.
fn placement(seed: u64, articles: usize, total: u64) -> Vec<u32> {
    let mut counts = vec![0u32; articles];
    let capacity = articles as u64 * u64::from(MAX_PER_ARTICLE);
    let mut rng = Rng::for_item(seed, PLACE_STREAM, 0);
    for _ in 0..total.min(capacity) {
        let mut i = ((articles as f64) * rng.unit().powf(1.2)) as usize % articles;
        while counts[i] >= MAX_PER_ARTICLE {
            i = (i + 1) % articles;
        }
        counts[i] += 1;
    }
    counts
}

/// Adds `total` annotations spread over the articles: 85% highlights (a whole
/// sentence or a run of words in it; 30% with a note), 15% notes; colours
/// weighted towards yellow; 20% carry 1-2 tags. Each with its full-text row.
pub fn add_annotations(lib: &Library, corpus: &Corpus, total: u64) -> R<u64> {
    let tag_ids = ensure_tags(lib)?;
    let seqs = article_seqs(lib)?;
    if seqs.is_empty() {
        return Err("no articles to annotate".into());
    }
    let counts = placement(corpus.seed, seqs.len(), total);
    let mut next = 0u64; // global annotation number, for created_at
    let batch_len = 2_000;
    for (b, batch) in seqs.chunks(batch_len).enumerate() {
        let first = b * batch_len;
        next = lib.write(|tx| {
            let mut next = next;
            let mut get = tx.prepare_cached(
                "SELECT a.id, t.body FROM articles a JOIN article_texts t ON t.seq = a.seq
                  WHERE a.seq = ?1",
            )?;
            let mut ins = tx.prepare_cached(
                "INSERT INTO annotations (id, article_id, kind, quote, prefix, suffix, start, \"end\",
                                          note, color, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?;
            let mut link = tx.prepare_cached("INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?1, ?2)")?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO search_index (rowid, title, body, tags) VALUES (?1, '', ?2, ?3)",
            )?;
            for (k, &seq) in batch.iter().enumerate() {
                let count = counts[first + k];
                if count == 0 {
                    continue;
                }
                let (article_id, body): (String, Vec<u8>) = get.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let text = texts::unpack(&body)?;
                let spans = corpus::sentence_spans(&text);
                let mut rng = Rng::for_item(corpus.seed, ANNOTATION_STREAM, seq as u64);
                for _ in 0..count {
                    let id = new_id();
                    let when = format_time(created_at(next));
                    next += 1;
                    let color = match rng.below(20) {
                        0..=9 => "yellow",
                        10..=12 => "green",
                        13..=15 => "blue",
                        16..=17 => "pink",
                        _ => "purple",
                    };
                    let is_note = spans.is_empty() || rng.chance(0.15);
                    let (kind, quote, prefix, suffix, start, end, note) = if is_note {
                        ("note", None, None, None, None, None, corpus.note(&mut rng))
                    } else {
                        let (s, e) = spans[rng.below(spans.len())];
                        let (s, e) = sub_span(&text, s, e, &mut rng);
                        let note = if rng.chance(0.3) { corpus.note(&mut rng) } else { String::new() };
                        (
                            "highlight",
                            Some(&text[s..e]),
                            Some(&text[s.saturating_sub(32)..s]),
                            Some(&text[e..(e + 32).min(text.len())]),
                            Some(s as i64),
                            Some(e as i64),
                            note,
                        )
                    };
                    ins.execute(params![id, article_id, kind, quote, prefix, suffix, start, end, note, color, when])?;
                    let aseq = tx.last_insert_rowid();
                    let names = pick_tags(corpus, &mut rng, 0.2, 2);
                    for name in &names {
                        link.execute(params![id, tag_ids[name]])?;
                    }
                    let body = match (quote, note.is_empty()) {
                        (Some(q), false) => format!("{q}\n\n{note}"),
                        (Some(q), true) => q.to_owned(),
                        (None, _) => note.clone(),
                    };
                    fts.execute(params![aseq * 2 + 1, body, names.join(", ")])?;
                }
            }
            Ok(next)
        })?;
        let done = ((b + 1) * batch_len).min(seqs.len());
        if (b + 1) % 25 == 0 || done == seqs.len() {
            log(format!(
                "annotations: {next}/{total} (articles {done}/{})",
                seqs.len()
            ));
        }
    }
    Ok(next)
}

/// Half the time the whole sentence, else a run of 3-12 of its words.
fn sub_span(text: &str, s: usize, e: usize, rng: &mut Rng) -> (usize, usize) {
    if rng.chance(0.5) {
        return (s, e);
    }
    let words: Vec<(usize, usize)> = text[s..e]
        .split(' ')
        .scan(s, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, start + w.len()))
        })
        .filter(|(a, b)| b > a)
        .collect();
    if words.len() < 4 {
        return (s, e);
    }
    let len = rng.range(3, 13).min(words.len());
    let first = rng.below(words.len() - len + 1);
    (words[first].0, words[first + len - 1].1)
}
