//! Articles from links: fetched ([`crate::fetch`]), read as the file they
//! are (a web page with its images, a PDF, an EPUB book), and stored with
//! the link as their source, in one transaction. Fetched again later
//! ("update from source"), an article's text is replaced and its highlights
//! re-anchored, as a re-import of an edited file does.

use std::sync::atomic::AtomicBool;

use time::OffsetDateTime;

use crate::articles::{ImportedArticle, store_update};
use crate::error::{Error, Result};
use crate::fetch::{Fetched, Fetcher};
use crate::import::{self, ParsedArticle};
use crate::store::Library;

impl Library {
    /// Fetches the article at `link` and imports it. Nothing is stored when
    /// the fetch fails, is cancelled, or what it gave cannot be read.
    pub fn import_link(
        &self,
        fetcher: &Fetcher,
        link: &str,
        now: OffsetDateTime,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<Vec<ImportedArticle>> {
        let fetched = fetcher.article(link, cancel, progress)?;
        let parsed = read_fetched(fetcher, &fetched, cancel)?;
        let source = fetched.url.to_string();
        self.store_parsed_file(&source, &parsed, now)
    }

    /// Fetches the article `id` again from the address it came from and
    /// replaces its text (its highlights re-anchored; those whose passage is
    /// gone become orphans).
    pub fn update_from_source(
        &self,
        fetcher: &Fetcher,
        id: &str,
        now: OffsetDateTime,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<ImportedArticle> {
        let article = self.article(id)?;
        let link = [article.source.as_str(), article.url.as_deref().unwrap_or("")]
            .into_iter()
            .find(|l| crate::fetch::parse_link(l).is_ok())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "\u{201c}{}\u{201d} came from a file, not a link: import the file again to update it",
                    article.title
                ))
            })?
            .to_owned();
        let fetched = fetcher.article(&link, cancel, progress)?;
        let mut parsed = read_fetched(fetcher, &fetched, cancel)?;
        if parsed.len() != 1 {
            return Err(Error::invalid(format!(
                "{link} now holds {} articles, not one",
                parsed.len()
            )));
        }
        let a = parsed.remove(0);
        self.write(|tx| store_update(tx, id, &a, now))
    }
}

/// The articles in what a link gave; its images are fetched from the web.
fn read_fetched(
    fetcher: &Fetcher,
    fetched: &Fetched,
    cancel: &AtomicBool,
) -> Result<Vec<ParsedArticle>> {
    let images = fetcher.images(&fetched.url, cancel);
    let mut parsed = import::parse_file_at(
        &fetched.file_name,
        &fetched.bytes,
        &images,
        Some(fetched.url.as_str()),
    )
    .map_err(|e| match e {
        // Name the link, not the file name made up for it.
        Error::Unsupported { reason, .. } => Error::Unsupported {
            file: fetched.url.to_string(),
            reason,
        },
        e => e,
    })?;
    if cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    for a in &mut parsed {
        a.meta.url.get_or_insert_with(|| fetched.url.to_string());
    }
    Ok(parsed)
}
