//! Migration 8 (the lighter library) from every earlier schema version: the
//! text moves out of `articles` and the full-text index becomes contentless,
//! in steps with progress, going on after a kill, with search answering
//! exactly as it did before the upgrade.

mod common;

use std::path::Path;

use common::old::{self, OldArticle, OldHighlight};
use marginalia_core::search::to_fts_query;
use marginalia_core::{Library, SCHEMA_VERSION, SearchQuery, UpgradeProgress};
use rusqlite::{Connection, params};

/// A deterministic corpus: articles of sentences over a small vocabulary
/// with a few common words, tags on some, highlights (some with notes and
/// tags) and a few notes.
struct Corpus {
    titles: Vec<String>,
    texts: Vec<String>,
    tags: Vec<Vec<&'static str>>,
    quotes: Vec<(usize, String, String, &'static str, Vec<&'static str>)>,
}

const WORDS: &[&str] = &[
    "the",
    "tide",
    "of",
    "a",
    "pool",
    "and",
    "river",
    "glacier",
    "retreats",
    "water",
    "salmon",
    "forest",
    "process",
    "protein",
    "project",
    "promise",
    "harbour",
    "lantern",
    "quiet",
    "storm",
    "café",
    "naïve",
    "über",
    "Ελλάδα",
    "北京",
    "mountain",
    "valley",
    "ledger",
    "archive",
    "ember",
];
const TAGS: &[&str] = &["Climate", "Reading", "Work", "Élan", "later"];
const COLORS: &[&str] = &["yellow", "green", "blue", "pink", "purple"];

fn corpus(articles: usize, highlights: usize) -> Corpus {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| -> usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    // Skewed towards the first words: "the", "tide", "of" are common.
    let word = |next: &mut dyn FnMut(usize) -> usize| {
        let bound = next(WORDS.len()) + 1;
        WORDS[next(bound)]
    };
    let mut c = Corpus {
        titles: Vec::new(),
        texts: Vec::new(),
        tags: Vec::new(),
        quotes: Vec::new(),
    };
    for i in 0..articles {
        let title = format!("{} {} {i}", word(&mut next), word(&mut next));
        let sentences: Vec<String> = (0..3 + next(12))
            .map(|_| {
                let words: Vec<&str> = (0..4 + next(12)).map(|_| word(&mut next)).collect();
                format!("{}.", words.join(" "))
            })
            .collect();
        let text = sentences.join(" ");
        let tags = if next(10) < 3 {
            vec![TAGS[next(TAGS.len())]]
        } else {
            Vec::new()
        };
        c.titles.push(title);
        c.texts.push(text);
        c.tags.push(tags);
    }
    for i in 0..highlights {
        let a = next(articles);
        let words: Vec<&str> = c.texts[a].split(' ').collect();
        let from = next(words.len());
        let to = (from + 1 + next(5)).min(words.len());
        // Every tenth is a note (a text not in the article).
        let quote = if i % 10 == 9 {
            format!("my own note {} {}", word(&mut next), i)
        } else {
            words[from..to].join(" ")
        };
        let note = if next(10) < 3 {
            format!("because {} {}", word(&mut next), word(&mut next))
        } else {
            String::new()
        };
        let tags = if next(10) < 2 {
            vec![TAGS[next(TAGS.len())]]
        } else {
            Vec::new()
        };
        c.quotes
            .push((a, quote, note, COLORS[next(COLORS.len())], tags));
    }
    c
}

fn write_old(path: &Path, version: usize, c: &Corpus) -> old::Written {
    let articles: Vec<OldArticle<'_>> = (0..c.titles.len())
        .map(|i| OldArticle {
            title: &c.titles[i],
            text: &c.texts[i],
            tags: &c.tags[i],
        })
        .collect();
    let highlights: Vec<OldHighlight<'_>> = c
        .quotes
        .iter()
        .map(|(a, quote, note, color, tags)| OldHighlight {
            article: *a,
            quote,
            note,
            color,
            tags,
        })
        .collect();
    old::write(path, version, &articles, &highlights)
}

/// The query mix: rare word, two words, a phrase, a prefix, a common word,
/// accents folded, each alone and with a tag or colour filter.
fn queries() -> Vec<SearchQuery> {
    let mut out = Vec::new();
    for text in [
        "salmon",
        "glacier harbour",
        "\"tide of\"",
        "pro*",
        "the",
        "cafe",
        "ελλαδα",
        "retreat",
        "note",
        "because",
    ] {
        out.push(SearchQuery::new(text));
        out.push(SearchQuery {
            tag: Some("climate".into()),
            ..SearchQuery::new(text)
        });
        out.push(SearchQuery {
            color: Some("blue".into()),
            ..SearchQuery::new(text)
        });
    }
    out
}

/// What the search of schema version 7 answered, as index row ids in order:
/// its SQL, run on the old index (which kept kind, ids and colour itself).
fn answers_before(path: &Path, q: &SearchQuery) -> Vec<i64> {
    let conn = Connection::open(path).unwrap();
    let fts = to_fts_query(&q.text).unwrap().unwrap().text;
    let matches: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT 1001)",
            [&fts],
            |r| r.get(0),
        )
        .unwrap();
    let order = if matches > 1000 { "rowid DESC" } else { "rank" };
    let sql = format!(
        "SELECT rowid FROM search_index
          WHERE search_index MATCH ?1
            AND (?2 IS NULL OR color = ?2)
            AND (?3 IS NULL
                 OR EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = search_index.article_id
                              AND x.tag_id = (SELECT id FROM tags WHERE norm = ?3))
                 OR EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = search_index.annotation_id
                              AND x.tag_id = (SELECT id FROM tags WHERE norm = ?3)))
          ORDER BY {order} LIMIT 50"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map(params![fts, q.color, q.tag], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What the upgraded library answers, as the same row ids (the ids the
/// old library was written with say which row each is).
fn answers_after(lib: &Library, q: &SearchQuery) -> Vec<i64> {
    let seq = |id: &str| id.rsplit('-').next().unwrap().parse::<i64>().unwrap() + 1;
    lib.search(q)
        .unwrap()
        .into_iter()
        .map(|h| match h.annotation_id {
            Some(n) => seq(&n) * 2 + 1,
            None => seq(&h.article_id) * 2,
        })
        .collect()
}

/// The one value `sql` reads from the file at `path`.
fn value<T: rusqlite::types::FromSql>(path: &Path, sql: &str) -> T {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn version(path: &Path) -> i64 {
    value(path, "PRAGMA user_version")
}

fn columns(path: &Path, table: &str) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_earlier_version_upgrades_with_its_texts_annotations_and_search() {
    let c = corpus(150, 300);
    for v in 1..SCHEMA_VERSION as usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{v}.sqlite3"));
        let written = write_old(&path, v, &c);
        // Schema 2 rebuilt the index from the tables; what it answers there
        // is what every version up to 7 answered.
        let expected: Vec<Vec<i64>> = if v >= 2 {
            queries().iter().map(|q| answers_before(&path, q)).collect()
        } else {
            Vec::new()
        };
        if v >= 2 {
            // The mix finds something for nearly every query, and at least
            // one finds more than a page.
            let found: Vec<usize> = expected.iter().map(Vec::len).collect();
            assert!(found.iter().filter(|&&n| n > 0).count() >= 20, "{found:?}");
            assert!(expected.iter().any(|e| e.len() == 50));
        }
        let mut reports = Vec::new();
        let lib = Library::open_with_progress(&path, &mut |p| reports.push(p)).unwrap();
        assert_eq!(version(&path), SCHEMA_VERSION, "from version {v}");
        assert!(!columns(&path, "articles").contains(&"text".to_owned()));
        for (i, id) in written.article_ids.iter().enumerate() {
            let a = lib.article(id).unwrap();
            assert_eq!(a.text, c.texts[i], "from version {v}: {id}");
            assert_eq!(a.title, c.titles[i]);
        }
        for (i, id) in written.annotation_ids.iter().enumerate() {
            let n = lib.annotation(id).unwrap();
            let (_, quote, note, color, _) = &c.quotes[i];
            assert_eq!(n.color, *color);
            assert!(n.quote.as_deref() == Some(quote.as_str()) || n.note == *quote);
            if n.quote.is_some() {
                assert_eq!(n.note, *note);
            }
        }
        for (q, want) in queries().iter().zip(&expected) {
            assert_eq!(&answers_after(&lib, q), want, "from version {v}: {q:?}");
        }
        assert!(lib.check_integrity().unwrap().is_empty());
        // Progress: from where it stood to every row, then the compaction.
        let rows = (c.titles.len() + c.quotes.len()) as u64;
        assert!(reports.windows(2).all(|w| w[0].done <= w[1].done));
        assert_eq!(
            reports.last(),
            Some(&UpgradeProgress {
                done: rows,
                total: rows,
                compacting: true
            })
        );
        assert!(reports.iter().any(|p| p.done == rows && !p.compacting));
        drop(lib);
        // Nothing is left to do at the next open.
        let mut again = Vec::new();
        drop(Library::open_with_progress(&path, &mut |p| again.push(p)).unwrap());
        assert!(again.is_empty(), "{again:?}");
    }
}

#[test]
fn a_new_library_has_nothing_to_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    let mut reports = Vec::new();
    let lib = Library::open_with_progress(&path, &mut |p| reports.push(p)).unwrap();
    assert!(reports.is_empty(), "{reports:?}");
    assert!(lib.check_integrity().unwrap().is_empty());
    let sql: String = value(
        &path,
        "SELECT sql FROM sqlite_master WHERE name = 'search_index'",
    );
    assert!(sql.contains("contentless_delete"), "{sql}");
}

/// An upgrade killed part-way (here: the process's thread dies between two
/// steps) keeps the steps it committed and goes on from there at the next
/// open, with nothing moved twice or lost.
#[test]
fn an_interrupted_upgrade_goes_on_where_it_stopped() {
    // 1,100 articles: several steps of 250.
    let c = corpus(1100, 2500);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.sqlite3");
    let written = write_old(&path, 7, &c);
    let expected: Vec<Vec<i64>> = queries().iter().map(|q| answers_before(&path, q)).collect();
    let path2 = path.clone();
    let stopped = std::thread::spawn(move || {
        let mut seen = 0;
        let _ = Library::open_with_progress(&path2, &mut |p| {
            seen += 1;
            if seen == 3 {
                panic!("killed at {p:?}");
            }
        });
    })
    .join();
    assert!(stopped.is_err(), "the upgrade should have been stopped");
    let moved: i64 = value(&path, "SELECT count(*) FROM article_texts");
    assert_eq!(moved, 500, "two steps of 250 articles committed");
    let mut reports = Vec::new();
    let lib = Library::open_with_progress(&path, &mut |p| reports.push(p)).unwrap();
    assert_eq!(
        reports[0].done, 500,
        "goes on from the cursor: {:?}",
        reports[0]
    );
    for (i, id) in written.article_ids.iter().enumerate() {
        assert_eq!(lib.article(id).unwrap().text, c.texts[i]);
    }
    for (q, want) in queries().iter().zip(&expected) {
        assert_eq!(&answers_after(&lib, q), want, "{q:?}");
    }
    assert!(lib.check_integrity().unwrap().is_empty());
    let rows: i64 = value(
        &path,
        "SELECT (SELECT count(*) FROM article_texts) + (SELECT count(*) FROM search_index_docsize)",
    );
    assert_eq!(rows as usize, c.titles.len() * 2 + c.quotes.len());
}
