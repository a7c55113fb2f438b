//! The records the core hands out. They serialise to the JSON the CLI prints
//! and the desktop app receives.

use serde::{Deserialize, Serialize};

use crate::document::Structure;
use crate::reading::Reading;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    /// File name or URL the article came from.
    pub source: String,
    pub published: Option<String>,
    pub imported_at: String,
    pub updated_at: String,
    /// The address the article was published at, when known.
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub excerpt: Option<String>,
    /// The canonical text every highlight offset points into.
    pub text: String,
    /// How the text is drawn; `None`: paragraphs split on blank lines.
    pub structure: Option<Structure>,
    pub content_hash: String,
    pub tags: Vec<String>,
    /// State, star, position, progress, last opened.
    #[serde(flatten)]
    pub reading: Reading,
    /// When it was moved to the Trash; `None` when it is not there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub source: String,
    pub published: Option<String>,
    pub imported_at: String,
    pub tags: Vec<String>,
    pub highlight_count: i64,
    pub note_count: i64,
    #[serde(flatten)]
    pub reading: Reading,
    /// When it was moved to the Trash; `None` when it is not there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    Highlight,
    Note,
}

impl AnnotationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Highlight => "highlight",
            AnnotationKind::Note => "note",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        if s == "note" {
            AnnotationKind::Note
        } else {
            AnnotationKind::Highlight
        }
    }
}

/// A highlight (anchored to a passage) or a note on the whole article.
/// An orphan is a highlight whose passage could not be found after the text
/// changed: it keeps its quote and has no `start`/`end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub article_id: String,
    pub kind: AnnotationKind,
    pub quote: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Code-point offsets into the article's canonical text, end exclusive.
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub orphaned: bool,
    pub note: String,
    pub color: String,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// An annotation together with the article it belongs to, for library-wide
/// views ("All highlights", orphans).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationInContext {
    #[serde(flatten)]
    pub annotation: Annotation,
    pub article_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Color {
    pub name: String,
    pub label: String,
    pub hex: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub name: String,
    pub articles: i64,
    pub annotations: i64,
}
