//! Importing saved web pages: generated pages as news sites serve them (a
//! navigation bar, ads, scripts, styles, a comment thread and a footer
//! around the article; 50–150 KB each): imported on one thread (read, then
//! write, page after page), as a folder with one reader beside the writer,
//! and with one reader per core. Reports pages/s for each, and the ratio of
//! the last to one thread (goal: at least 1.7× on 2 cores).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use marginalia_core::Library;
use time::OffsetDateTime;

use crate::R;
use crate::corpus::Corpus;
use crate::metrics::{Metric, Recorder, log};
use crate::rng::Rng;
use crate::seed;

/// One page: the article is `paragraphs` of the corpus's sentences, the
/// clutter around it as large again.
fn page(corpus: &Corpus, rng: &mut Rng, index: usize) -> String {
    let sentence = |rng: &mut Rng| {
        let mut s = String::new();
        corpus.sentence(rng, &mut s);
        s
    };
    let target = 50_000 + rng.below(100_000);
    let mut out = String::with_capacity(target + 4096);
    let title = sentence(rng);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} {index}</title>\
         <meta property=\"og:site_name\" content=\"The Daily Example\">\
         <link rel=\"canonical\" href=\"https://news.example.org/{index}\">\
         <style>body{{font:16px serif}} .ad{{border:1px solid #ccc}} .nav a{{margin:0 4px}}</style>\
         <script>window.dataLayer=[];function track(e){{dataLayer.push(e)}}</script></head><body>\
         <header class=\"nav\"><a href=\"/\">Home</a><a href=\"/world\">World</a><a href=\"/business\">Business</a>\
         <a href=\"/sport\">Sport</a><a href=\"/subscribe\">Subscribe</a></header>\
         <div class=\"ad\">Advertisement <img src=\"https://ads.example.net/b.gif\" width=\"1\" height=\"1\"></div>\
         <main><article><h1>{}</h1><p class=\"byline\">By Staff Reporter</p>",
        title.trim_end_matches('.'),
        title.trim_end_matches('.')
    );
    let article_len = target / 2;
    let start = out.len();
    while out.len() - start < article_len {
        out.push_str("<p>");
        for _ in 0..(3 + rng.below(5)) {
            out.push_str(&sentence(rng));
            out.push(' ');
        }
        out.push_str("</p>\n");
        if rng.below(6) == 0 {
            let _ = writeln!(out, "<h2>{}</h2>", sentence(rng).trim_end_matches('.'));
        }
    }
    out.push_str("</article><aside class=\"related\"><h3>Related</h3><ul>");
    for i in 0..8 {
        let _ = write!(out, "<li><a href=\"/story/{i}\">{}</a></li>", sentence(rng));
    }
    out.push_str("</ul></aside><section class=\"comments\"><h3>Comments</h3>");
    while out.len() < target {
        let _ = write!(
            out,
            "<div class=\"comment\"><span class=\"user\">reader{}</span><p>{}</p>\
             <button onclick=\"track('like')\">Like</button></div>",
            rng.below(10_000),
            sentence(rng)
        );
    }
    out.push_str(
        "</section></main><footer><a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a> \
         © The Daily Example</footer><script>track('view')</script></body></html>",
    );
    out
}

pub fn import_pages(rec: &mut Recorder, corpus: &Corpus, dir: &Path, n: usize) -> R<()> {
    let folder = dir.join("pages");
    std::fs::create_dir_all(&folder)?;
    let mut rng = Rng::new(0x9a9e5);
    let mut bytes = 0usize;
    for i in 0..n {
        let html = page(corpus, &mut rng, i);
        bytes += html.len();
        std::fs::write(folder.join(format!("page-{i:05}.html")), html)?;
    }
    log(format!(
        "pages: {n} pages, {} KB on average",
        bytes / n.max(1) / 1000
    ));
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let mut rate = |workers: usize| -> R<f64> {
        let path = dir.join(format!("pages-{workers}.sqlite3"));
        seed::remove_db(&path);
        let lib = Library::open(&path)?;
        let started = Instant::now();
        let outcomes = lib.import_paths(
            std::slice::from_ref(&folder),
            OffsetDateTime::now_utc(),
            workers,
            |_, _, _| {},
        );
        let secs = started.elapsed().as_secs_f64();
        let added = outcomes.iter().filter(|o| o.result.is_ok()).count();
        if added != n {
            rec.note(format!(
                "pages: {added} of {n} pages imported with {workers} worker(s)"
            ));
        }
        drop(lib);
        seed::remove_db(&path);
        Ok(n as f64 / secs)
    };
    // Warm-up (code, page cache), then one worker, one per core, and the
    // default (one per core but the writer's).
    rate(cores)?;
    let one = rate(1)?;
    let all = rate(cores)?;
    let default = marginalia_core::default_workers();
    let chosen = rate(default)?;
    // Everything on one thread: each page read, then written, in turn (one
    // core's worth of work; "one worker" already overlaps the reading of
    // the next page with the writing of this one on a second thread).
    let path = dir.join("pages-sequential.sqlite3");
    seed::remove_db(&path);
    let sequential = {
        let lib = Library::open(&path)?;
        let files = files_in(&folder)?;
        let started = Instant::now();
        for f in &files {
            lib.import_file(f, OffsetDateTime::now_utc())?;
        }
        n as f64 / started.elapsed().as_secs_f64()
    };
    seed::remove_db(&path);
    // Reading alone (no library), on one thread: when this is much faster
    // than importing with one worker, the single writer is what limits.
    let files = files_in(&folder)?;
    let started = Instant::now();
    for f in &files {
        marginalia_core::import::read_path(f)?;
    }
    let parse = n as f64 / started.elapsed().as_secs_f64();
    rec.push(
        Metric::new("import.pages_read_per_s.1_thread", parse, "pages/s")
            .note("reading and finding the article only, no writing"),
    );
    rec.push(
        Metric::new("import.pages_per_s.sequential", sequential, "pages/s")
            .note("one thread: read, then write"),
    );
    rec.push(
        Metric::new("import.pages_per_s.1_worker", one, "pages/s")
            .note("one reader beside the writer"),
    );
    rec.push(
        Metric::new(
            format!("import.pages_per_s.{cores}_workers"),
            all,
            "pages/s",
        )
        .baseline(sequential)
        .note("one reader per core"),
    );
    let m = Metric::new("import.pages_per_s.default", chosen, "pages/s").baseline(sequential);
    let met = m.ratio.is_some_and(|r| r >= 1.7);
    rec.push(m.goal(format!(">= 1.7x one thread ({default} reader(s))"), met));
    Ok(())
}

/// The files in `folder`, in name order.
fn files_in(folder: &Path) -> R<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    Ok(files)
}
