//! What the app remembers between launches, kept in the library's
//! `settings` table as JSON: how the reader draws text (size, width,
//! spacing, typeface, theme, focus mode) and where the user was (the list,
//! its sort and tag filter, the view, the open article).
//!
//! Stored values are read leniently: a missing field takes its default, and
//! a value this version cannot read (written by another) gives the defaults,
//! so the app never fails to start over a preference. Values given are
//! checked strictly.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::articles::ArticleSort;
use crate::error::{Error, Result};
use crate::store::Library;

const READER_KEY: &str = "reader";
const SESSION_KEY: &str = "session";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Typeface {
    #[default]
    Serif,
    Sans,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light or dark as the system is.
    #[default]
    System,
    Light,
    Dark,
    Sepia,
}

/// How the reader draws an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReaderSettings {
    /// Text size in CSS pixels.
    pub font_size: u8,
    /// Longest line, in characters (CSS `ch`).
    pub line_width: u8,
    /// Line height in percent of the text size.
    pub line_spacing: u16,
    pub typeface: Typeface,
    pub theme: Theme,
    /// Both side panes hidden.
    pub focus: bool,
}

impl ReaderSettings {
    pub const FONT_SIZES: std::ops::RangeInclusive<u8> = 12..=32;
    pub const LINE_WIDTHS: std::ops::RangeInclusive<u8> = 40..=100;
    pub const LINE_SPACINGS: std::ops::RangeInclusive<u16> = 120..=240;

    fn check(&self) -> Result<()> {
        within("text size", self.font_size, &Self::FONT_SIZES)?;
        within("line width", self.line_width, &Self::LINE_WIDTHS)?;
        within("line spacing", self.line_spacing, &Self::LINE_SPACINGS)
    }
}

fn within<T: PartialOrd + std::fmt::Display>(
    what: &str,
    v: T,
    range: &std::ops::RangeInclusive<T>,
) -> Result<()> {
    if range.contains(&v) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{what} {v} is out of range ({}–{})",
            range.start(),
            range.end()
        )))
    }
}

impl Default for ReaderSettings {
    fn default() -> Self {
        ReaderSettings {
            font_size: 18,
            line_width: 68,
            line_spacing: 170,
            typeface: Typeface::Serif,
            theme: Theme::System,
            focus: false,
        }
    }
}

/// The library's lists, as the app's tabs show them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListName {
    #[default]
    Inbox,
    Later,
    Archive,
    Starred,
    Continue,
    All,
    Trash,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewName {
    #[default]
    Reader,
    Highlights,
    Orphans,
    Tags,
    Colors,
}

/// Where the user was when the app last closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub list: ListName,
    pub sort: ArticleSort,
    /// The library's tag filter.
    pub tag: Option<String>,
    pub view: ViewName,
    /// The article open in the reader.
    pub article_id: Option<String>,
}

impl Library {
    pub fn reader_settings(&self) -> Result<ReaderSettings> {
        self.stored(READER_KEY)
    }

    pub fn set_reader_settings(&self, s: &ReaderSettings) -> Result<()> {
        s.check()?;
        self.store(READER_KEY, s)
    }

    /// The session saved last; an article since deleted is forgotten.
    pub fn session(&self) -> Result<Session> {
        let mut s: Session = self.stored(SESSION_KEY)?;
        if let Some(id) = &s.article_id
            && !self.read(|c| {
                Ok(c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
                    [id],
                    |r| r.get::<_, bool>(0),
                )?)
            })?
        {
            s.article_id = None;
        }
        Ok(s)
    }

    pub fn save_session(&self, s: &Session) -> Result<()> {
        if let Some(tag) = &s.tag {
            crate::tags::validate(tag)?;
        }
        self.store(SESSION_KEY, s)
    }

    fn stored<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        Ok(self
            .setting(key)?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    fn store<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value)
            .map_err(|e| Error::Invalid(format!("cannot store the {key} setting: {e}")))?;
        self.set_setting(key, &json)
    }
}
