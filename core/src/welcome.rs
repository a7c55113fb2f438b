//! The first-run library: a short guide, "Welcome to Marginalia", with a few
//! example highlights and notes, beside the sample articles the app ships.

use time::{Duration, OffsetDateTime};

use crate::annotations::{AnnotationInput, Passage};
use crate::articles::ImportedArticle;
use crate::error::Result;
use crate::store::Library;

/// The guide's title, as its front matter gives it.
pub const WELCOME_TITLE: &str = "Welcome to Marginalia";
const WELCOME_NAME: &str = "welcome.md";
const WELCOME: &str = include_str!("../../samples/welcome.md");

/// A highlight the guide comes with: its quote, colour, note and tags.
struct Example {
    quote: &'static str,
    color: &'static str,
    note: &'static str,
    tags: &'static [&'static str],
}

const EXAMPLES: &[Example] = &[
    Example {
        quote: "Select some text with the mouse, and a small toolbar offers the highlight colours.",
        color: "yellow",
        note: "This is a highlight with a note. Click it to change its colour, edit this note or delete it.",
        tags: &[],
    },
    Example {
        quote: "put words in quotes to find an exact phrase",
        color: "blue",
        note: "Try searching for \"exact phrase\" with the quotes.",
        tags: &["guide"],
    },
    Example {
        quote: "Every change can be undone with Ctrl+Z",
        color: "green",
        note: "",
        tags: &[],
    },
];

const ARTICLE_NOTE: &str =
    "A note on the whole article: what it was about, why you kept it, what to do next.";

impl Library {
    /// Adds the guide, listed first, with its example highlights and its
    /// article note. These are not changes the user made, so Undo does not
    /// offer to take them back.
    pub(crate) fn add_welcome(&self, now: OffsetDateTime) -> Result<Vec<ImportedArticle>> {
        let at = now + Duration::milliseconds(1);
        let imported = self.import_bytes(WELCOME_NAME, WELCOME.as_bytes(), at)?;
        for article in &imported {
            for (n, e) in EXAMPLES.iter().enumerate() {
                let passage = Passage::Quote {
                    quote: e.quote.to_owned(),
                    occurrence: None,
                };
                let input = AnnotationInput {
                    note: e.note.to_owned(),
                    color: Some(e.color.to_owned()),
                    tags: e.tags.iter().map(|t| (*t).to_owned()).collect(),
                };
                self.create_highlight(
                    &article.id,
                    &passage,
                    &input,
                    at + Duration::milliseconds(n as i64),
                )?;
            }
            let note = AnnotationInput {
                note: ARTICLE_NOTE.to_owned(),
                ..AnnotationInput::default()
            };
            self.create_note(&article.id, &note, at)?;
        }
        self.forget_history();
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_quotes_the_guide_once() {
        for e in EXAMPLES {
            assert_eq!(WELCOME.matches(e.quote).count(), 1, "{}", e.quote);
        }
        assert!(WELCOME.contains(&format!("title: {WELCOME_TITLE}\n")));
    }
}
