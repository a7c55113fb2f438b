//! Turning a file's bytes into articles: decode, normalise, split.

mod decode;
mod markdown;
mod text;

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// One article as read from a file, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedArticle {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
}

fn format_of(file_name: &str) -> Option<Format> {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        None | Some("txt" | "text") => Some(Format::Text),
        Some("md" | "markdown" | "mdown" | "mkd") => Some(Format::Markdown),
        _ => None,
    }
}

/// Whether a file name is one Marginalia can import (`.txt`, `.md`, ...).
pub fn is_importable(file_name: &str) -> bool {
    format_of(file_name).is_some()
}

/// Reads `bytes` (the contents of `file_name`) into one or more articles.
pub fn parse_file(file_name: &str, bytes: &[u8]) -> Result<Vec<ParsedArticle>> {
    let refuse = |reason: &str| Error::Unsupported {
        file: file_name.to_owned(),
        reason: reason.to_owned(),
    };
    let format = format_of(file_name)
        .ok_or_else(|| refuse("only plain text (.txt) and Markdown (.md) files can be imported"))?;
    let text = normalize(&decode::decode(bytes).map_err(refuse)?);
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_else(|| file_name.to_owned());
    let articles: Vec<ParsedArticle> = match format {
        Format::Text => text::parse(&text, &stem),
        Format::Markdown => vec![markdown::parse(&text, &stem)],
    }
    .into_iter()
    .map(|a| ParsedArticle {
        title: collapse_spaces(&a.title),
        author: a
            .author
            .map(|s| collapse_spaces(&s))
            .filter(|s| !s.is_empty()),
        published: a.published,
        text: a.text,
    })
    .filter(|a| !a.text.trim().is_empty())
    .collect();
    if articles.is_empty() {
        return Err(refuse("it has no text"));
    }
    Ok(articles)
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
