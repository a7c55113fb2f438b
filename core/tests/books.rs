//! EPUB books: chapters in reading order with their structure, headings from
//! the table of contents, metadata, images, links between chapters; and the
//! books that must be refused (not a zip, DRM, zip bombs).

mod common;

use std::io::Write;

use common::*;
use marginalia_core::document::{BlockKind, SpanKind};
use marginalia_core::{Article, ImportStatus};
use zip::write::SimpleFileOptions;

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 0x05, 0, 0x01, 0xff, 0x56, 0xc7, 0x2f, 0x0d,
    0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

const OPF3: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:2f1c9a52-6d7e-4a35-9b1e-0c3f5c7d9e11</dc:identifier>
    <dc:title>The Salt Marsh Year</dc:title>
    <dc:creator>Ines Okafor</dc:creator>
    <dc:creator>Tomas Varga</dc:creator>
    <dc:date>2024-03-09</dc:date>
    <dc:language>en-GB</dc:language>
    <dc:publisher>Estuary Press</dc:publisher>
    <dc:description>&lt;p&gt;A year of &lt;b&gt;tides&lt;/b&gt; on one marsh.&lt;/p&gt;</dc:description>
    <meta property="dcterms:modified">2024-03-09T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="text/spring.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="text/summer%20notes.xhtml" media-type="application/xhtml+xml"/>
    <item id="img" href="images/heron.png" media-type="image/png"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine>
    <itemref idref="c1"/>
    <itemref idref="c2"/>
  </spine>
</package>"#;

const NAV: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Contents</title></head>
<body><nav epub:type="toc"><ol>
  <li><a href="text/spring.xhtml">Spring</a></li>
  <li><a href="text/summer%20notes.xhtml">Summer on the Flats</a></li>
</ol></nav></body></html>"#;

const SPRING: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title/><link rel="stylesheet" href="../style.css"/></head>
<body>
  <h1 id="top">Spring</h1>
  <p>The first <em>spring tide</em> floods the creeks.<a id="ref1"/> See
     <a href="summer%20notes.xhtml#note1">the note</a> and <a href="#later">later</a>.</p>
  <ul><li>Redshank</li><li>Curlew</li></ul>
  <p id="later">Later the water drains away.</p>
  <script>window.bad = 1</script>
</body></html>"##;

const SUMMER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Summer</title></head>
<body>
  <div><p>Heat settles over the samphire.</p>
  <img src="../images/heron.png" alt="A grey heron"/>
  <p id="later">A second paragraph called later.</p>
  <p id="note1">Note: heron counts peak in July. <a href="spring.xhtml">Back to spring</a>.</p></div>
</body></html>"#;

fn book(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    let deflated = SimpleFileOptions::default();
    for (name, bytes) in files {
        zip.start_file(*name, deflated).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn salt_marsh(extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut files: Vec<(&str, &[u8])> = vec![
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", OPF3.as_bytes()),
        ("OEBPS/nav.xhtml", NAV.as_bytes()),
        ("OEBPS/text/spring.xhtml", SPRING.as_bytes()),
        ("OEBPS/text/summer notes.xhtml", SUMMER.as_bytes()),
        ("OEBPS/images/heron.png", PNG),
        ("OEBPS/style.css", b"p { color: red }"),
    ];
    files.extend_from_slice(extra);
    book(&files)
}

fn links(a: &Article) -> Vec<(String, String)> {
    let chars: Vec<char> = a.text.chars().collect();
    let s = a.structure.as_ref().unwrap();
    s.spans
        .iter()
        .filter_map(|sp| match &sp.kind {
            SpanKind::Link { href } => Some((
                chars[sp.start as usize..sp.end as usize].iter().collect(),
                href.clone(),
            )),
            _ => None,
        })
        .collect()
}

fn target(a: &Article, href: &str) -> u32 {
    let id = href.strip_prefix('#').unwrap();
    let s = a.structure.as_ref().unwrap();
    s.targets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no target {id} in {:?}", s.targets))
        .offset
}

#[test]
fn a_book_is_one_article_with_its_chapters_in_order() {
    let t = temp_library();
    let got = t
        .import_bytes("salt-marsh.epub", &salt_marsh(&[]), NOW)
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, ImportStatus::Added);
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "The Salt Marsh Year");
    assert_eq!(a.author.as_deref(), Some("Ines Okafor, Tomas Varga"));
    assert_eq!(a.published.as_deref(), Some("2024-03-09"));
    assert_eq!(a.language.as_deref(), Some("en-GB"));
    assert_eq!(a.site_name.as_deref(), Some("Estuary Press"));
    assert_eq!(a.excerpt.as_deref(), Some("A year of tides on one marsh."));
    assert!(!a.text.contains("window.bad"));
    assert!(!a.text.contains("color: red"));
    let b = block_texts(&a);
    let texts: Vec<&str> = b.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Spring",
            "The first spring tide floods the creeks. See the note and later.",
            "Redshank",
            "Curlew",
            "Later the water drains away.",
            // The second chapter has no heading: its title in the contents.
            "Summer on the Flats",
            "Heat settles over the samphire.",
            "",
            "A second paragraph called later.",
            "Note: heron counts peak in July. Back to spring.",
        ]
    );
    assert_eq!(b[0].1, BlockKind::Heading { level: 1 });
    assert_eq!(b[5].1, BlockKind::Heading { level: 1 });
    assert!(matches!(b[2].1, BlockKind::Item { depth: 1, .. }));
    // The image, read from the book relative to its chapter.
    let BlockKind::Figure { image, alt, .. } = &b[7].1 else {
        panic!("not a figure: {:?}", b[7]);
    };
    assert_eq!(alt, "A grey heron");
    let image = t.image(image.as_deref().unwrap()).unwrap();
    assert_eq!(image.bytes, PNG);
}

#[test]
fn links_between_chapters_stay_inside_the_book() {
    let t = temp_library();
    let got = t
        .import_bytes("salt-marsh.epub", &salt_marsh(&[]), NOW)
        .unwrap();
    let a = t.article(&got[0].id).unwrap();
    let links = links(&a);
    assert_eq!(links.len(), 3, "{links:?}");
    let chars: Vec<char> = a.text.chars().collect();
    let at = |href: &str| -> String {
        let o = target(&a, href) as usize;
        chars[o..(o + 12).min(chars.len())].iter().collect()
    };
    // To another chapter's id, to an id in the same chapter (both chapters
    // have a "later": each link finds its own), back to a chapter's start.
    assert_eq!(links[0].0, "the note");
    assert_eq!(at(&links[0].1), "Note: heron ");
    assert_eq!(links[1].0, "later");
    assert_eq!(at(&links[1].1), "Later the wa");
    assert_eq!(links[2].0, "Back to spring");
    assert_eq!(at(&links[2].1), "Spring\n\nThe ");
}

#[test]
fn an_epub2_book_with_an_ncx_and_no_metadata_but_its_title() {
    let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>Old Letters</dc:title><dc:identifier id="id">x</dc:identifier>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="a" href="a.html" media-type="application/xhtml+xml"/>
    <item id="b" href="b.html" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx"><itemref idref="b"/><itemref idref="a" linear="no"/></spine>
</package>"#;
    let ncx = r#"<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
  <navPoint id="n1" playOrder="1"><navLabel><text>First Letter</text></navLabel><content src="b.html"/></navPoint>
  <navPoint id="n2" playOrder="2"><navLabel><text>Postscript</text></navLabel><content src="a.html"/></navPoint>
</navMap></ncx>"#;
    let bytes = book(&[
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/toc.ncx", ncx.as_bytes()),
        (
            "OEBPS/a.html",
            b"<html><body><p>P.S. Burn this.</p></body></html>",
        ),
        (
            "OEBPS/b.html",
            b"<html><body><p>Dear Ada,</p><p>The weather holds.</p></body></html>",
        ),
    ]);
    let t = temp_library();
    let got = t.import_bytes("letters.epub", &bytes, NOW).unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "Old Letters");
    assert_eq!(a.author, None);
    assert_eq!(
        a.text,
        "First Letter\n\nDear Ada,\n\nThe weather holds.\n\nPostscript\n\nP.S. Burn this."
    );
}

#[test]
fn a_file_that_is_not_a_zip_is_refused() {
    let reason = refusal("fake.epub", b"<html><body>not a book</body></html>");
    assert!(reason.contains("not a zip archive"), "{reason}");
    let reason = refusal("empty.epub", &book(&[]));
    assert!(reason.contains("not a readable EPUB"), "{reason}");
}

#[test]
fn a_book_with_drm_is_refused_and_obfuscated_fonts_are_not_drm() {
    let encryption = |algorithm: &str| {
        format!(
            r#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData><enc:EncryptionMethod Algorithm="{algorithm}"/>
  <enc:CipherData><enc:CipherReference URI="OEBPS/text/spring.xhtml"/></enc:CipherData></enc:EncryptedData>
</encryption>"#
        )
    };
    let aes = encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc");
    let reason = refusal(
        "locked.epub",
        &salt_marsh(&[("META-INF/encryption.xml", aes.as_bytes())]),
    );
    assert!(reason.contains("DRM"), "{reason}");
    assert!(reason.contains("aes128-cbc"), "{reason}");
    let reason = refusal(
        "adobe.epub",
        &salt_marsh(&[("META-INF/rights.xml", b"<rights/>")]),
    );
    assert!(reason.contains("DRM"), "{reason}");

    let fonts = encryption("http://www.idpf.org/2008/embedding");
    let t = temp_library();
    let got = t
        .import_bytes(
            "fonts.epub",
            &salt_marsh(&[("META-INF/encryption.xml", fonts.as_bytes())]),
            NOW,
        )
        .unwrap();
    assert_eq!(got[0].status, ImportStatus::Added);
}

#[test]
fn an_entry_that_unpacks_too_large_is_refused_before_it_is_read() {
    // 65 MiB of zeros packs into about 64 KiB.
    let zeros = vec![0u8; 65 << 20];
    let bytes = salt_marsh(&[("OEBPS/bomb.bin", &zeros)]);
    assert!(bytes.len() < 1 << 20);
    let reason = refusal("bomb.epub", &bytes);
    assert!(
        reason.contains("OEBPS/bomb.bin unpacks to 65 MiB"),
        "{reason}"
    );
}

#[test]
fn the_same_book_again_adds_nothing() {
    let t = temp_library();
    let bytes = salt_marsh(&[]);
    t.import_bytes("salt-marsh.epub", &bytes, NOW).unwrap();
    let again = t.import_bytes("salt-marsh.epub", &bytes, NOW).unwrap();
    assert_eq!(again[0].status, ImportStatus::Unchanged);
    assert_eq!(t.count_articles(None).unwrap(), 1);
}
