//! EPUB 2 and 3 books: one article per book, its chapters in reading
//! (spine) order, each drawn as the web pages are ([`super::dom`]) and headed
//! by its title from the book's table of contents when it has no heading of
//! its own. The archive is checked before anything in it is read: zip bombs,
//! huge entries and DRM-encrypted books are refused.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use dom_query::{Document, NodeRef};
use rbook::Epub;
use url::Url;

use super::dom::Walk;
use super::{Meta, ParsedArticle, Resources, decode, xhtml};
use crate::document::SpanKind;

/// Most entries an archive may hold.
const MAX_ENTRIES: usize = 20_000;
/// Largest entry, unpacked (64 MiB).
const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// Most bytes all entries together unpack to (512 MiB).
const MAX_UNPACKED_BYTES: u64 = 512 << 20;
/// Most chapters read from one book.
const MAX_CHAPTERS: usize = 5_000;

/// Encryption that is not DRM: fonts obfuscated so they cannot be lifted
/// out of the book (IDPF's and Adobe's schemes).
const FONT_OBFUSCATION: [&str; 2] = [
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
];

/// Why a book cannot be imported (the reason shown to the user).
pub(crate) type Refusal = String;

pub(crate) fn parse(bytes: &[u8], stem: &str) -> Result<ParsedArticle, Refusal> {
    let sizes = check_archive(bytes)?;
    let epub = rbook::Epub::options()
        .read(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("it is not a readable EPUB book ({e})"))?;
    let resources = BookFiles {
        epub: &epub,
        sizes: &sizes,
        base: RefCell::new(book_url("/")),
    };
    let labels = toc_labels(&epub);
    let mut walk = Walk::new(&resources);
    let mut chapters: HashMap<String, usize> = HashMap::new();
    let mut read = 0usize;
    for (index, entry) in epub.spine().iter().enumerate() {
        let Some(item) = entry.manifest_entry() else {
            continue;
        };
        let media = item.media_type();
        if !matches!(media, "application/xhtml+xml" | "text/html") {
            continue; // an SVG page, an image: nothing to read
        }
        if read == MAX_CHAPTERS {
            return Err(format!(
                "it has more than {MAX_CHAPTERS} chapters; books of at most {MAX_CHAPTERS} are imported"
            ));
        }
        let path = item.href().path().decode().into_owned();
        let Some(body) = read_entry(&epub, &sizes, &path) else {
            continue;
        };
        let html = decode::decode_html(&body)
            .map_err(|e| format!("its chapter {path} cannot be read: {e}"))?;
        let html = super::normalize(&html);
        super::check_nesting(&html).map_err(|e| format!("its chapter {path}: {e}"))?;
        let html = xhtml::expand_self_closing(&html);
        let page = Document::from(html.as_str());
        let body = page.select("body");
        let root = body.nodes().first().cloned().unwrap_or_else(|| page.root());
        let prefix = format!("c{index}-");
        let start_id = format!("c{index}");
        chapters.insert(path.clone(), index);
        match labels.get(&path).filter(|_| !starts_with_heading(&root)) {
            Some(label) => walk.heading(label, 1, &start_id),
            None => walk.target(&start_id),
        }
        let base = book_url(&path);
        *resources.base.borrow_mut() = base.clone();
        walk.part(&root, Some(base), &prefix);
        read += 1;
    }
    let mut walked = walk.finish();
    // Links between chapters become links within the article.
    let structure = &mut walked.structure;
    structure.spans.retain_mut(|span| {
        let SpanKind::Link { href } = &mut span.kind else {
            return true;
        };
        let Some(url) = href.strip_prefix("epub:").and(Url::parse(href).ok()) else {
            return true;
        };
        let path = percent_encoding::percent_decode_str(url.path())
            .decode_utf8_lossy()
            .into_owned();
        let Some(index) = chapters.get(&path) else {
            return false; // to a file that is not a chapter: nowhere to go
        };
        *href = match url.fragment().filter(|f| !f.is_empty()) {
            Some(fragment) => format!("#c{index}-{fragment}"),
            None => format!("#c{index}"),
        };
        true
    });
    let metadata = epub.metadata();
    let title = metadata
        .title()
        .map(|t| t.value().to_owned())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| stem.to_owned());
    let creators: Vec<String> = metadata
        .creators()
        .map(|c| c.value().trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    let published = metadata
        .published_entry()
        .map(|d| d.value().trim().to_owned())
        .filter(|d| !d.is_empty());
    let site_name = metadata
        .publishers()
        .map(|p| p.value().trim().to_owned())
        .find(|p| !p.is_empty());
    let language = metadata
        .language()
        .map(|l| l.value().trim().to_owned())
        .filter(|l| !l.is_empty());
    let excerpt = metadata
        .description()
        .map(|d| plain_text(d.value()))
        .filter(|d| !d.is_empty());
    Ok(ParsedArticle {
        title,
        author: (!creators.is_empty()).then(|| creators.join(", ")),
        published,
        text: walked.text,
        structure: Some(walked.structure),
        meta: Meta {
            url: None,
            site_name,
            language,
            excerpt,
        },
        images: walked.images,
        notices: Vec::new(),
    })
}

/// Reads the archive's directory (not its contents): refuses what is not a
/// zip, too many or too large entries, and books locked with DRM. Returns
/// each entry's unpacked size by its path (with a leading `/`, as rbook
/// names them).
fn check_archive(bytes: &[u8]) -> Result<HashMap<String, u64>, Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "it is not an EPUB book (not a zip archive)".to_owned())?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "it holds {} files; books of at most {MAX_ENTRIES} are imported",
            zip.len()
        ));
    }
    let mut sizes = HashMap::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("it is a damaged archive ({e})"))?;
        if entry.encrypted() {
            return Err(drm("its files are encrypted"));
        }
        let size = entry.size();
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if size > MAX_ENTRY_BYTES {
            return Err(format!(
                "{} unpacks to {:.0} MiB; files in a book of at most {} MiB are imported",
                name,
                size as f64 / (1 << 20) as f64,
                MAX_ENTRY_BYTES >> 20
            ));
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(format!(
                "it unpacks to more than {} MiB; books of at most that are imported",
                MAX_UNPACKED_BYTES >> 20
            ));
        }
        sizes.insert(format!("/{}", name.trim_start_matches('/')), size);
    }
    if sizes.contains_key("/META-INF/rights.xml") {
        return Err(drm("it carries a DRM licence (META-INF/rights.xml)"));
    }
    if let Some(&size) = sizes.get("/META-INF/encryption.xml") {
        let mut xml = String::new();
        zip.by_name("META-INF/encryption.xml")
            .ok()
            .and_then(|f| f.take(size).read_to_string(&mut xml).ok());
        if let Some(algorithm) = drm_algorithm(&xml) {
            return Err(drm(&format!("its content is encrypted ({algorithm})")));
        }
    }
    Ok(sizes)
}

fn drm(why: &str) -> Refusal {
    format!("it is protected by DRM: {why}. Marginalia can read only books without DRM")
}

/// The first encryption algorithm in `encryption.xml` that is not font
/// obfuscation (`<enc:EncryptionMethod Algorithm="...">`).
fn drm_algorithm(xml: &str) -> Option<String> {
    let lower = xml.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(at) = lower[rest..].find("encryptionmethod") {
        let from = rest + at + "encryptionmethod".len();
        rest = from;
        let tag_end = lower[from..].find('>').map_or(lower.len(), |e| from + e);
        let Some(attr) = lower[from..tag_end].find("algorithm") else {
            continue;
        };
        let value = &xml[from + attr + "algorithm".len()..tag_end];
        let value = value.trim_start().strip_prefix('=')?.trim_start();
        let value = match value.chars().next()? {
            q @ ('"' | '\'') => value[1..].split(q).next()?,
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()?,
        }
        .trim();
        if !FONT_OBFUSCATION.contains(&value) {
            return Some(value.to_owned());
        }
    }
    None
}

/// An entry's bytes, if it is there and within its declared size.
fn read_entry(epub: &Epub, sizes: &HashMap<String, u64>, path: &str) -> Option<Vec<u8>> {
    sizes.get(path)?;
    epub.read_resource_bytes(path).ok()
}

/// The files of the book, for the chapter being read: images are named
/// relative to it.
struct BookFiles<'e> {
    epub: &'e Epub,
    sizes: &'e HashMap<String, u64>,
    base: RefCell<Url>,
}

impl Resources for BookFiles<'_> {
    fn get(&self, reference: &str, max_bytes: usize) -> Option<Vec<u8>> {
        let url = self.base.borrow().join(reference.trim()).ok()?;
        if url.scheme() != "epub" {
            return None;
        }
        let path = percent_encoding::percent_decode_str(url.path())
            .decode_utf8()
            .ok()?
            .into_owned();
        if *self.sizes.get(&path)? > max_bytes as u64 {
            return None;
        }
        read_entry(self.epub, self.sizes, &path)
    }
}

/// The URL of a file in the book (`epub:/OEBPS/c1.xhtml`), against which its
/// references are resolved.
fn book_url(path: &str) -> Url {
    let encoded: String = percent_encoding::utf8_percent_encode(
        path.trim_start_matches('/'),
        percent_encoding::CONTROLS,
    )
    .to_string();
    Url::parse(&format!("epub:/{encoded}"))
        .or_else(|_| Url::parse("epub:/"))
        .expect("a constant URL parses")
}

/// The label of each chapter file in the table of contents (the first one
/// that points at it).
fn toc_labels(epub: &Epub) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    if let Some(contents) = epub.toc().contents() {
        for entry in contents.flatten() {
            let Some(href) = entry.href() else { continue };
            let label = entry
                .label()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !label.is_empty() {
                labels
                    .entry(href.path().decode().into_owned())
                    .or_insert(label);
            }
        }
    }
    labels
}

/// Whether the first thing with text in `body` is a heading.
fn starts_with_heading(body: &NodeRef<'_>) -> bool {
    let mut stack = vec![*body];
    while let Some(node) = stack.pop() {
        if node.is_text() {
            if !node.text().trim().is_empty() {
                return false;
            }
            continue;
        }
        if node.is_element() {
            let name = node.node_name().map(|n| n.to_ascii_lowercase());
            match name.as_deref() {
                Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => {
                    return !node.text().trim().is_empty();
                }
                Some("img") => return false,
                Some("script" | "style" | "head" | "title") => continue,
                _ => {}
            }
        }
        stack.extend(node.children().into_iter().rev());
    }
    false
}

/// The text of a description that may hold markup.
fn plain_text(s: &str) -> String {
    let doc = Document::from(s);
    doc.root()
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
