//! Editing what the importer got wrong about an article: its title, author,
//! published date and the address it was published at. The search index
//! follows the title in the same transaction.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::error::{Error, Result};
use crate::history::{Change, Touched};
use crate::index;
use crate::stamp::format_time;
use crate::store::Library;

/// The fields to change; `None` leaves a field as it is. For the optional
/// fields an empty (or blank) string clears the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleEdit {
    pub title: Option<String>,
    pub author: Option<String>,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date and time.
    pub published: Option<String>,
    /// An `http` or `https` address.
    pub url: Option<String>,
}

/// An article's metadata as it is after an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditedArticle {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub updated_at: String,
}

/// The longest title or author kept, in characters.
const MAX_FIELD: usize = 1000;

impl ArticleEdit {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.author.is_none()
            && self.published.is_none()
            && self.url.is_none()
    }
}

impl Library {
    /// Changes the fields `edit` names and returns the article as it is
    /// now. Nothing changes when one field is invalid.
    pub fn edit_article(
        &self,
        id: &str,
        edit: &ArticleEdit,
        now: OffsetDateTime,
    ) -> Result<EditedArticle> {
        let title = edit.title.as_deref().map(clean_title).transpose()?;
        let author = edit
            .author
            .as_deref()
            .map(|a| optional_text("author", a))
            .transpose()?;
        let published = edit.published.as_deref().map(clean_published).transpose()?;
        let url = edit.url.as_deref().map(clean_url).transpose()?;
        let stamp = format_time(now);
        self.change(
            Change::new("Edit details", now),
            |_| Ok(Touched::articles(&[id.to_owned()])),
            |tx, _| {
                let changed = tx.execute(
                    "UPDATE articles SET
                    title = coalesce(?2, title),
                    author = CASE WHEN ?3 THEN ?4 ELSE author END,
                    published = CASE WHEN ?5 THEN ?6 ELSE published END,
                    url = CASE WHEN ?7 THEN ?8 ELSE url END,
                    updated_at = ?9
                  WHERE id = ?1",
                    params![
                        id,
                        title,
                        author.is_some(),
                        author.flatten(),
                        published.is_some(),
                        published.flatten(),
                        url.is_some(),
                        url.flatten(),
                        stamp
                    ],
                )?;
                if changed == 0 {
                    return Err(Error::not_found("article", id));
                }
                if title.is_some() {
                    index::index_article(tx, id)?;
                }
                Ok(tx.query_row(
                "SELECT id, title, author, published, url, updated_at FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok(EditedArticle {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        author: r.get(2)?,
                        published: r.get(3)?,
                        url: r.get(4)?,
                        updated_at: r.get(5)?,
                    })
                },
            )?)
            },
        )
    }
}

fn clean_title(s: &str) -> Result<String> {
    optional_text("title", s)?.ok_or_else(|| Error::invalid("the title cannot be empty"))
}

/// Trimmed, whitespace runs made one space; `None` when blank.
fn optional_text(field: &str, s: &str) -> Result<Option<String>> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > MAX_FIELD {
        return Err(Error::Invalid(format!(
            "the {field} is longer than {MAX_FIELD} characters"
        )));
    }
    Ok((!s.is_empty()).then_some(s))
}

/// A date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or an RFC 3339 date and
/// time (kept as given, so the list sorts it with the others).
fn clean_published(s: &str) -> Result<Option<String>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let day = format_description!("[year]-[month]-[day]");
    let ok = match s.len() {
        4 => s.bytes().all(|b| b.is_ascii_digit()),
        7 => time::Date::parse(&format!("{s}-01"), &day).is_ok(),
        10 => time::Date::parse(s, &day).is_ok(),
        _ => OffsetDateTime::parse(s, &Rfc3339).is_ok(),
    };
    if ok {
        Ok(Some(s.to_owned()))
    } else {
        Err(Error::Invalid(format!(
            "\"{s}\" is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date and time"
        )))
    }
}

/// An `http`/`https` address, or nothing.
fn clean_url(s: &str) -> Result<Option<String>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(Some(u.to_string()))
        }
        _ => Err(Error::Invalid(format!(
            "\"{s}\" is not a web address (http:// or https://)"
        ))),
    }
}
