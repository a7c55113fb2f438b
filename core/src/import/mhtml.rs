//! Single-file web archives (`.mhtml`, `.mht`) as Chrome, Edge and others
//! save them: a MIME message whose parts are the page and everything it
//! shows, each named by the address it came from (`Content-Location`) or an
//! id (`cid:`). The page is read as a saved web page ([`super::html`]); its
//! images come from the archive, never from the network.

use std::collections::HashMap;

use mail_parser::{MessageParser, MimeHeaders};
use url::Url;

use super::{ParsedArticle, Resources, html};

/// Why an archive cannot be imported (the reason shown to the user).
pub(crate) type Refusal = String;

pub(crate) fn parse(bytes: &[u8], stem: &str) -> Result<ParsedArticle, Refusal> {
    let message = MessageParser::default()
        .parse(bytes)
        .filter(|m| m.parts.len() > 1 || m.parts.first().is_some_and(|p| p.is_text_html()))
        .ok_or_else(|| "it is not a web archive (no MIME parts)".to_owned())?;
    let page = message
        .parts
        .iter()
        .find(|p| p.is_text_html())
        .ok_or_else(|| "it holds no web page (no text/html part)".to_owned())?;
    let html = super::normalize(page.text_contents().unwrap_or_default());
    super::check_nesting(&html)?;
    let address = page
        .content_location()
        .or_else(|| message.header_raw("Snapshot-Content-Location"))
        .map(str::trim);
    let mut files = Archive {
        base: address.and_then(|a| Url::parse(a).ok()),
        by_location: HashMap::new(),
        by_id: HashMap::new(),
    };
    for part in &message.parts {
        if part.is_multipart() || std::ptr::eq(part, page) {
            continue;
        }
        let bytes = part.contents();
        if let Some(location) = part.content_location() {
            files.by_location.insert(location.trim().to_owned(), bytes);
        }
        if let Some(id) = part.content_id() {
            let id = id.trim().trim_start_matches('<').trim_end_matches('>');
            files.by_id.insert(id.to_owned(), bytes);
        }
    }
    Ok(html::parse_at(&html, stem, &files, address))
}

/// The files saved in the archive beside the page.
struct Archive<'m> {
    /// The page's own address: references in it are relative to it.
    base: Option<Url>,
    by_location: HashMap<String, &'m [u8]>,
    by_id: HashMap<String, &'m [u8]>,
}

impl Resources for Archive<'_> {
    fn get(&self, reference: &str, max_bytes: usize) -> Option<Vec<u8>> {
        let reference = reference.trim();
        let found = if let Some(id) = reference.strip_prefix("cid:") {
            self.by_id.get(id).copied()
        } else {
            self.by_location.get(reference).copied().or_else(|| {
                let absolute = self.base.as_ref()?.join(reference).ok()?;
                self.by_location.get(absolute.as_str()).copied()
            })
        }?;
        (found.len() <= max_bytes).then(|| found.to_vec())
    }
}
