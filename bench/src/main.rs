//! `cargo run --release -p marginalia-bench -- [--quick] [--json PATH] [--app]`
//!
//! Generates a deterministic corpus, builds libraries from it in temp dirs,
//! and measures import, search, CSV export, highlight saves and (when the
//! release app, node, Xvfb and tauri-driver are there) app start-up, memory
//! and rendering, each against its baseline and goal. Prints a table on
//! stdout, progress on stderr, and with `--json` one JSON object per metric.

mod app_bench;
mod book;
mod bulk;
mod core_bench;
mod corpus;
mod crash;
mod lean;
mod metrics;
mod pages;
mod rng;
mod seed;
mod storage;
mod variants;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use marginalia_core::Library;

use crate::corpus::Corpus;
use crate::metrics::{Recorder, log, size_label};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

type R<T> = Result<T, Box<dyn std::error::Error>>;

#[derive(Parser)]
#[command(
    name = "marginalia-bench",
    about = "Marginalia benchmarks: import, search, export, saves, app"
)]
struct Cli {
    /// Smaller sizes (10k articles, 100k annotations, 500 saves); under 3
    /// minutes. App metrics only with --app.
    #[arg(long)]
    quick: bool,
    /// Also write the metrics to PATH as JSON Lines (one object per metric).
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Run the app metrics in --quick mode too.
    #[arg(long, conflicts_with = "no_app")]
    app: bool,
    /// Skip the app metrics in full mode.
    #[arg(long)]
    no_app: bool,
    /// Articles in the main library instead of the mode's size (10k quick,
    /// 100k full); skips the 1M phase.
    #[arg(long, value_name = "N")]
    articles: Option<u64>,
    /// Annotations added to it instead of the mode's count.
    #[arg(long, value_name = "M")]
    annotations: Option<u64>,
    /// Corpus seed (same seed, same corpus bytes).
    #[arg(long, default_value_t = 42, global = true)]
    seed: u64,
    /// Where the temporary libraries go (default: the system temp dir). The
    /// full run needs about 12 GB free.
    #[arg(long, value_name = "DIR")]
    tmp: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Subcommand)]
enum Sub {
    /// Internal: one CSV export in a fresh process (for its peak memory);
    /// prints a JSON report.
    #[command(hide = true)]
    ExportChild {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        since: Option<String>,
    },
    /// The routes to a lighter library, measured side by side (file size
    /// against the text, raw insert rate, search latency); prints a
    /// Markdown table.
    Storage {
        #[arg(long, default_value_t = 10_000)]
        articles: u64,
        #[arg(long, default_value_t = 100_000)]
        annotations: u64,
        /// Rounds of the query mix per variant.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        /// Instead: the shipped shape made leaner step by step (ids,
        /// quotes, times, the prefix index), sizes only.
        #[arg(long)]
        lean: bool,
    },
    /// The crash harness's long run: CLI writers SIGKILLed at random moments,
    /// then the library checked (acknowledged writes, integrity, imports
    /// whole or absent, exports never torn). Exit 1 on any problem.
    Crash {
        /// Killed-writer cycles.
        #[arg(long, default_value_t = 1000)]
        cycles: usize,
        /// The marginalia-cli binary (default: beside this one).
        #[arg(long, value_name = "PATH")]
        cli: Option<PathBuf>,
        /// Longest a writer runs before it is killed, in milliseconds.
        #[arg(long, default_value_t = 30)]
        max_delay_ms: u64,
    },
}

/// Sizes and repetitions of one run.
struct Plan {
    /// Articles in the main library (import metric, search, saves, app).
    articles: u64,
    /// Annotations added to it (export).
    annotations: u64,
    search_rounds: usize,
    export_runs: usize,
    saves: usize,
    app: bool,
    app_runs: usize,
    /// Import 1M articles too, and check search latency on them.
    million: bool,
    /// Saved web pages imported with one worker and with one per core.
    pages: usize,
}

impl Plan {
    fn new(cli: &Cli) -> Plan {
        let mut plan = Plan::for_mode(cli);
        if let Some(n) = cli.articles {
            plan.articles = n;
            plan.million = false;
        }
        if let Some(m) = cli.annotations {
            plan.annotations = m;
        }
        plan
    }

    fn for_mode(cli: &Cli) -> Plan {
        if cli.quick {
            Plan {
                articles: 10_000,
                annotations: 100_000,
                search_rounds: 20,
                export_runs: 2,
                saves: 500,
                app: cli.app,
                app_runs: 3,
                million: false,
                pages: 100,
            }
        } else {
            Plan {
                articles: 100_000,
                annotations: 1_000_000,
                search_rounds: 30,
                export_runs: 2,
                saves: 2_000,
                app: !cli.no_app,
                app_runs: 5,
                million: true,
                pages: 400,
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Sub::ExportChild { db, out, since }) = &cli.command {
        return match core_bench::export_child(db, out, since.clone()) {
            Ok(report) => {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("export-child: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(Sub::Crash {
        cycles,
        cli: binary,
        max_delay_ms,
    }) = &cli.command
    {
        return crash_run(
            *cycles,
            binary.clone(),
            *max_delay_ms,
            cli.seed,
            cli.tmp.as_deref(),
        );
    }
    if let Some(Sub::Storage {
        articles,
        annotations,
        rounds,
        lean,
    }) = &cli.command
    {
        let base = cli.tmp.clone().unwrap_or_else(std::env::temp_dir);
        let outcome = tempfile::Builder::new()
            .prefix("marginalia-storage-")
            .tempdir_in(&base)
            .map_err(Into::into)
            .and_then(|dir| {
                let corpus = Corpus::new(cli.seed);
                if *lean {
                    lean::run(&corpus, dir.path(), *articles, *annotations)
                } else {
                    variants::run(&corpus, dir.path(), *articles, *annotations, *rounds)
                }
            });
        return match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("storage: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut rec = match Recorder::new(cli.json.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "cannot write {}: {e}",
                cli.json.as_deref().unwrap_or(Path::new("?")).display()
            );
            return ExitCode::FAILURE;
        }
    };
    let failed = match run(&cli, &mut rec) {
        Ok(failed) => failed,
        Err(e) => {
            rec.note(format!("run aborted: {e}"));
            true
        }
    };
    println!();
    rec.print_table();
    if let Some(p) = &cli.json {
        println!("JSON Lines: {}", p.display());
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn crash_run(
    cycles: usize,
    binary: Option<PathBuf>,
    max_delay_ms: u64,
    seed: u64,
    tmp: Option<&Path>,
) -> ExitCode {
    let binary = binary.or_else(|| {
        let me = std::env::current_exe().ok()?;
        Some(me.with_file_name("marginalia-cli"))
    });
    let Some(binary) = binary.filter(|b| b.exists()) else {
        eprintln!("crash: marginalia-cli not found beside this binary; pass --cli PATH");
        return ExitCode::FAILURE;
    };
    let base = tmp.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let started = std::time::Instant::now();
    let outcome = tempfile::Builder::new()
        .prefix("marginalia-crash-")
        .tempdir_in(&base)
        .and_then(|dir| {
            crash::run(
                &binary,
                dir.path(),
                cycles,
                seed,
                std::time::Duration::from_millis(max_delay_ms),
            )
        });
    match outcome {
        Ok(r) => {
            println!(
                "crash: {} cycles in {:.0} s, {} writers killed, {} acknowledged writes checked, {} problems",
                r.cycles,
                started.elapsed().as_secs_f64(),
                r.killed,
                r.acknowledged,
                r.problems.len()
            );
            for p in &r.problems {
                println!("  {p}");
            }
            if r.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("crash: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every part; a part that fails is noted and the others go on.
/// Returns whether any part failed.
fn run(cli: &Cli, rec: &mut Recorder) -> R<bool> {
    let plan = Plan::new(cli);
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    rec.note(format!(
        "{} mode, seed {}, {cpus} CPUs, {} articles / {} annotations",
        if cli.quick { "quick" } else { "full" },
        cli.seed,
        plan.articles,
        plan.annotations
    ));
    let base = cli.tmp.clone().unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&base)?;
    let tmp = tempfile::Builder::new()
        .prefix("marginalia-bench-")
        .tempdir_in(&base)?;
    let dir = tmp.path();
    log(format!("temp dir {}", dir.display()));
    let corpus = Corpus::new(cli.seed);
    let w = &corpus.vocab.words;
    log(format!(
        "vocabulary: {} words (top: {} {} {} ...)",
        w.len(),
        w[0],
        w[1],
        w[2]
    ));
    let mut failed = false;
    let mut check = |rec: &mut Recorder, what: &str, r: R<()>| {
        if let Err(e) = r {
            rec.note(format!("{what} failed: {e}"));
            failed = true;
        }
    };

    // Import (core vs raw) at the main size; the core library is kept.
    let label = size_label(plan.articles);
    let path = core_bench::import(rec, &corpus, dir, plan.articles, &label)?;
    {
        let lib = Library::open(&path)?;
        log("enriching: article tags");
        let tagged = seed::tag_articles(&lib, &corpus)?;
        log(format!(
            "enriching: {tagged} articles tagged; adding {} annotations",
            plan.annotations
        ));
        let added = seed::add_annotations(&lib, &corpus, plan.annotations)?;
        log(format!("enriching: {added} annotations added"));
        // As the app does in the background after a large import.
        core_bench::tidy(rec, &lib, &label)?;
        let r = storage::measure(rec, &path, &label);
        check(&mut *rec, "storage", r);

        let r = core_bench::search(
            rec,
            &lib,
            &corpus,
            &label,
            plan.search_rounds,
            Some(20.0),
            None,
        );
        check(&mut *rec, "search", r);
        let r = core_bench::export(rec, &path, dir, added, plan.export_runs);
        check(&mut *rec, "export", r);
        let r = core_bench::saves(rec, &lib, cli.seed, plan.saves, &label);
        check(&mut *rec, "highlight saves", r);
        let r = bulk::bulk(rec, &lib, &label);
        check(&mut *rec, "bulk actions and the highlights browser", r);
    }

    if plan.app {
        let r = app(rec, &corpus, dir, &path, &label, plan.app_runs);
        check(&mut *rec, "app metrics", r);
    } else if cli.quick {
        rec.note("app metrics skipped: --quick without --app");
    } else {
        rec.note("app metrics skipped: --no-app");
    }

    // Books join the main library last, so that the app metrics above
    // measure the library as imported.
    let r = Library::open(&path)
        .map_err(Into::into)
        .and_then(|lib| core_bench::long_documents(rec, &lib, &corpus, &label, plan.search_rounds));
    check(&mut *rec, "long documents", r);

    // Saved web pages, parsed in parallel: the speed-up over one worker.
    let r = pages::import_pages(rec, &corpus, dir, plan.pages);
    check(&mut *rec, "web pages", r);

    if plan.million {
        let r = million(rec, &corpus, dir, plan.search_rounds / 3);
        check(&mut *rec, "1M articles", r);
    }
    log("done");
    Ok(failed)
}

fn app(
    rec: &mut Recorder,
    corpus: &Corpus,
    dir: &Path,
    big: &Path,
    label: &str,
    runs: usize,
) -> R<()> {
    let tools = match app_bench::find_tools() {
        Ok(t) => t,
        Err(why) => {
            rec.note(format!("app metrics skipped: {why}"));
            return Ok(());
        }
    };
    let empty = dir.join("app-empty.sqlite3");
    app_bench::empty_library(&empty)?;
    log("app: preparing the 1 MB article with 1,000 highlights");
    let render = dir.join("app-render.sqlite3");
    let render_id = app_bench::render_library(&render, corpus, 1_000)?;
    log("app: preparing the 2 MB book with 200 highlights");
    let (book_id, _) = book::import(&render, corpus, 2_000_000, 200)?;
    let libs = app_bench::Libraries {
        empty: &empty,
        big,
        big_label: label,
        render: &render,
        render_id: &render_id,
        highlights: 1_000,
        book_id: &book_id,
        book_highlights: 200,
    };
    app_bench::run(rec, &tools, &libs, runs)
}

/// 1M articles: import (core vs raw), tags, then the search mix once more,
/// checking that no query takes over 200 ms.
fn million(rec: &mut Recorder, corpus: &Corpus, dir: &Path, rounds: usize) -> R<()> {
    let n = 1_000_000;
    let label = size_label(n);
    let path = core_bench::import(rec, corpus, dir, n, &label)?;
    {
        let lib = Library::open(&path)?;
        log("1M: tagging articles");
        seed::tag_articles(&lib, corpus)?;
        core_bench::search(rec, &lib, corpus, &label, rounds.max(5), None, Some(200.0))?;
    }
    seed::remove_db(&path);
    Ok(())
}
