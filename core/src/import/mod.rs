//! Turning a file's bytes into articles: decode, normalise, split.

mod builder;
mod decode;
mod dom;
mod epub;
mod html;
mod images;
mod markdown;
mod mhtml;
mod nesting;
mod pdf;
mod pdf_layout;
mod resources;
mod text;
mod walk;
mod xhtml;

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::document::Structure;
use crate::error::{Error, Result};

pub use images::{
    Image, MAX_IMAGE_BYTES, MAX_IMAGE_BYTES_PER_ARTICLE, MAX_IMAGES_PER_ARTICLE, sniff,
};
pub use resources::{Folder, NoResources, Resources};
pub use walk::{Found, expand};

/// One article as read from a file, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedArticle {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub text: String,
    /// `None` for plain text: paragraphs split on blank lines.
    pub structure: Option<Structure>,
    pub meta: Meta,
    /// The images the structure's figures show.
    pub images: Vec<Image>,
    /// What the user should know about how it was read ("no article was
    /// found; the page's whole text was imported").
    pub notices: Vec<String>,
}

/// What a document says about itself beyond title, author and date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The address it was published at.
    pub url: Option<String>,
    pub site_name: Option<String>,
    /// BCP 47 tag, as the document gives it.
    pub language: Option<String>,
    pub excerpt: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Files that are text, read as their markup says.
    Text(Markup),
    /// A zip archive of XHTML chapters.
    Epub,
    /// A web page and its images in one MIME message.
    Mhtml,
    /// A PDF's text layer.
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup {
    Plain,
    Markdown,
    Html,
}

/// Largest file imported (64 MiB: several times the longest novels as text).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Longest line (a paragraph), in characters.
pub const MAX_LINE_CHARS: usize = 1_000_000;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Most articles one file may hold.
pub const MAX_ARTICLES_PER_FILE: usize = 10_000;
/// Deepest nesting of elements in a web page (browsers nest at most 512
/// deep and put deeper elements beside each other).
pub const MAX_NESTING: usize = 4_096;

/// The file name extensions import understands (lowercase, no dot): what an
/// open dialog offers.
pub const EXTENSIONS: [&str; 13] = [
    "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "mhtml", "mht",
    "epub", "pdf",
];

fn format_of(file_name: &str) -> Option<Format> {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    Some(match ext.as_deref() {
        None | Some("txt" | "text") => Format::Text(Markup::Plain),
        Some("md" | "markdown" | "mdown" | "mkd") => Format::Text(Markup::Markdown),
        Some("html" | "htm" | "xhtml") => Format::Text(Markup::Html),
        Some("epub") => Format::Epub,
        Some("mhtml" | "mht") => Format::Mhtml,
        Some("pdf") => Format::Pdf,
        _ => return None,
    })
}

/// Whether a file name is one Marginalia can import (`.txt`, `.md`, ...).
pub fn is_importable(file_name: &str) -> bool {
    format_of(file_name).is_some()
}

/// Reads the file at `path` into articles: its name (what the library
/// records as the source) and what it holds. Images it refers to are read
/// from beside it, nothing outside its folder.
pub fn read_path(path: &Path) -> Result<(String, Vec<ParsedArticle>)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let cannot_read = |e| Error::io(format!("cannot read {}", path.display()), e);
    // A huge file is refused before it is read into memory.
    let size = std::fs::metadata(path).map_err(cannot_read)?.len();
    check_size(&name, size)?;
    let bytes = std::fs::read(path).map_err(cannot_read)?;
    let folder = Folder::new(path.parent().unwrap_or(Path::new(".")));
    let articles = parse_file(&name, &bytes, &folder)?;
    Ok((name, articles))
}

/// Reads `bytes` (the contents of `file_name`) into one or more articles.
/// `resources` supplies what the document refers to (images).
pub fn parse_file(
    file_name: &str,
    bytes: &[u8],
    resources: &dyn Resources,
) -> Result<Vec<ParsedArticle>> {
    parse_file_at(file_name, bytes, resources, None)
}

/// [`parse_file`] for a file fetched from `address` (or saved from it): a
/// web page's relative links are resolved against it when the page names
/// no address of its own.
pub fn parse_file_at(
    file_name: &str,
    bytes: &[u8],
    resources: &dyn Resources,
    address: Option<&str>,
) -> Result<Vec<ParsedArticle>> {
    let refuse = |reason: &str| refusal(file_name, reason);
    let format = format_of(file_name).ok_or_else(|| {
        refuse(
            "only web pages (.html, .mhtml), EPUB books (.epub), PDFs (.pdf), Markdown (.md) and plain text (.txt) files can be imported",
        )
    })?;
    check_size(file_name, bytes.len() as u64)?;
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_else(|| file_name.to_owned());
    let articles = match format {
        Format::Epub => vec![epub::parse(bytes, &stem).map_err(|reason| refuse(&reason))?],
        Format::Mhtml => vec![mhtml::parse(bytes, &stem).map_err(|reason| refuse(&reason))?],
        Format::Pdf => vec![pdf::parse(bytes, &stem).map_err(|reason| refuse(&reason))?],
        Format::Text(markup) => read_text(markup, file_name, &stem, bytes, resources, address)?,
    };
    checked(articles, file_name)
}

fn read_text(
    markup: Markup,
    file_name: &str,
    stem: &str,
    bytes: &[u8],
    resources: &dyn Resources,
    address: Option<&str>,
) -> Result<Vec<ParsedArticle>> {
    let refuse = |reason: &str| refusal(file_name, reason);
    let decoded = match markup {
        Markup::Html => decode::decode_html(bytes),
        _ => decode::decode(bytes),
    };
    let text = normalize(&decoded.map_err(refuse)?);
    // Bytes bound characters from above: only long lines are counted.
    // (A web page's lines are markup: a whole page may be one line.)
    let longest = (markup != Markup::Html)
        .then(|| text.split('\n'))
        .into_iter()
        .flatten()
        .filter(|l| l.len() > MAX_LINE_CHARS)
        .map(|l| l.chars().count())
        .max();
    if let Some(n) = longest.filter(|&n| n > MAX_LINE_CHARS) {
        return Err(refuse(&format!(
            "a line has {n} characters; at most {MAX_LINE_CHARS} are imported"
        )));
    }
    if markup == Markup::Html {
        check_nesting(&text).map_err(|r| refuse(&r))?;
    }
    let text = if file_name.to_ascii_lowercase().ends_with(".xhtml") {
        xhtml::expand_self_closing(&text)
    } else {
        text
    };
    Ok(match markup {
        Markup::Plain => text::parse(&text, stem),
        // Character references (`&#1;`, `e&#769;`) can bring back what
        // normalising took out: the builder normalises each piece of text.
        Markup::Markdown => vec![markdown::parse(&text, stem, resources)],
        Markup::Html => vec![html::parse_at(&text, stem, resources, address)],
    })
}

/// Refuses markup nested deeper than [`MAX_NESTING`], found by a linear
/// scan before it is parsed (the HTML parser slows down with the square of
/// the depth).
fn check_nesting(html: &str) -> std::result::Result<(), String> {
    let n = nesting::depth(html);
    if n > MAX_NESTING {
        return Err(format!(
            "it nests elements {n} deep; pages nested at most {MAX_NESTING} deep are imported"
        ));
    }
    Ok(())
}

/// What every importer's articles go through: titles and authors tidied,
/// empty articles dropped, and the limits on count and title length.
fn checked(articles: Vec<ParsedArticle>, file_name: &str) -> Result<Vec<ParsedArticle>> {
    let refuse = |reason: &str| refusal(file_name, reason);
    let articles: Vec<ParsedArticle> = articles
        .into_iter()
        .map(|a| ParsedArticle {
            title: collapse_spaces(&normalize(&a.title)),
            author: a
                .author
                .map(|s| collapse_spaces(&normalize(&s)))
                .filter(|s| !s.is_empty()),
            ..a
        })
        .filter(|a| !a.text.trim().is_empty())
        .collect();
    if articles.is_empty() {
        return Err(refuse("it has no text"));
    }
    if articles.len() > MAX_ARTICLES_PER_FILE {
        return Err(refuse(&format!(
            "it holds {} articles; at most {MAX_ARTICLES_PER_FILE} are imported from one file",
            articles.len()
        )));
    }
    if let Some(n) = articles
        .iter()
        .map(|a| a.title.chars().count())
        .find(|&n| n > MAX_TITLE_CHARS)
    {
        return Err(refuse(&format!(
            "a title has {n} characters; at most {MAX_TITLE_CHARS} are imported"
        )));
    }
    Ok(articles)
}

/// The error for a file import does not take, and why.
fn refusal(file_name: &str, reason: &str) -> Error {
    Error::Unsupported {
        file: file_name.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Refuses a file larger than [`MAX_FILE_BYTES`], before it is read.
pub fn check_size(file_name: &str, bytes: u64) -> Result<()> {
    if bytes > MAX_FILE_BYTES {
        return Err(Error::Unsupported {
            file: file_name.to_owned(),
            reason: format!(
                "it is {:.1} MiB; files of at most {} MiB are imported",
                bytes as f64 / (1 << 20) as f64,
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    Ok(())
}

/// Canonical form of imported text: `\n` line ends, NFC, no BOM and no
/// control characters other than newline and tab.
pub fn normalize(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let keep = |c: &char| *c == '\n' || *c == '\t' || !(c.is_control() || *c == '\u{feff}');
    // Most text is already NFC; checking is much cheaper than normalising.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.chars().filter(keep).collect()
    } else {
        s.nfc().filter(keep).collect()
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
