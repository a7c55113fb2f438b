//! App metrics (cold start, memory, 1 MB article and 2 MB book render) through the real
//! desktop app under Xvfb, driven by `bench/app.mjs` over tauri-driver. This
//! side prepares the libraries and turns the script's JSON into metrics.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use marginalia_core::{AnnotationInput, Library, Passage};
use serde_json::Value;

use crate::corpus::{self, Corpus};
use crate::metrics::{Metric, Recorder, log, median, percentile};

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// What the app on first launch imports into an empty library.
const SAMPLE_NAME: &str = "armenia-us-news.txt";
const SAMPLE: &[u8] = include_bytes!("../../samples/armenia-us-news.txt");

pub struct Tools {
    pub app: PathBuf,
    /// The bare Tauri window (bench/bare-window), the baseline, if built.
    pub bare: Option<PathBuf>,
    pub node: PathBuf,
    pub driver: PathBuf,
    pub script: PathBuf,
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// The release app binary: `MARGINALIA_APP`, else
/// `$CARGO_TARGET_DIR/release/marginalia` (default target dir
/// `~/.cache/marginalia-target`).
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("MARGINALIA_APP").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    release_dir().join("marginalia")
}

fn release_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache").join("marginalia-target"));
    target.join("release")
}

/// The bare window: `MARGINALIA_BARE_APP`, else beside the release app
/// (`cargo build --release -p marginalia -p bare-window`).
fn bare_binary() -> Option<PathBuf> {
    let p = std::env::var_os("MARGINALIA_BARE_APP")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| release_dir().join("bare-window"));
    p.is_file().then_some(p)
}

/// Everything the app metrics need, or why they cannot run.
pub fn find_tools() -> Result<Tools, String> {
    let app = app_binary();
    if !app.is_file() {
        return Err(format!(
            "no release app binary at {} (build it: cargo build --release -p marginalia, or set MARGINALIA_APP)",
            app.display()
        ));
    }
    let node = which("node").ok_or("node is not on PATH")?;
    if which("Xvfb").is_none() && !Path::new("/usr/bin/Xvfb").exists() {
        return Err("Xvfb not found".into());
    }
    if which("WebKitWebDriver").is_none() && !Path::new("/usr/bin/WebKitWebDriver").exists() {
        return Err("WebKitWebDriver not found (webkit2gtk-driver)".into());
    }
    let driver = std::env::var_os("TAURI_DRIVER")
        .map(PathBuf::from)
        .or_else(|| which("tauri-driver"))
        .unwrap_or_else(|| home().join(".cargo").join("bin").join("tauri-driver"));
    if !driver.is_file() {
        return Err(format!("tauri-driver not found at {}", driver.display()));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("app.mjs");
    if !script.is_file() {
        return Err(format!("{} is missing", script.display()));
    }
    Ok(Tools {
        app,
        bare: bare_binary(),
        node,
        driver,
        script,
    })
}

/// "Empty" as a new user sees it: the sample articles the app imports on
/// first launch, imported beforehand so every launch does the same work.
pub fn empty_library(path: &Path) -> R<()> {
    let lib = Library::open(path)?;
    lib.offer_sample(SAMPLE_NAME, SAMPLE, time::OffsetDateTime::now_utc())?;
    Ok(())
}

/// A library holding one article of about 1 MB with `highlights` highlights
/// on evenly spaced sentences (each within a paragraph, so each renders as
/// one `mark.hl`), saved through `create_highlight`. Returns the article id.
pub fn render_library(path: &Path, corpus: &Corpus, highlights: usize) -> R<String> {
    let lib = Library::open(path)?;
    let article = corpus.long_article(1_000_000);
    let bytes = corpus::file_bytes(std::slice::from_ref(&article));
    let imported = lib.import_bytes("long-read.txt", &bytes, time::OffsetDateTime::now_utc())?;
    if imported.len() != 1 {
        return Err(format!("the 1 MB file parsed as {} articles, not 1", imported.len()).into());
    }
    let id = imported[0].id.clone();
    let text = lib.article(&id)?.text;
    let spans = corpus::sentence_spans(&text);
    if spans.len() < highlights {
        return Err(format!("only {} sentences for {highlights} highlights", spans.len()).into());
    }
    let step = spans.len() / highlights;
    let colors = ["yellow", "green", "blue", "pink", "purple"];
    for k in 0..highlights {
        let (start, end) = spans[k * step];
        let input = AnnotationInput {
            color: Some(colors[k % colors.len()].to_owned()),
            ..AnnotationInput::default()
        };
        lib.create_highlight(
            &id,
            &Passage::Range { start, end },
            &input,
            time::OffsetDateTime::now_utc(),
        )?;
        if (k + 1) % 250 == 0 {
            log(format!("render library: {}/{highlights} highlights", k + 1));
        }
    }
    Ok(id)
}

pub struct Libraries<'a> {
    pub empty: &'a Path,
    pub big: &'a Path,
    /// "100k" (or the quick size): names the big library's metrics.
    pub big_label: &'a str,
    pub render: &'a Path,
    pub render_id: &'a str,
    pub highlights: usize,
    /// The 2 MB EPUB book in the same library, and its highlights.
    pub book_id: &'a str,
    pub book_highlights: usize,
}

fn samples(v: &Value, key: &str) -> Vec<f64> {
    let mut cur = v;
    for part in key.split('.') {
        cur = &cur[part];
    }
    cur.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// Runs `node bench/app.mjs` and records its measurements.
pub fn run(rec: &mut Recorder, tools: &Tools, libs: &Libraries<'_>, runs: usize) -> R<()> {
    log(format!(
        "app: running {} (app {})",
        tools.script.display(),
        tools.app.display()
    ));
    let mut command = Command::new(&tools.node);
    command.arg(&tools.script);
    match &tools.bare {
        Some(bare) => {
            command.arg("--bare").arg(bare);
        }
        None => {
            rec.note("app: no bare window to compare with (cargo build --release -p bare-window)")
        }
    }
    let output = command
        .arg("--app")
        .arg(&tools.app)
        .arg("--driver")
        .arg(&tools.driver)
        .arg("--empty")
        .arg(libs.empty)
        .arg("--big")
        .arg(libs.big)
        .arg("--render")
        .arg(libs.render)
        .arg("--render-id")
        .arg(libs.render_id)
        .arg("--marks")
        .arg(libs.highlights.to_string())
        .arg("--book-id")
        .arg(libs.book_id)
        .arg("--book-marks")
        .arg(libs.book_highlights.to_string())
        .arg("--runs")
        .arg(runs.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'));
    let Some(line) = line else {
        return Err(format!(
            "app.mjs exited with {} and printed no result",
            output.status
        )
        .into());
    };
    let v: Value = serde_json::from_str(line)?;
    if let Some(errors) = v["errors"].as_array() {
        for e in errors {
            rec.note(format!("app: {}", e.as_str().unwrap_or("?")));
        }
    }
    let big = libs.big_label;

    let (empty, full) = (
        samples(&v, "cold_start_ms.empty"),
        samples(&v, "cold_start_ms.big"),
    );
    log(format!(
        "app: cold start samples (ms): empty {empty:?}, {big} {full:?}"
    ));
    if !empty.is_empty() {
        rec.push(
            Metric::new("app.cold_start_ms.empty", median(&empty), "ms")
                .note(format!("median of {}", empty.len())),
        );
    }
    if !full.is_empty() {
        let m = Metric::new(format!("app.cold_start_ms.{big}"), median(&full), "ms");
        let m = if empty.is_empty() {
            m
        } else {
            m.baseline(median(&empty))
        };
        let met = m.ratio.is_some_and(|r| r <= 1.1);
        rec.push(m.goal("<= 1.1x empty library", met));
    }

    let pss_empty = v["pss_mb"]["empty"].as_f64();
    let pss_big = v["pss_mb"]["big"].as_f64();
    let pss_bare = v["pss_mb"]["bare"].as_f64();
    if let Some(e) = pss_empty {
        let m = Metric::new("app.pss_mb.empty", e, "MB").note("app + WebKit processes, 3 s idle");
        rec.push(match pss_bare {
            Some(b) => m.baseline(b).goal("<= bare window + 40 MB", e <= b + 40.0),
            None => m,
        });
    }
    if let Some(b) = pss_big {
        let m = Metric::new(format!("app.pss_mb.{big}"), b, "MB");
        rec.push(match pss_empty {
            Some(e) => m.baseline(e).goal("<= empty + 40 MB", b <= e + 40.0),
            None => m,
        });
    }

    bare_window(rec, &v, &empty, pss_bare);

    let first = samples(&v, "render_ms.first");
    let painted = samples(&v, "render_ms.painted");
    let dom = samples(&v, "render_ms.dom");
    log(format!(
        "app: render samples (ms): first screen {first:?}, all painted {painted:?}, all in dom {dom:?}"
    ));
    if !first.is_empty() {
        let p = median(&first);
        rec.push(
            Metric::new("app.render_1mb_1000hl_ms", p, "ms")
                .goal("<= 150 ms (first screen painted)", p <= 150.0),
        );
    }
    let warm = samples(&v, "render_ms.warm");
    if !warm.is_empty() {
        rec.push(
            Metric::new("app.render_1mb_1000hl_warm_ms", median(&warm), "ms")
                .note("opened again in the running app, first screen painted"),
        );
    }
    if !painted.is_empty() {
        rec.push(
            Metric::new("app.render_1mb_1000hl_all_ms", median(&painted), "ms")
                .note("click to all 1,000 marks in the DOM, painted"),
        );
    }
    if !dom.is_empty() {
        rec.push(
            Metric::new("app.render_1mb_1000hl_dom_ms", median(&dom), "ms")
                .note("click to 1,000 mark.hl in the DOM"),
        );
    }
    let book = samples(&v, "render_ms.book");
    log(format!(
        "app: 2 MB book samples (ms): first screen {book:?}"
    ));
    if !book.is_empty() {
        let p = median(&book);
        rec.push(
            Metric::new("app.render_book_2mb_ms", p, "ms")
                .note(format!(
                    "EPUB, {} chapters, {} highlights; median of {}",
                    crate::book::CHAPTERS,
                    libs.book_highlights,
                    book.len()
                ))
                .goal("<= 150 ms (first screen painted)", p <= 150.0),
        );
    }
    browser(rec, &v["browser"], big);
    if !output.status.success() {
        rec.note(format!("app.mjs exited with {}", output.status));
    }
    Ok(())
}

/// The highlights browser on the big library: opening it, the frame times
/// of a steady scroll against the same scroll of the reader (goal: p95 no
/// more than 1.25x the reader's: a virtual list of 1M rows scrolls like
/// text), how many frames showed rows still loading, and a jump to the
/// middle of the list.
fn browser(rec: &mut Recorder, v: &Value, big: &str) {
    let mut frames = samples(v, "deltas");
    if frames.is_empty() {
        return;
    }
    frames.sort_by(f64::total_cmp);
    let mut reader = samples(v, "reader");
    reader.sort_by(f64::total_cmp);
    let rows = v["total"].as_f64().unwrap_or(0.0);
    let p95 = percentile(&frames, 95.0);
    if !reader.is_empty() {
        rec.push(
            Metric::new(
                format!("app.reader_scroll_frame_ms.{big}"),
                percentile(&reader, 95.0),
                "ms",
            )
            .note(format!(
                "p95 of {} frames scrolling an article 40 px a frame; median {:.1}, max {:.1}",
                reader.len(),
                median(&reader),
                reader[reader.len() - 1]
            )),
        );
    }
    let m = Metric::new(format!("app.browser_scroll_frame_ms.{big}"), p95, "ms").note(format!(
        "p95 of {} frames scrolling {rows} rows 40 px a frame; median {:.1}, max {:.1}",
        frames.len(),
        median(&frames),
        frames[frames.len() - 1]
    ));
    rec.push(if reader.is_empty() {
        m
    } else {
        let m = m.baseline(percentile(&reader, 95.0));
        let met = m.ratio.is_some_and(|r| r <= 1.25);
        m.goal("<= 1.25x the reader's", met)
    });
    if let Some(blank) = v["blank"].as_f64() {
        rec.push(
            Metric::new(
                format!("app.browser_scroll_loading_frames.{big}"),
                blank,
                "frames",
            )
            .note("frames of that scroll that showed rows still loading (placeholders)"),
        );
    }
    if let Some(open) = v["open"].as_f64() {
        rec.push(
            Metric::new(format!("app.browser_open_ms.{big}"), open, "ms")
                .note("from the view's button to its first rows painted"),
        );
    }
    if let Some(jump) = v["jump"].as_f64() {
        rec.push(
            Metric::new(format!("app.browser_jump_ms.{big}"), jump, "ms")
                .note("scrolled to the middle of the list, until its rows are drawn"),
        );
    }
}

/// The bare Tauri window's own figures, and the app's first paint against
/// its first paint (goal: <= 1.3x).
fn bare_window(rec: &mut Recorder, v: &Value, app_empty: &[f64], pss: Option<f64>) {
    let bare = samples(v, "cold_start_ms.bare");
    if bare.is_empty() {
        return;
    }
    log(format!(
        "app: bare window cold start samples (ms): {bare:?}"
    ));
    let b = median(&bare);
    rec.push(
        Metric::new("app.bare_window.cold_start_ms", b, "ms").note(format!(
            "bench/bare-window, first frame painted; median of {}",
            bare.len()
        )),
    );
    if let Some(pss) = pss {
        rec.push(
            Metric::new("app.bare_window.pss_mb", pss, "MB")
                .note("bare window + WebKit processes, 3 s idle"),
        );
    }
    if !app_empty.is_empty() {
        let m = Metric::new("app.cold_start_vs_bare_window", median(app_empty), "ms")
            .note("the app's first paint with the library (empty) against the bare window's")
            .baseline(b);
        let met = m.ratio.is_some_and(|r| r <= 1.3);
        rec.push(m.goal("<= 1.3x bare window", met));
    }
}
