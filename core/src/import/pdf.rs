//! PDFs with a text layer: each character's place and size is taken from
//! pdf-extract (which interprets the page content, fonts and encodings),
//! gathered into lines, and [`super::pdf_layout`] makes the lines a document.
//!
//! A PDF is hostile input with a long history of parser crashes: it is read
//! on a thread of its own, any panic there is caught and reported as the
//! file's refusal (without printing), and a read that takes longer than
//! [`TIME_LIMIT`] is given up.

use std::sync::Once;
use std::sync::mpsc;
use std::time::Duration;

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};

use super::pdf_layout::{self, Line, Page};
use super::{Meta, ParsedArticle};

/// Longest a PDF is read before it is given up.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Most pages read from one PDF.
const MAX_PAGES: usize = 5_000;
/// The reading thread's name: its panics are not printed.
const THREAD: &str = "marginalia-pdf";

/// Why a PDF cannot be imported (the reason shown to the user).
pub(crate) type Refusal = String;

pub(crate) fn parse(bytes: &[u8], stem: &str) -> Result<ParsedArticle, Refusal> {
    quiet_panics();
    let (send, receive) = mpsc::channel();
    let bytes = bytes.to_vec();
    let stem = stem.to_owned();
    std::thread::Builder::new()
        .name(THREAD.to_owned())
        .spawn(move || {
            let read = std::panic::catch_unwind(move || read(&bytes, &stem));
            // The receiver may have given up waiting: nothing to tell then.
            let _ = send.send(read);
        })
        .map_err(|e| format!("it could not be read (no thread to read it on: {e})"))?;
    match receive.recv_timeout(TIME_LIMIT) {
        Ok(Ok(read)) => read,
        Ok(Err(_)) => Err(
            "the PDF reader failed on it (the file is damaged or uses something \
             the reader does not understand)"
                .to_owned(),
        ),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "reading it took longer than {} s; it was given up",
            TIME_LIMIT.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err("the PDF reader stopped without an answer".to_owned())
        }
    }
}

fn read(bytes: &[u8], stem: &str) -> Result<ParsedArticle, Refusal> {
    let mut doc =
        Document::load_mem(bytes).map_err(|e| format!("it is not a readable PDF ({e})"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("it is protected by a password".to_owned());
    }
    let page_count = doc.get_pages().len();
    if page_count > MAX_PAGES {
        return Err(format!(
            "it has {page_count} pages; PDFs of at most {MAX_PAGES} are imported"
        ));
    }
    let mut out = Collector::default();
    pdf_extract::output_doc(&doc, &mut out)
        .map_err(|e| format!("its pages cannot be read ({e})"))?;
    out.finish_page();
    let pages = out.pages;
    let letters: usize = pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < 20 * pages.len().clamp(1, 3) {
        return Err(
            "it has no text to read (a scanned document is pictures of pages; \
             Marginalia reads only PDFs with a text layer)"
                .to_owned(),
        );
    }
    let info = Info::of(&doc);
    let laid = pdf_layout::lay_out(&pages);
    let title = info
        .title
        .clone()
        .or(laid.first_heading.clone())
        .unwrap_or_else(|| stem.to_owned());
    Ok(ParsedArticle {
        title,
        author: info.author,
        published: info.created,
        text: laid.text,
        structure: Some(laid.structure),
        meta: Meta {
            url: None,
            site_name: None,
            language: info.language,
            excerpt: info.subject,
        },
        images: Vec::new(),
        notices: Vec::new(),
    })
}

/// Panics on the PDF thread are answered as a refusal, not printed.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(THREAD) {
                previous(info);
            }
        }));
    });
}

/// Characters gathered into lines, page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    page: Option<Page>,
    line: Option<Line>,
    /// Where the last character ended (x) and its baseline (y).
    last_end: f64,
    last_y: f64,
    word_start: bool,
}

impl Collector {
    fn finish_line(&mut self) {
        if let (Some(line), Some(page)) = (self.line.take(), self.page.as_mut())
            && !line.text.trim().is_empty()
        {
            page.lines.push(line);
        }
    }

    fn finish_page(&mut self) {
        self.finish_line();
        if let Some(page) = self.page.take() {
            self.pages.push(page);
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.finish_page();
        self.page = Some(Page {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            bottom: media_box.lly,
            lines: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs();
        let size = if size.is_finite() && size > 0.0 {
            size
        } else {
            1.0
        };
        let (x, y) = (trm.m31, trm.m32);
        if !x.is_finite() || !y.is_finite() {
            return Ok(());
        }
        let same_line = self.line.is_some()
            && (y - self.last_y).abs() <= size * 0.5
            && x >= self.last_end - size * 2.0;
        if !same_line {
            self.finish_line();
            self.line = Some(Line {
                text: String::new(),
                x0: x,
                x1: x,
                y,
                size,
            });
        } else if self.word_start
            && x > self.last_end + size * 0.1
            && let Some(line) = self.line.as_mut()
            && !line.text.ends_with(' ')
        {
            line.text.push(' ');
        }
        if let Some(line) = self.line.as_mut() {
            line.text.push_str(char);
            line.size = line.size.max(size);
            line.x1 = line.x1.max(x + width * size);
        }
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// What the document information dictionary says.
#[derive(Default)]
struct Info {
    title: Option<String>,
    author: Option<String>,
    subject: Option<String>,
    created: Option<String>,
    language: Option<String>,
}

impl Info {
    fn of(doc: &Document) -> Info {
        let dict = doc.trailer.get(b"Info").ok().and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
        let text = |key: &[u8]| {
            let object = dict?.get(key).ok()?;
            let object = match object {
                Object::Reference(id) => doc.get_object(*id).ok()?,
                o => o,
            };
            let s = pdf_string(object)?;
            let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
            (!s.is_empty()).then_some(s)
        };
        let language = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Lang").ok())
            .and_then(pdf_string);
        Info {
            // Producers often write the file name or "untitled" there.
            title: text(b"Title").filter(|t| {
                let l = t.to_lowercase();
                !(l.starts_with("untitled")
                    || l.ends_with(".doc")
                    || l.ends_with(".docx")
                    || l.ends_with(".pdf"))
            }),
            author: text(b"Author"),
            subject: text(b"Subject"),
            created: text(b"CreationDate").and_then(|d| pdf_date(&d)),
            language,
        }
    }
}

/// A PDF text string: UTF-16 with its byte-order mark, or PDFDocEncoding
/// (read as Latin-1, which it equals for the printable characters).
fn pdf_string(object: &Object) -> Option<String> {
    let Object::String(bytes, _) = object else {
        return None;
    };
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return Some(String::from_utf8_lossy(rest).into_owned());
    }
    Some(bytes.iter().map(|&b| b as char).collect())
}

/// `D:20240309101500+01'00'` as `2024-03-09`.
fn pdf_date(d: &str) -> Option<String> {
    let digits = d.trim().strip_prefix("D:").unwrap_or(d.trim());
    let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
    match digits.len() {
        n if n >= 8 => Some(format!(
            "{}-{}-{}",
            &digits[..4],
            &digits[4..6],
            &digits[6..8]
        )),
        4..=7 => Some(digits[..4].to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pdf_dates_and_strings() {
        assert_eq!(
            pdf_date("D:20240309101500+01'00'").as_deref(),
            Some("2024-03-09")
        );
        assert_eq!(pdf_date("D:2024").as_deref(), Some("2024"));
        assert_eq!(pdf_date("yesterday"), None);
        let utf16 = Object::String(
            vec![0xfe, 0xff, 0, b'C', 0, 0xe9],
            pdf_extract::StringFormat::Literal,
        );
        assert_eq!(pdf_string(&utf16).as_deref(), Some("Cé"));
        let latin = Object::String(vec![b'C', 0xe9], pdf_extract::StringFormat::Literal);
        assert_eq!(pdf_string(&latin).as_deref(), Some("Cé"));
    }
}
