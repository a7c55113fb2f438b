//! A generated EPUB book of about 2 MB of text for the app's long-document
//! metric: chapters in a spine, each with its heading, sections (h2),
//! paragraphs with emphasis and links to other chapters, lists and block
//! quotes, a navigation document. Imported through the EPUB importer, so the
//! reader draws what a real book gives it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use marginalia_core::{AnnotationInput, Library, Passage};
use zip::write::SimpleFileOptions;

use crate::R;
use crate::corpus::{self, Corpus};
use crate::metrics::log;
use crate::rng::Rng;

/// Chapters in the book (the spine's length).
pub const CHAPTERS: usize = 24;

fn sentence(corpus: &Corpus, rng: &mut Rng) -> String {
    let mut s = String::new();
    corpus.sentence(rng, &mut s);
    s
}

/// XHTML-escaped (the corpus is ASCII words, but say it anyway).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

fn chapter(corpus: &Corpus, rng: &mut Rng, index: usize, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let title = sentence(corpus, rng);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\
         <head><title>Chapter {n}</title></head><body>\n<h1 id=\"top\">{n}. {t}</h1>\n",
        n = index + 1,
        t = esc(title.trim_end_matches('.'))
    );
    // Text bytes so far (the markup does not count).
    let mut text = 0;
    let mut section = 0;
    while text < bytes {
        match rng.below(14) {
            0 => {
                section += 1;
                let head = esc(sentence(corpus, rng).trim_end_matches('.'));
                text += head.len();
                let _ = writeln!(out, "<h2 id=\"s{section}\">{head}</h2>");
            }
            1 => {
                out.push_str("<ul>");
                for _ in 0..(2 + rng.below(4)) {
                    let item = esc(&sentence(corpus, rng));
                    text += item.len();
                    let _ = write!(out, "<li>{item}</li>");
                }
                out.push_str("</ul>\n");
            }
            2 => {
                let quote = esc(&sentence(corpus, rng));
                text += quote.len();
                let _ = writeln!(out, "<blockquote><p>{quote}</p></blockquote>");
            }
            _ => {
                out.push_str("<p>");
                for k in 0..(2 + rng.below(6)) {
                    let s = esc(&sentence(corpus, rng));
                    text += s.len() + 1;
                    match (k, rng.below(8)) {
                        (1, 0) => {
                            let _ = write!(out, "<em>{s}</em> ");
                        }
                        (2, 1) => {
                            let other = rng.below(CHAPTERS);
                            let _ = write!(out, "<a href=\"ch{other}.xhtml#top\">{s}</a> ");
                        }
                        _ => {
                            out.push_str(&s);
                            out.push(' ');
                        }
                    }
                }
                out.push_str("</p>\n");
            }
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// The bytes of an EPUB 3 book holding at least `bytes` bytes of chapter text.
pub fn epub(corpus: &Corpus, bytes: usize) -> R<Vec<u8>> {
    let mut rng = Rng::for_item(corpus.seed, 0xB00C, bytes as u64);
    let per_chapter = bytes.div_ceil(CHAPTERS);
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut nav = String::new();
    let mut files = Vec::new();
    for i in 0..CHAPTERS {
        let _ = write!(
            manifest,
            "<item id=\"ch{i}\" href=\"ch{i}.xhtml\" media-type=\"application/xhtml+xml\"/>"
        );
        let _ = write!(spine, "<itemref idref=\"ch{i}\"/>");
        let _ = write!(
            nav,
            "<li><a href=\"ch{i}.xhtml\">Chapter {}</a></li>",
            i + 1
        );
        files.push((
            format!("OEBPS/ch{i}.xhtml"),
            chapter(corpus, &mut rng, i, per_chapter),
        ));
    }
    let opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\">\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <dc:identifier id=\"id\">urn:uuid:7d0c1f40-0b2a-4c55-9d1e-6a3b0e5f4c21</dc:identifier>\
         <dc:title>A Long Generated Book</dc:title><dc:creator>Marginalia Bench</dc:creator>\
         <dc:language>en</dc:language></metadata>\
         <manifest><item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>{manifest}</manifest>\
         <spine>{spine}</spine></package>"
    );
    let nav = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\
         <head><title>Contents</title></head><body><nav epub:type=\"toc\"><ol>{nav}</ol></nav></body></html>"
    );
    files.push(("OEBPS/content.opf".into(), opf));
    files.push(("OEBPS/nav.xhtml".into(), nav));
    files.push((
        "META-INF/container.xml".into(),
        "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\
         <rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>"
            .into(),
    ));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    for (name, text) in files {
        zip.start_file(name, SimpleFileOptions::default())?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Imports the ~`bytes` book into the library at `path` with `highlights`
/// highlights on evenly spaced sentences. Returns the article id and its
/// text's size in bytes.
pub fn import(path: &Path, corpus: &Corpus, bytes: usize, highlights: usize) -> R<(String, usize)> {
    let lib = Library::open(path)?;
    let book = epub(corpus, bytes)?;
    let imported = lib.import_bytes("long-book.epub", &book, time::OffsetDateTime::now_utc())?;
    let [one] = imported.as_slice() else {
        return Err(format!("the book imported as {} articles, not 1", imported.len()).into());
    };
    let text = lib.article(&one.id)?.text;
    let spans = corpus::sentence_spans(&text);
    if spans.len() < highlights {
        return Err(format!("only {} sentences for {highlights} highlights", spans.len()).into());
    }
    let step = spans.len() / highlights;
    for k in 0..highlights {
        let (start, end) = spans[k * step + step / 2];
        let input = AnnotationInput {
            color: Some(["yellow", "green", "blue"][k % 3].to_owned()),
            ..AnnotationInput::default()
        };
        lib.create_highlight(
            &one.id,
            &Passage::Range { start, end },
            &input,
            time::OffsetDateTime::now_utc(),
        )?;
    }
    log(format!(
        "book: {} bytes of text, {highlights} highlights",
        text.len()
    ));
    Ok((one.id.clone(), text.len()))
}

#[cfg(test)]
mod tests {
    use marginalia_core::document::BlockKind;

    use super::*;

    #[test]
    fn the_book_is_one_structured_article_of_2_mb_with_its_chapters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.sqlite3");
        let corpus = Corpus::new(42);
        let (id, bytes) = import(&path, &corpus, 2_000_000, 50).unwrap();
        assert!(bytes >= 2_000_000, "{bytes} bytes");
        let lib = Library::open(&path).unwrap();
        let article = lib.article(&id).unwrap();
        let s = article.structure.expect("a structure");
        let level = |n: u8| {
            s.blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Heading { level } if level == n))
                .count()
        };
        eprintln!(
            "book: {} blocks, {} h1, {} h2, {} spans",
            s.blocks.len(),
            level(1),
            level(2),
            s.spans.len()
        );
        assert_eq!(level(1), CHAPTERS);
        assert!(level(2) > 100);
        assert!(s.blocks.len() > 5_000);
        assert_eq!(lib.article_with_annotations(&id).unwrap().1.len(), 50);
    }
}
