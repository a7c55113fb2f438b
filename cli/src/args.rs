//! The command line surface. Scripts and tests rely on it: change with care.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "marginalia-cli",
    version,
    about = "Marginalia without a window: import, list, search, annotate and export.",
    after_help = "The library is --db PATH, else $MARGINALIA_DB, else the desktop app's library \
                  in the per-user data directory.\nExit codes: 0 success, 1 error (one line on stderr), 2 bad usage."
)]
pub struct Cli {
    /// Library file to use.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import web pages (.html, .mhtml), EPUB books, PDFs, Markdown and text files, folders of them, or links (https://…); prints <id>TAB<title> for each new article.
    Import {
        /// Files, folders (their importable files, recursively) and http(s) links (fetched).
        #[arg(required = true, value_name = "FILE|FOLDER|URL")]
        files: Vec<PathBuf>,
        /// Files parsed at once (default: one per core but one, at least one).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
    /// Fetch an article again from the link it came from; its highlights are re-anchored (those whose passage is gone become orphans).
    Update { id: String },
    /// List articles.
    List {
        #[arg(long, value_name = "T")]
        tag: Option<String>,
        /// Only articles in this state.
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// Only starred articles.
        #[arg(long)]
        starred: bool,
        /// Only articles opened and not finished ("Continue reading").
        #[arg(long = "continue")]
        continue_reading: bool,
        #[arg(long, value_enum, default_value_t = SortArg::Newest)]
        sort: SortArg,
        #[arg(long)]
        json: bool,
    },
    /// Move articles to the Inbox, Later or the Archive: `state ID… STATE`
    /// or `state ID… --to STATE`; all in one transaction.
    State {
        /// Article ids, then the state (inbox, later, archive) unless --to gives it.
        #[arg(required = true, value_name = "ID… STATE")]
        args: Vec<String>,
        #[arg(long, value_enum)]
        to: Option<StateArg>,
    },
    /// Star articles (or take the star away with --remove).
    Star {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        #[arg(long)]
        remove: bool,
    },
    /// Correct an article's title, author, published date or address (an
    /// empty value clears author, date and address).
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        author: Option<String>,
        /// YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date and time.
        #[arg(long, value_name = "DATE")]
        published: Option<String>,
        /// An http:// or https:// address.
        #[arg(long)]
        url: Option<String>,
        /// Print the article's metadata as it is now, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show an article: metadata, tags, text and annotations.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search: words, "quoted phrases", prefix*.
    Search {
        query: String,
        #[arg(long, value_name = "T")]
        tag: Option<String>,
        #[arg(long, value_name = "NAME")]
        color: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Hits to skip (the next page starts at the last one's limit).
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Highlight a passage of an article, found by its text; prints the annotation id.
    Annotate {
        /// Article id.
        id: String,
        #[arg(long, value_name = "TEXT")]
        quote: String,
        /// Which occurrence of the quote (1 = first) when it appears more than once.
        #[arg(long, value_name = "N")]
        occurrence: Option<usize>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        #[arg(long, value_name = "NAME")]
        color: Option<String>,
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
    },
    /// Add a note to a whole article; prints the annotation id.
    Note {
        /// Article id.
        id: String,
        text: String,
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
    },
    /// Add tags to (or with --remove, take them from) articles and
    /// annotations: `tag ID… --tag NAME…`, or `tag ID NAME…` for one item;
    /// all in one transaction.
    Tag {
        /// Ids (with --tag), or one id followed by tag names.
        #[arg(required = true, value_name = "ID…")]
        args: Vec<String>,
        /// A tag to add or remove (repeatable).
        #[arg(long = "tag", value_name = "NAME", num_args = 1..)]
        tags: Vec<String>,
        #[arg(long)]
        remove: bool,
    },
    /// List tags with counts; rename, merge or delete one.
    #[command(args_conflicts_with_subcommands = true)]
    Tags {
        #[command(subcommand)]
        action: Option<TagsAction>,
        #[arg(long)]
        json: bool,
    },
    /// List highlights that lost their place after an article changed.
    Orphans {
        #[arg(long)]
        json: bool,
    },
    /// Attach a highlight (an orphan, say) to a new passage of its article.
    Reattach {
        /// Annotation id.
        id: String,
        #[arg(long, value_name = "TEXT")]
        quote: String,
        #[arg(long, value_name = "N")]
        occurrence: Option<usize>,
    },
    /// Delete articles and annotations in one transaction: articles go to
    /// the Trash (with their annotations and tags; `restore` brings them
    /// back), annotations are deleted.
    Delete {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Delete for good, skipping the Trash (articles in it included).
        #[arg(long)]
        permanent: bool,
    },
    /// List what is in the Trash (deleted articles, kept 30 days); --empty
    /// deletes it all for good.
    Trash {
        #[arg(long)]
        empty: bool,
        #[arg(long)]
        json: bool,
    },
    /// Take articles out of the Trash.
    Restore {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Back the library up to a new FILE (a consistent copy, also while the
    /// app writes to it); prints its size. With --restore, replace the
    /// library with the backup FILE instead (checked first; the library as
    /// it was is kept beside it, and its path printed).
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        restore: bool,
    },
    /// Check the library file (every page, index and the full-text index);
    /// prints "ok", or exits 1 naming the first problem.
    Check,
    /// List the highlight colours; `colors label NAME LABEL` renames one's meaning.
    #[command(args_conflicts_with_subcommands = true)]
    Colors {
        #[command(subcommand)]
        action: Option<ColorsAction>,
        #[arg(long)]
        json: bool,
    },
    /// Export annotations.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
}

#[derive(Debug, Subcommand)]
pub enum TagsAction {
    Rename {
        old: String,
        new: String,
    },
    /// Move everything tagged FROM to INTO and delete FROM.
    Merge {
        from: String,
        into: String,
    },
    Delete {
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ColorsAction {
    Label { name: String, label: String },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// CSV, RFC 4180, UTF-8.
    Csv(CsvArgs),
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// Write here instead of standard output (atomically: all or nothing).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = FormatArg::Full)]
    pub format: FormatArg,
    /// Start with a byte-order mark so that Excel reads UTF-8.
    #[arg(long)]
    pub bom: bool,
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub tag: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub color: Option<String>,
    /// Only annotations created on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only these annotations, and all annotations of these articles.
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Full,
    Readwise,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Newest,
    Oldest,
    Title,
    Published,
    Author,
    Opened,
    Progress,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StateArg {
    Inbox,
    Later,
    Archive,
}
