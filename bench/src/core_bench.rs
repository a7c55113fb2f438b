//! Core measurements: import throughput, search latency, CSV export time and
//! memory, highlight save latency. Each against its baseline where one exists.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia_core::search::to_fts_query;
use marginalia_core::{AnnotationInput, Library, Passage, SearchQuery};
use rusqlite::{Connection, OpenFlags};

use crate::corpus::{self, COLLOCATIONS, Corpus, Rng, TAGS};
use crate::metrics::{Metric, Recorder, log, ms, stats};
use crate::seed;

type R<T> = Result<T, Box<dyn std::error::Error>>;

// ---- import -------------------------------------------------------------------

/// Imports `n` articles through core into `dir/library-<label>.sqlite3`
/// (kept, returned) and through raw rusqlite into a scratch file (deleted).
pub fn import(rec: &mut Recorder, corpus: &Corpus, dir: &Path, n: u64, label: &str) -> R<PathBuf> {
    // Warm-up: one file each way into throwaway libraries (code, allocator,
    // page cache), from articles outside the measured range.
    let warm = dir.join("warmup.sqlite3");
    seed::import_core(
        &Library::open(&warm)?,
        corpus,
        900_000_000,
        seed::CHUNK,
        "warm-up",
    )?;
    seed::remove_db(&warm);
    seed::import_raw(&warm, corpus, 900_000_000, seed::CHUNK, "warm-up")?;
    seed::remove_db(&warm);

    let path = dir.join(format!("library-{label}.sqlite3"));
    seed::remove_db(&path);
    let (core_time, added) = {
        let lib = Library::open(&path)?;
        seed::import_core(&lib, corpus, 0, n, &format!("import {label}"))?
    };
    if added != n {
        rec.note(format!(
            "import {label}: {added} of {n} articles were added (duplicates?)"
        ));
    }
    let raw_path = dir.join(format!("raw-{label}.sqlite3"));
    seed::remove_db(&raw_path);
    let raw_time = seed::import_raw(&raw_path, corpus, 0, n, &format!("import {label}"))?;
    seed::remove_db(&raw_path);

    let rate = n as f64 / core_time.as_secs_f64();
    let raw_rate = n as f64 / raw_time.as_secs_f64();
    let m = Metric::new(format!("import.articles_per_s.{label}"), rate, "articles/s")
        .baseline(raw_rate);
    let met = rate >= 10_000.0 && m.ratio.is_some_and(|r| r >= 0.8);
    rec.push(m.goal(">= 10000/s and >= 0.8x raw", met));
    Ok(path)
}

/// Merges the index into one segment, as the app does in the background
/// after a large import; timed, as its own metric. Searches and saves are
/// measured on the tidied library, the state a user's library is in.
pub fn tidy(rec: &mut Recorder, lib: &Library, label: &str) -> R<()> {
    let t = Instant::now();
    let steps = lib.tidy_search_index(Duration::ZERO)?;
    let spent = t.elapsed();
    log(format!("{label}: search index tidied in {steps} steps"));
    rec.push(
        Metric::new(format!("tidy.index_s.{label}"), spent.as_secs_f64(), "s")
            .note("after import + enrichment; app: in the background"),
    );
    Ok(())
}

// ---- search -------------------------------------------------------------------

pub struct QueryCase {
    pub name: String,
    pub text: String,
    pub tag: Option<String>,
}

/// The fixed mix: rare word, two words, phrase, 3-letter prefix, a word in
/// most articles; each without and with a tag filter.
pub fn query_mix(corpus: &Corpus) -> Vec<QueryCase> {
    let w = &corpus.vocab.words;
    let rare = &w[w.len() * 4 / 5];
    let base = [
        ("rare", rare.clone()),
        ("two_words", format!("{} {}", w[150], w[400])),
        ("phrase", format!("\"{}\"", COLLOCATIONS[29])),
        ("prefix", "pro*".to_owned()),
        ("common", w[20].clone()),
    ];
    let tag = TAGS[1].to_owned();
    let mut out = Vec::new();
    for with_tag in [false, true] {
        for (name, text) in &base {
            out.push(QueryCase {
                name: if with_tag {
                    format!("{name}+tag")
                } else {
                    (*name).to_owned()
                },
                text: text.clone(),
                tag: with_tag.then(|| tag.clone()),
            });
        }
    }
    out
}

/// Runs the query mix `rounds` times (round-robin, after 3 warm-up rounds)
/// through `Library::search` and, as the baseline, the plain FTS5 query
/// through raw rusqlite. Tag-filtered cases have the same raw baseline as
/// their unfiltered twin (the raw query has no filter).
/// `p95_goal`/`max_goal` in ms apply when given.
pub fn search(
    rec: &mut Recorder,
    lib: &Library,
    corpus: &Corpus,
    label: &str,
    rounds: usize,
    p95_goal: Option<f64>,
    max_goal: Option<f64>,
) -> R<()> {
    let cases = query_mix(corpus);
    let raw = Connection::open_with_flags(
        lib.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    raw.busy_timeout(Duration::from_secs(5))?;
    let raw_sql =
        "SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rank LIMIT 50";
    for c in &cases {
        let fts = to_fts_query(&c.text)?.ok_or("empty query")?.text;
        if c.tag.is_none() {
            let n: i64 = raw.query_row(
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?1",
                [&fts],
                |r| r.get(0),
            )?;
            log(format!(
                "search {label}: {:>10} {:<32} matches {n} rows",
                c.name, c.text
            ));
        }
    }
    let run_core = |c: &QueryCase| -> R<(f64, usize)> {
        let q = SearchQuery {
            text: c.text.clone(),
            tag: c.tag.clone(),
            color: None,
            limit: 50,
            offset: 0,
        };
        let t = Instant::now();
        let hits = lib.search(&q)?;
        Ok((ms(t.elapsed()), hits.len()))
    };
    let run_raw = |c: &QueryCase| -> R<f64> {
        let fts = to_fts_query(&c.text)?.ok_or("empty query")?.text;
        let t = Instant::now();
        let mut stmt = raw.prepare_cached(raw_sql)?;
        let mut rows = stmt.query([&fts])?;
        let mut ids = Vec::with_capacity(50);
        while let Some(r) = rows.next()? {
            ids.push(r.get::<_, i64>(0)?);
        }
        let took = ms(t.elapsed());
        std::hint::black_box(ids);
        Ok(took)
    };
    for _ in 0..3 {
        for c in &cases {
            run_core(c)?;
            run_raw(c)?;
        }
    }
    let mut core_ms: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let mut raw_ms: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let mut hits = vec![0usize; cases.len()];
    for round in 0..rounds {
        for (i, c) in cases.iter().enumerate() {
            let (t, h) = run_core(c)?;
            core_ms[i].push(t);
            hits[i] = h;
            raw_ms[i].push(run_raw(c)?);
        }
        if (round + 1) % 10 == 0 {
            log(format!("search {label}: round {}/{rounds}", round + 1));
        }
    }
    let all_core: Vec<f64> = core_ms.iter().flatten().copied().collect();
    let all_raw: Vec<f64> = raw_ms.iter().flatten().copied().collect();
    let (c, r) = (stats(&all_core), stats(&all_raw));
    rec.push(Metric::new(format!("search.p50_ms.{label}"), c.p50, "ms").baseline(r.p50));
    let m = Metric::new(format!("search.p95_ms.{label}"), c.p95, "ms").baseline(r.p95);
    rec.push(match p95_goal {
        Some(g) => m.goal(format!("<= {g} ms"), c.p95 <= g),
        None => m,
    });
    let m = Metric::new(format!("search.max_ms.{label}"), c.max, "ms").baseline(r.max);
    rec.push(match max_goal {
        Some(g) => m.goal(format!("<= {g} ms"), c.max <= g),
        None => m,
    });
    for (i, case) in cases.iter().enumerate() {
        let (cs, rs) = (stats(&core_ms[i]), stats(&raw_ms[i]));
        log(format!(
            "search {label}: {:>14} p50 {:.2} p95 {:.2} max {:.2} ms ({} hits); raw p50 {:.2} p95 {:.2} ms",
            case.name, cs.p50, cs.p95, cs.max, hits[i], rs.p50, rs.p95
        ));
        rec.push(
            Metric::new(format!("search.p95_ms.{label}.{}", case.name), cs.p95, "ms")
                .baseline(rs.p95)
                .note(format!("max {:.1} ms, {} hits", cs.max, hits[i])),
        );
    }
    Ok(())
}

// ---- long documents -------------------------------------------------------------

/// Adds books to the library (articles of 1, 5 and 20 MB from the corpus,
/// and 1 MB of one sentence repeated, where every match is in one row),
/// then runs the query mix again: snippets and ranking must not cost in
/// proportion to an article's length. Labelled `<label>+long`.
pub fn long_documents(
    rec: &mut Recorder,
    lib: &Library,
    corpus: &Corpus,
    label: &str,
    rounds: usize,
) -> R<()> {
    let w = &corpus.vocab.words;
    let sentence = format!(
        "The {} was seen again near the old harbour wall, as every {} knows. ",
        w[20], w[150]
    );
    // Paragraphs of 100 sentences (a line may hold at most a million
    // characters), 1 MB in all.
    let paragraph = sentence.repeat(100);
    let repeated = vec![paragraph.trim_end(); (1 << 20) / paragraph.len() + 1].join("\n\n");
    let mut books: Vec<(String, Vec<u8>)> = [1usize, 5, 20]
        .iter()
        .map(|mb| {
            let a = corpus.long_article(mb << 20);
            (format!("book-{mb}mb.txt"), corpus::file_bytes(&[a]))
        })
        .collect();
    books.push((
        "repeated-1mb.txt".to_owned(),
        format!("One Sentence Again and Again\n\n{repeated}\n").into_bytes(),
    ));
    let now = time::OffsetDateTime::now_utc();
    for (name, bytes) in &books {
        let t = Instant::now();
        lib.import_bytes(name, bytes, now)?;
        log(format!(
            "long documents: {name} ({:.1} MB) imported in {:.2} s",
            bytes.len() as f64 / 1e6,
            t.elapsed().as_secs_f64()
        ));
    }
    search(
        rec,
        lib,
        corpus,
        &format!("{label}+long"),
        rounds,
        Some(50.0),
        Some(200.0),
    )
}

// ---- export -------------------------------------------------------------------

/// The full-format export query in SQL the system sqlite3 (3.40, no ORDER BY
/// inside aggregates) understands: same join, columns and order as core.
const SQLITE3_EXPORT_SQL: &str = "SELECT n.id AS annotation_id, n.kind, a.id AS article_id, a.title AS article_title,
  a.author AS article_author, a.source AS article_source,
  (SELECT group_concat(name, ', ') FROM (SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id
     WHERE x.article_id = a.id ORDER BY t.norm)) AS article_tags,
  n.quote, n.note, n.color, c.label AS color_label,
  (SELECT group_concat(name, ', ') FROM (SELECT t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
     WHERE x.annotation_id = n.id ORDER BY t.norm)) AS tags,
  n.start, n.\"end\", n.prefix, n.suffix, n.created_at, n.updated_at
FROM annotations n JOIN articles a ON a.id = n.article_id JOIN colors c ON c.name = n.color
ORDER BY n.article_id, n.kind = 'highlight', n.start, n.seq;";

/// What `export-child` reports.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
pub struct ChildReport {
    pub secs: f64,
    pub rows: u64,
    pub rss_before_kb: u64,
    pub hwm_before_kb: u64,
    pub hwm_after_kb: u64,
    pub hwm_reset: bool,
}

impl ChildReport {
    /// Peak RSS growth during the export. Exact when the high-water mark was
    /// reset before the export; otherwise an upper bound.
    pub fn growth_kb(&self) -> u64 {
        self.hwm_after_kb.saturating_sub(self.rss_before_kb)
    }
}

/// `/proc/self/status` field in kB.
fn status_kb(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The body of `marginalia-bench export-child`: a fresh process, so its
/// VmHWM (a process-lifetime maximum) reflects this export alone. The HWM
/// is also reset (`5` to /proc/self/clear_refs) after opening the library.
pub fn export_child(db: &Path, out: &Path, since: Option<String>) -> R<ChildReport> {
    let lib = Library::open(db)?;
    let hwm_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let rss_before_kb = status_kb("VmRSS:");
    let hwm_before_kb = status_kb("VmHWM:");
    let opts = marginalia_core::ExportOptions {
        since,
        ..Default::default()
    };
    let t = Instant::now();
    let summary = lib.export_csv_to_file(out, &opts)?;
    let secs = t.elapsed().as_secs_f64();
    let hwm_after_kb = status_kb("VmHWM:");
    Ok(ChildReport {
        secs,
        rows: summary.rows,
        rss_before_kb,
        hwm_before_kb,
        hwm_after_kb,
        hwm_reset,
    })
}

fn run_child(db: &Path, out: &Path, since: Option<&str>) -> R<ChildReport> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg("export-child")
        .arg("--db")
        .arg(db)
        .arg("--out")
        .arg(out);
    if let Some(s) = since {
        cmd.arg("--since").arg(s);
    }
    let output = cmd.stderr(Stdio::inherit()).output()?;
    if !output.status.success() {
        return Err(format!("export-child failed: {}", output.status).into());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .ok_or("export-child printed no report")?;
    Ok(serde_json::from_str(line)?)
}

fn run_sqlite3(db: &Path, out: &Path) -> R<f64> {
    let file = std::fs::File::create(out)?;
    let t = Instant::now();
    let status = Command::new("/usr/bin/sqlite3")
        .arg("-csv")
        .arg("-header")
        .arg(db)
        .arg(SQLITE3_EXPORT_SQL)
        .stdout(file)
        .status()?;
    let secs = t.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("sqlite3 failed: {status}").into());
    }
    Ok(secs)
}

/// Export time (core in a child process, best of `runs`) against
/// `sqlite3 -csv` on the same join into a file (best of `runs`, wall time of
/// the process); and peak-RSS growth of the full export against that of an
/// export of the newest 1% (`since`), to show memory does not grow with rows.
pub fn export(rec: &mut Recorder, db: &Path, dir: &Path, annotations: u64, runs: usize) -> R<()> {
    let label = format!("{}_annotations", crate::metrics::size_label(annotations));
    let out = dir.join("export-core.csv");
    let since = marginalia_core::stamp::format_time(seed::created_at(annotations * 99 / 100));
    let small = run_child(db, &out, Some(since.as_str()))?;
    log(format!(
        "export: 1% export: {} rows, {:.2}s, peak RSS growth {} kB",
        small.rows,
        small.secs,
        small.growth_kb()
    ));
    let mut core = Vec::new();
    let mut sqlite = Vec::new();
    for i in 0..runs.max(1) {
        let r = run_child(db, &out, None)?;
        log(format!(
            "export run {}: core {} rows in {:.2}s, peak RSS growth {} kB (RSS before {} kB, HWM before {} kB, reset: {})",
            i + 1,
            r.rows,
            r.secs,
            r.growth_kb(),
            r.rss_before_kb,
            r.hwm_before_kb,
            r.hwm_reset
        ));
        core.push(r);
        if Path::new("/usr/bin/sqlite3").exists() {
            let sq_out = dir.join("export-sqlite3.csv");
            let secs = run_sqlite3(db, &sq_out)?;
            let lines = count_lines(&sq_out)?;
            log(format!(
                "export run {}: sqlite3 {} lines in {:.2}s",
                i + 1,
                lines,
                secs
            ));
            if lines != core[0].rows + 1 {
                rec.note(format!(
                    "export: sqlite3 wrote {lines} lines, core {} rows (+1 header expected)",
                    core[0].rows
                ));
            }
            let _ = std::fs::remove_file(&sq_out);
            sqlite.push(secs);
        }
    }
    let _ = std::fs::remove_file(&out);
    let best = core.iter().map(|r| r.secs).fold(f64::INFINITY, f64::min);
    let m = Metric::new(format!("export.seconds.{label}"), best, "s");
    if sqlite.is_empty() {
        rec.note("export: /usr/bin/sqlite3 not found; no baseline");
        rec.push(m.note("<= 0.6x sqlite3 -csv (no baseline)"));
    } else {
        let base = sqlite.iter().copied().fold(f64::INFINITY, f64::min);
        let m = m.baseline(base);
        let met = m.ratio.is_some_and(|r| r <= 0.6);
        rec.push(m.goal("<= 0.6x sqlite3 -csv", met));
    }
    let growth = core.iter().map(|r| r.growth_kb()).max().unwrap_or(0) as f64 / 1024.0;
    let small_growth = small.growth_kb() as f64 / 1024.0;
    let m = Metric::new(format!("export.peak_rss_growth_mb.{label}"), growth, "MB")
        .baseline(small_growth);
    rec.push(m.goal(
        "flat: <= 1% export's growth + 16 MB",
        growth <= small_growth + 16.0,
    ));
    if !core[0].hwm_reset {
        rec.note("export: could not reset VmHWM; RSS growth is an upper bound");
    }
    Ok(())
}

fn count_lines(path: &Path) -> R<u64> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            return Ok(n);
        }
        n += buf[..k].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

// ---- highlight save -------------------------------------------------------------

/// `Library::create_highlight` from call to committed, `n` times (after 20
/// warm-up saves) on sentences of 50 (seeded) random articles; some with a note,
/// colour or tag, as users make them.
pub fn saves(rec: &mut Recorder, lib: &Library, seed: u64, n: usize, label: &str) -> R<()> {
    let mut rng = Rng::for_item(seed, 20, 0);
    let targets: Vec<(String, Vec<(usize, usize)>)> = lib
        .read(|c| {
            let max: i64 = c.query_row("SELECT coalesce(max(seq), 0) FROM articles", [], |r| {
                r.get(0)
            })?;
            let mut stmt = c.prepare(
                "SELECT a.id, marginalia_text(t.body) FROM articles a
                       JOIN article_texts t ON t.seq = a.seq
                      WHERE a.seq >= ?1 ORDER BY a.seq LIMIT 1",
            )?;
            let mut out = Vec::new();
            for _ in 0..50 {
                let seq = 1 + rng.below(max.max(1) as usize) as i64;
                out.push(stmt.query_row([seq], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })?);
            }
            Ok(out)
        })?
        .into_iter()
        .map(|(id, text)| (id, corpus::sentence_spans(&text)))
        .filter(|(_, spans)| !spans.is_empty())
        .collect();
    if targets.is_empty() {
        return Err("no articles to highlight".into());
    }
    // The bench has just written the whole library (hundreds of MB); let the
    // kernel finish writing that back first, so that these saves measure a
    // user's highlight rather than the tail of a bulk import's writeback.
    let _ = std::process::Command::new("sync").status();
    let mut samples = Vec::with_capacity(n);
    for i in 0..n + 20 {
        let (id, spans) = &targets[rng.below(targets.len())];
        let (start, end) = spans[rng.below(spans.len())];
        let input = AnnotationInput {
            note: if rng.chance(0.2) {
                "Worth a second look.".into()
            } else {
                String::new()
            },
            color: rng.chance(0.3).then(|| "green".to_owned()),
            tags: if rng.chance(0.1) {
                vec!["to reread".to_owned()]
            } else {
                Vec::new()
            },
        };
        let now = time::OffsetDateTime::now_utc();
        let t = Instant::now();
        lib.create_highlight(id, &Passage::Range { start, end }, &input, now)?;
        if i >= 20 {
            samples.push(ms(t.elapsed()));
        }
    }
    // Which saves were slow says why (periodic ones point at index merges).
    let slow: Vec<String> = samples
        .iter()
        .enumerate()
        .filter(|&(_, &v)| v > 5.0)
        .map(|(i, v)| format!("#{i}: {v:.1} ms"))
        .collect();
    log(format!(
        "saves {label}: {} over 5 ms: {}",
        slow.len(),
        slow.join(", ")
    ));
    let s = stats(&samples);
    rec.push(Metric::new(format!("save.p50_ms.{label}"), s.p50, "ms"));
    rec.push(
        Metric::new(format!("save.p99_ms.{label}"), s.p99, "ms").goal("<= 10 ms", s.p99 <= 10.0),
    );
    rec.push(
        Metric::new(format!("save.max_ms.{label}"), s.max, "ms").note(format!("{} saves", s.n)),
    );
    Ok(())
}
