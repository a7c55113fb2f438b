//! Fetching an article from the web: the one place Marginalia goes online,
//! and only when the user gives it a link. Redirects are followed (at most
//! 10), a fetch gives up after [`TIMEOUT`], a body over
//! [`MAX_FETCH_BYTES`] is refused, and a fetch can be cancelled between
//! chunks. The content type decides how the bytes are read (a web page, a
//! PDF, an EPUB book); a page's images are fetched too, each capped.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};
use crate::import::{MAX_IMAGE_BYTES, Resources};

/// How long one fetch may take in all.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// Largest body fetched (50 MiB).
pub const MAX_FETCH_BYTES: usize = 50 << 20;

/// What a link gave.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where it was found, after redirects.
    pub url: Url,
    /// The file name import reads it as (`page.html`, `paper.pdf`, ...).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A web client for links the user gave.
pub struct Fetcher {
    client: reqwest::blocking::Client,
}

impl Fetcher {
    pub fn new() -> Result<Fetcher> {
        let client = reqwest::blocking::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::limited(10))
            .user_agent(concat!("Marginalia/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Network {
                url: "web links".to_owned(),
                reason: format!("no web client could be made: {e}"),
            })?;
        Ok(Fetcher { client })
    }

    /// Fetches the article at `url`. `progress` is told the bytes read so
    /// far and the total when the server says it; `cancel` stops the fetch.
    pub fn article(
        &self,
        url: &str,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<Fetched> {
        let url = parse_link(url)?;
        let (url, content_type, bytes) = self.get(&url, MAX_FETCH_BYTES, cancel, progress)?;
        let file_name =
            file_name(&url, content_type.as_deref(), &bytes).ok_or_else(|| Error::Unsupported {
                file: url.to_string(),
                reason: format!(
                    "it is {}, not a web page, a PDF or an EPUB book",
                    content_type.as_deref().unwrap_or("of no stated type")
                ),
            })?;
        Ok(Fetched {
            url,
            file_name,
            bytes,
        })
    }

    fn get(
        &self,
        url: &Url,
        max_bytes: usize,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<(Url, Option<String>, Vec<u8>)> {
        let failed = |reason: String| Error::Network {
            url: url.to_string(),
            reason,
        };
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let mut response = self
            .client
            .get(url.clone())
            .send()
            .map_err(|e| failed(describe(&e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(failed(format!("the server answered {status}")));
        }
        let total = response.content_length();
        if total.is_some_and(|n| n > max_bytes as u64) {
            return Err(failed(format!(
                "it is {} MiB; at most {} MiB are fetched",
                total.unwrap_or_default() >> 20,
                max_bytes >> 20
            )));
        }
        let final_url = response.url().clone();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase());
        let mut bytes = Vec::new();
        let mut chunk = vec![0u8; 64 << 10];
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let n = response
                .read(&mut chunk)
                .map_err(|e| failed(format!("the connection broke: {e}")))?;
            if n == 0 {
                break;
            }
            if bytes.len() + n > max_bytes {
                return Err(failed(format!(
                    "it is larger than {} MiB, the most fetched",
                    max_bytes >> 20
                )));
            }
            bytes.extend_from_slice(&chunk[..n]);
            progress(bytes.len() as u64, total);
        }
        Ok((final_url, content_type, bytes))
    }

    /// The images of the page at `base`, fetched as the page names them.
    pub fn images<'a>(&'a self, base: &Url, cancel: &'a AtomicBool) -> WebImages<'a> {
        WebImages {
            fetcher: self,
            base: base.clone(),
            cancel,
        }
    }
}

/// A link as typed or pasted: http or https only.
pub fn parse_link(link: &str) -> Result<Url> {
    let link = link.trim();
    let url = Url::parse(link)
        .map_err(|_| Error::invalid(format!("{link:?} is not a web address (https://…)")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::invalid(format!(
            "{link:?} is not a web address; only http and https links can be fetched"
        )));
    }
    Ok(url)
}

/// What import should read the bytes as: by content type, then by the
/// address's extension, then by the bytes themselves.
fn file_name(url: &Url, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back().map(str::to_owned))
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(&s)
                .decode_utf8_lossy()
                .replace(['/', '\\'], "_")
        });
    let stem = match &last {
        Some(last) => std::path::Path::new(last)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| last.clone()),
        None => url.host_str().unwrap_or("page").to_owned(),
    };
    let last = last.unwrap_or_default();
    let ext = match content_type {
        Some("text/html" | "application/xhtml+xml") => "html",
        Some("application/pdf") => "pdf",
        Some("application/epub+zip") => "epub",
        Some("multipart/related" | "message/rfc822" | "application/x-mimearchive") => "mhtml",
        _ if bytes.starts_with(b"%PDF-") => "pdf",
        _ if bytes.starts_with(b"PK\x03\x04") && last.to_ascii_lowercase().ends_with(".epub") => {
            "epub"
        }
        Some(t) if t.starts_with("text/") => {
            let lower = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
            if lower.contains("<html") || lower.contains("<!doctype html") {
                "html"
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(format!("{stem}.{ext}"))
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else if e.is_connect() {
        "it could not be reached (are you offline?)".to_owned()
    } else if e.is_redirect() {
        "it redirects too often".to_owned()
    } else {
        let mut s = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(inner) = source {
            s.push_str(": ");
            s.push_str(&inner.to_string());
            source = inner.source();
        }
        s
    }
}

/// A page's images, fetched from the web relative to the page's address.
pub struct WebImages<'a> {
    fetcher: &'a Fetcher,
    base: Url,
    cancel: &'a AtomicBool,
}

impl Resources for WebImages<'_> {
    fn get(&self, reference: &str, max_bytes: usize) -> Option<Vec<u8>> {
        let url = self.base.join(reference.trim()).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let max = max_bytes.min(MAX_IMAGE_BYTES);
        self.fetcher
            .get(&url, max, self.cancel, &mut |_, _| {})
            .ok()
            .map(|(_, _, bytes)| bytes)
    }

    fn online(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_fetched() {
        assert!(parse_link(" https://example.org/a ").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "example.org",
            "",
            "http://",
        ] {
            assert!(parse_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_what_was_fetched_by_its_type() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            file_name(&u("https://x.org/news/story"), Some("text/html"), b"").as_deref(),
            Some("story.html")
        );
        assert_eq!(
            file_name(&u("https://x.org/"), Some("text/html"), b"").as_deref(),
            Some("x.org.html")
        );
        assert_eq!(
            file_name(
                &u("https://x.org/paper.pdf"),
                Some("application/octet-stream"),
                b"%PDF-1.7"
            )
            .as_deref(),
            Some("paper.pdf")
        );
        assert_eq!(
            file_name(
                &u("https://x.org/b/book.epub"),
                Some("application/epub+zip"),
                b"PK"
            )
            .as_deref(),
            Some("book.epub")
        );
        assert_eq!(
            file_name(&u("https://x.org/a.png"), Some("image/png"), b"\x89PNG"),
            None
        );
        assert_eq!(
            file_name(
                &u("https://x.org/t"),
                Some("text/plain"),
                b"<!DOCTYPE html><html>"
            )
            .as_deref(),
            Some("t.html")
        );
    }
}
