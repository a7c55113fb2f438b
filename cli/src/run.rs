//! Carrying out one command against the library.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Duration;

use std::sync::atomic::AtomicBool;

use marginalia_core::fetch::Fetcher;
use marginalia_core::{
    Annotation, AnnotationInput, Article, ArticleEdit, ArticleQuery, ArticleSort, CsvFormat, Error,
    ExportOptions, ImportStatus, ImportedArticle, Library, Passage, ReadingState, SearchQuery,
    TIDY_AFTER_ARTICLES,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::args::{
    Cli, ColorsAction, Command, CsvArgs, ExportWhat, FormatArg, SortArg, StateArg, TagsAction,
};
use crate::many;

pub enum Failure {
    Core(Error),
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

pub(crate) type Outcome = Result<ExitCode, Failure>;

fn reading_state(s: StateArg) -> ReadingState {
    match s {
        StateArg::Inbox => ReadingState::Inbox,
        StateArg::Later => ReadingState::Later,
        StateArg::Archive => ReadingState::Archive,
    }
}

/// Tells stderr how an upgrade of the library's storage goes (a line when
/// it starts, then at most one per whole percent; stdout stays the
/// command's own).
fn upgrade_progress(path: &std::path::Path) -> impl FnMut(marginalia_core::UpgradeProgress) {
    let mut last = None;
    let path = path.display().to_string();
    move |p| {
        let percent = if p.compacting {
            101
        } else {
            p.done * 100 / p.total.max(1)
        };
        if last == Some(percent) {
            return;
        }
        if last.is_none() {
            eprintln!(
                "Upgrading {path} to a lighter format (once; it goes on after an interruption)"
            );
        }
        last = Some(percent);
        if p.compacting {
            eprintln!("upgrade: compacting the file");
        } else {
            eprintln!("upgrade: {}/{} rows ({percent}%)", p.done, p.total);
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    let path = match cli.db {
        Some(p) => p,
        None => marginalia_core::default_db_path()?,
    };
    let lib = Library::open_with_progress(&path, &mut upgrade_progress(&path))?;
    let now = OffsetDateTime::now_utc();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Import { files, jobs } => import(&lib, &files, jobs, now, &mut out)?,
        Command::Update { id } => update(&lib, &id, now)?,
        Command::List {
            tag,
            state,
            starred,
            continue_reading,
            sort,
            json,
        } => {
            let sort = match sort {
                SortArg::Newest => ArticleSort::Newest,
                SortArg::Oldest => ArticleSort::Oldest,
                SortArg::Title => ArticleSort::Title,
                SortArg::Published => ArticleSort::Published,
                SortArg::Author => ArticleSort::Author,
                SortArg::Opened => ArticleSort::Opened,
                SortArg::Progress => ArticleSort::Progress,
            };
            let items = lib.list_articles(&ArticleQuery {
                tag,
                state: state.map(reading_state),
                starred,
                continue_reading,
                sort,
                ..ArticleQuery::default()
            })?;
            if json {
                print_json(&mut out, &items)?;
            } else {
                for a in items {
                    writeln!(out, "{}\t{}\t{}", a.id, a.title, a.tags.join(", "))?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::State { args, to } => many::state(&lib, args, to.map(reading_state))?,
        Command::Star { ids, remove } => {
            lib.set_starred(&ids, !remove)?;
            ExitCode::SUCCESS
        }
        Command::Edit {
            id,
            title,
            author,
            published,
            url,
            json,
        } => {
            let edit = ArticleEdit {
                title,
                author,
                published,
                url,
            };
            if edit.is_empty() {
                return Err(Error::Invalid(
                    "nothing to change: give --title, --author, --published or --url".into(),
                )
                .into());
            }
            let a = lib.edit_article(&id, &edit, now)?;
            if json {
                print_json(&mut out, &a)?;
            } else {
                writeln!(out, "{}\t{}", a.id, a.title)?;
            }
            ExitCode::SUCCESS
        }
        Command::Show { id, json } => {
            let (article, annotations) = lib.article_with_annotations(&id)?;
            if json {
                #[derive(Serialize)]
                struct Shown {
                    #[serde(flatten)]
                    article: Article,
                    annotations: Vec<Annotation>,
                }
                print_json(
                    &mut out,
                    &Shown {
                        article,
                        annotations,
                    },
                )?;
            } else {
                show_text(&mut out, &article, &annotations)?;
            }
            ExitCode::SUCCESS
        }
        Command::Search {
            query,
            tag,
            color,
            limit,
            offset,
            json,
        } => {
            let hits = lib.search(&SearchQuery {
                text: query,
                tag,
                color,
                limit,
                offset,
            })?;
            if json {
                print_json(&mut out, &hits)?;
            } else {
                for h in hits {
                    let snippet = h
                        .snippet
                        .replace("<mark>", "[")
                        .replace("</mark>", "]")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&")
                        .replace('\n', " ");
                    let id = h.annotation_id.as_deref().unwrap_or(&h.article_id);
                    let kind = serde_json::to_value(h.kind).unwrap_or_default();
                    writeln!(
                        out,
                        "{}\t{id}\t{}\t{snippet}",
                        kind.as_str().unwrap_or(""),
                        h.title
                    )?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::Annotate {
            id,
            quote,
            occurrence,
            note,
            color,
            tags,
        } => {
            let a = lib.create_highlight(
                &id,
                &Passage::Quote { quote, occurrence },
                &AnnotationInput { note, color, tags },
                now,
            )?;
            writeln!(out, "{}", a.id)?;
            ExitCode::SUCCESS
        }
        Command::Note { id, text, tags } => {
            let a = lib.create_note(
                &id,
                &AnnotationInput {
                    note: text,
                    color: None,
                    tags,
                },
                now,
            )?;
            writeln!(out, "{}", a.id)?;
            ExitCode::SUCCESS
        }
        Command::Tag { args, tags, remove } => many::tag(&lib, args, tags, remove, now)?,
        Command::Tags { action, json } => {
            match action {
                None => {
                    let tags = lib.tags()?;
                    if json {
                        print_json(&mut out, &tags)?;
                    } else {
                        for t in tags {
                            writeln!(out, "{}\t{}\t{}", t.name, t.articles, t.annotations)?;
                        }
                    }
                }
                Some(TagsAction::Rename { old, new }) => lib.rename_tag(&old, &new, now)?,
                Some(TagsAction::Merge { from, into }) => lib.merge_tags(&from, &into, now)?,
                Some(TagsAction::Delete { name }) => lib.delete_tag(&name, now)?,
            }
            ExitCode::SUCCESS
        }
        Command::Orphans { json } => {
            let orphans = lib.orphans()?;
            if json {
                print_json(&mut out, &orphans)?;
            } else {
                for o in orphans {
                    let quote = o.annotation.quote.unwrap_or_default().replace('\n', " ");
                    writeln!(out, "{}\t{}\t{quote}", o.annotation.id, o.article_title)?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::Reattach {
            id,
            quote,
            occurrence,
        } => {
            lib.reattach(&id, &Passage::Quote { quote, occurrence }, now)?;
            ExitCode::SUCCESS
        }
        Command::Delete { ids, permanent } => many::delete(&lib, &ids, permanent, now)?,
        Command::Trash { empty, json } => many::trash(&lib, empty, json, &mut out)?,
        Command::Restore { ids } => many::restore(&lib, &ids, now)?,
        Command::Backup { file, restore } => {
            if restore {
                let r = lib.restore_from(&file, now)?;
                writeln!(
                    out,
                    "restored {} articles and {} annotations from {}; the library as it was is in {}",
                    r.articles,
                    r.annotations,
                    file.display(),
                    r.safety_copy.display()
                )?;
            } else {
                // A script's backup never replaces a file by mistake.
                if file.exists() {
                    return Err(Error::Invalid(format!(
                        "{} already exists; back up to a new file",
                        file.display()
                    ))
                    .into());
                }
                let size = lib.backup_to(&file)?;
                writeln!(out, "{}\t{size} bytes", file.display())?;
            }
            ExitCode::SUCCESS
        }
        Command::Check => {
            let problems = lib.check_integrity()?;
            if let Some(first) = problems.first() {
                return Err(Error::Invalid(format!(
                    "the library is damaged ({} problem(s)); the first: {first}",
                    problems.len()
                ))
                .into());
            }
            writeln!(out, "ok")?;
            ExitCode::SUCCESS
        }
        Command::Colors { action, json } => {
            if let Some(ColorsAction::Label { name, label }) = action {
                lib.set_color_label(&name, &label)?;
            } else if json {
                print_json(&mut out, &lib.colors()?)?;
            } else {
                for c in lib.colors()? {
                    writeln!(out, "{}\t{}\t{}", c.name, c.hex, c.label)?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::Export {
            what: ExportWhat::Csv(args),
        } => {
            // Write what we have so far before a long export to a file.
            out.flush()?;
            export_csv(&lib, &args)?
        }
    };
    out.flush()?;
    Ok(code)
}

/// What an import did, counted as it goes; new articles are printed.
struct Tally {
    added: usize,
    unchanged: usize,
    updated: usize,
    refused: usize,
    written: io::Result<()>,
}

impl Tally {
    fn article(&mut self, a: &ImportedArticle, out: &mut impl Write) {
        for notice in &a.notices {
            eprintln!("note: {}: {notice}", a.title);
        }
        match a.status {
            ImportStatus::Added => {
                self.added += 1;
                if self.written.is_ok() {
                    self.written = writeln!(out, "{}\t{}", a.id, a.title);
                }
            }
            ImportStatus::Unchanged => {
                self.unchanged += 1;
                eprintln!("already in the library: {} ({})", a.title, a.id);
            }
            ImportStatus::Updated => {
                self.updated += 1;
                eprintln!(
                    "updated: {} ({}); {} highlight(s) could not be placed and are orphans",
                    a.title, a.id, a.orphaned
                );
            }
        }
    }

    fn refused(&mut self, e: &Error) {
        self.refused += 1;
        eprintln!("error: {e}");
    }
}

fn import(
    lib: &Library,
    files: &[std::path::PathBuf],
    jobs: Option<usize>,
    now: OffsetDateTime,
    out: &mut impl Write,
) -> Outcome {
    let link = |f: &std::path::PathBuf| {
        f.to_str()
            .filter(|s| s.starts_with("http://") || s.starts_with("https://"))
            .map(str::to_owned)
    };
    let links: Vec<String> = files.iter().filter_map(link).collect();
    let paths: Vec<std::path::PathBuf> = files
        .iter()
        .filter(|f| link(f).is_none())
        .cloned()
        .collect();
    let mut tally = Tally {
        added: 0,
        unchanged: 0,
        updated: 0,
        refused: 0,
        written: Ok(()),
    };
    let workers = jobs.unwrap_or_else(marginalia_core::default_workers);
    let outcomes = if paths.is_empty() {
        Vec::new()
    } else {
        lib.import_paths(&paths, now, workers, |file, _, _| match &file.result {
            Ok(articles) => articles.iter().for_each(|a| tally.article(a, out)),
            Err(e) => tally.refused(e),
        })
    };
    if !links.is_empty() {
        let fetcher = Fetcher::new()?;
        let cancel = AtomicBool::new(false);
        for link in &links {
            match lib.import_link(&fetcher, link, now, &cancel, &mut |_, _| {}) {
                Ok(articles) => articles.iter().for_each(|a| tally.article(a, out)),
                Err(e) => tally.refused(&e),
            }
        }
    }
    std::mem::replace(&mut tally.written, Ok(()))?;
    if outcomes.is_empty() && links.is_empty() {
        eprintln!("error: nothing to import: the folders hold no file of a kind Marginalia reads");
        return Ok(ExitCode::FAILURE);
    }
    out.flush()?;
    let Tally {
        added,
        unchanged,
        updated,
        refused,
        ..
    } = tally;
    if added + updated >= TIDY_AFTER_ARTICLES {
        // Large imports leave large index segments that later saves would
        // keep merging with; merge them now, while the user expects to wait.
        lib.tidy_search_index(Duration::ZERO)?;
    }
    if outcomes.len() + links.len() > 1 || unchanged + updated > 0 {
        eprintln!(
            "{added} new, {updated} updated, {unchanged} already in the library; {refused} file(s) refused"
        );
    }
    Ok(if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Fetches an article again from its link and replaces its text.
fn update(lib: &Library, id: &str, now: OffsetDateTime) -> Outcome {
    let fetcher = Fetcher::new()?;
    let got = lib.update_from_source(&fetcher, id, now, &AtomicBool::new(false), &mut |_, _| {})?;
    match got.status {
        ImportStatus::Unchanged => eprintln!("already up to date: {}", got.title),
        _ => eprintln!(
            "updated: {} ({}); {} highlight(s) could not be placed and are orphans",
            got.title, got.id, got.orphaned
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn export_csv(lib: &Library, args: &CsvArgs) -> Outcome {
    let opts = ExportOptions {
        format: match args.format {
            FormatArg::Full => CsvFormat::Full,
            FormatArg::Readwise => CsvFormat::Readwise,
        },
        bom: args.bom,
        article_id: args.article.clone(),
        tag: args.tag.clone(),
        color: args.color.clone(),
        since: args.since.clone(),
        ids: args.ids.clone(),
    };
    let summary = match &args.out {
        None => lib.export_csv(io::stdout().lock(), &opts)?,
        Some(path) => lib.export_csv_to_file(path, &opts)?,
    };
    if summary.skipped_without_highlight > 0 {
        eprintln!(
            "left out {} note(s) without highlight text (the Readwise format needs one)",
            summary.skipped_without_highlight
        );
    }
    eprintln!("exported {} annotation(s)", summary.rows);
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn print_json<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn show_text(out: &mut impl Write, a: &Article, annotations: &[Annotation]) -> io::Result<()> {
    writeln!(out, "{}", a.title)?;
    let mut meta = vec![format!("id {}", a.id), format!("source {}", a.source)];
    meta.extend(a.author.as_ref().map(|x| format!("by {x}")));
    meta.extend(a.published.as_ref().map(|x| format!("published {x}")));
    meta.push(format!("imported {}", a.imported_at));
    writeln!(out, "{}", meta.join(" · "))?;
    if !a.tags.is_empty() {
        writeln!(out, "tags: {}", a.tags.join(", "))?;
    }
    writeln!(out, "\n{}\n", a.text)?;
    for n in annotations {
        let place = match (n.start, n.end) {
            (Some(s), Some(e)) => format!("{s}..{e}"),
            _ if n.orphaned => "orphan".to_owned(),
            _ => "note".to_owned(),
        };
        writeln!(out, "[{}] {} {place} {}", n.color, n.id, n.kind.as_str())?;
        if let Some(q) = &n.quote {
            writeln!(out, "  > {q}")?;
        }
        if !n.note.is_empty() {
            writeln!(out, "  {}", n.note)?;
        }
        if !n.tags.is_empty() {
            writeln!(out, "  tags: {}", n.tags.join(", "))?;
        }
    }
    Ok(())
}
