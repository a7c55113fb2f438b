//! EPUB books: the fuzz input is cut into a package document, a table of
//! contents and two chapters, packed into a real zip (so the fuzzer reaches
//! rbook and the chapter walk, not only the zip check), and imported.
//! Parsing never panics; what it accepts has a structure that fits its text.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use marginalia_core::import::{NoResources, parse_file};

#[path = "accepted.rs"]
mod accepted;
use zip::write::SimpleFileOptions;

const CONTAINER: &[u8] = br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

const OPF: &[u8] = br#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>T</dc:title></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/><item id="b" href="t/b.xhtml" media-type="application/xhtml+xml"/><item id="i" href="i.png" media-type="image/png"/></manifest><spine><itemref idref="a"/><itemref idref="b"/></spine></package>"#;

fuzz_target!(|data: &[u8]| {
    // Four parts split on 0xff bytes: the package document (or the default),
    // the navigation document, and the two chapters.
    let mut parts = data.splitn(4, |&b| b == 0xff);
    let opf = parts.next().filter(|p| p.len() > 8).unwrap_or(OPF);
    let nav = parts.next().unwrap_or_default();
    let a = parts.next().unwrap_or(data);
    let b = parts.next().unwrap_or_default();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("mimetype", &b"application/epub+zip"[..]),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", opf),
        ("OEBPS/nav.xhtml", nav),
        ("OEBPS/a.xhtml", a),
        ("OEBPS/t/b.xhtml", b),
        ("OEBPS/i.png", b),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    let book = zip.finish().unwrap().into_inner();
    for bytes in [&book[..], data] {
        if let Ok(articles) = parse_file("fuzz.epub", bytes, &NoResources) {
            accepted::check(&articles);
        }
    }
});
