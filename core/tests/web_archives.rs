//! Single-file web archives (.mhtml, .mht) as browsers save them: the page
//! decoded from its transfer encoding, its images taken from the archive by
//! address or id, its address from the archive when the page names none.

mod common;

use common::*;
use marginalia_core::document::{BlockKind, SpanKind};
use marginalia_core::{Error, ImportStatus};

const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/VscvDQAAAABJRU5ErkJggg==";

/// An archive as Chrome writes it: quoted-printable HTML with soft line
/// breaks and `=3D`, UTF-8 bytes escaped, one image by address (the page
/// names it relatively), one by `cid:`, and a stylesheet.
fn chrome_archive() -> String {
    format!(
        "From: <Saved by Blink>\r
Snapshot-Content-Location: https://harbour.example.org/news/dredging\r
Subject: =?utf-8?Q?Dredging_the_Harbour?=\r
Date: Sat, 5 Dec 2026 10:00:00 -0000\r
MIME-Version: 1.0\r
Content-Type: multipart/related;\r
\ttype=\"text/html\";\r
\tboundary=\"----MultipartBoundary--abc123----\"\r
\r
\r
------MultipartBoundary--abc123----\r
Content-Type: text/html\r
Content-ID: <frame-1@mhtml.blink>\r
Content-Transfer-Encoding: quoted-printable\r
Content-Location: https://harbour.example.org/news/dredging\r
\r
<!DOCTYPE html><html lang=3D\"en\"><head><meta charset=3D\"utf-8\"><title>Dre=\r
dging the Harbour</title><link rel=3D\"stylesheet\" href=3D\"../site.css\"></head><body>\r
<nav><a href=3D\"/\">Home</a> <a href=3D\"/news\">News</a></nav>\r
<article><h1>Dredging the Harbour</h1>\r
<p>The harbour caf=C3=A9 will stay open while the channel is dredged this win=\r
ter, the council said on Friday. Work starts at the <a href=3D\"map.html\">ou=\r
ter berth</a> and moves inward over six weeks.</p>\r
<p>Boats will be moved to the temporary pontoons by the slipway, which were ins=\r
talled last year after the storm damaged the old ones beyond repair.</p>\r
<img src=3D\"img/channel.png\" alt=3D\"The channel at low water\">\r
<p>Fishermen say the silt has been building for a decade. The last dredging, i=\r
n 2014, cleared the channel to four metres; it is now under three in places.</p>\r
<img src=3D\"cid:logo@mhtml.blink\" alt=3D\"Council crest\">\r
<p>The council expects the work to cost about four hundred thousand pounds, pa=\r
id from the harbour fund rather than from rates.</p>\r
</article></body></html>\r
------MultipartBoundary--abc123----\r
Content-Type: image/png\r
Content-Transfer-Encoding: base64\r
Content-Location: https://harbour.example.org/news/img/channel.png\r
\r
{PNG_B64}\r
------MultipartBoundary--abc123----\r
Content-Type: image/png\r
Content-Transfer-Encoding: base64\r
Content-ID: <logo@mhtml.blink>\r
\r
{PNG_B64}\r
------MultipartBoundary--abc123----\r
Content-Type: text/css\r
Content-Transfer-Encoding: quoted-printable\r
Content-Location: https://harbour.example.org/site.css\r
\r
body {{ color: red; }}\r
------MultipartBoundary--abc123------\r
"
    )
}

#[test]
fn a_chrome_archive_is_read_with_its_images_and_address() {
    let t = temp_library();
    let got = t
        .import_bytes(
            "Dredging the Harbour.mhtml",
            chrome_archive().as_bytes(),
            NOW,
        )
        .unwrap();
    assert_eq!(got[0].status, ImportStatus::Added);
    assert!(got[0].notices.is_empty(), "{:?}", got[0].notices);
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "Dredging the Harbour");
    assert_eq!(
        a.url.as_deref(),
        Some("https://harbour.example.org/news/dredging")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    // Quoted-printable undone: soft breaks joined, UTF-8 bytes decoded.
    assert!(
        a.text.starts_with(
            "The harbour café will stay open while the channel is dredged this winter"
        ),
        "{}",
        a.text
    );
    assert!(!a.text.contains("Home"));
    assert!(!a.text.contains("color: red"));
    let s = a.structure.as_ref().unwrap();
    let figures: Vec<_> = s
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Figure { image, alt, .. } => Some((image.clone(), alt.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(figures.len(), 2, "{figures:?}");
    for (image, _) in &figures {
        let stored = t
            .image(image.as_deref().expect("stored from the archive"))
            .unwrap();
        assert_eq!(stored.mime, "image/png");
    }
    // Links are resolved against the archive's address.
    let links: Vec<&str> = s
        .spans
        .iter()
        .filter_map(|sp| match &sp.kind {
            SpanKind::Link { href } => Some(href.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(links, ["https://harbour.example.org/news/map.html"]);
}

#[test]
fn an_image_not_in_the_archive_is_not_fetched() {
    let archive =
        chrome_archive().replace("src=3D\"img/channel.png\"", "src=3D\"img/missing.png\"");
    assert_ne!(archive, chrome_archive());
    let t = temp_library();
    let got = t.import_bytes("page.mht", archive.as_bytes(), NOW).unwrap();
    assert_eq!(got[0].notices.len(), 1, "{:?}", got[0].notices);
    assert!(
        got[0].notices[0].contains("1 image on the web"),
        "{:?}",
        got[0].notices
    );
}

#[test]
fn what_is_not_a_web_archive_is_refused() {
    let t = temp_library();
    for (name, bytes, says) in [
        ("plain.mhtml", &b"just some words"[..], "not a web archive"),
        (
            "noweb.mhtml",
            &b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b\r\nContent-Type: text/css\r\n\r\np{}\r\n--b--\r\n"[..],
            "no web page",
        ),
    ] {
        match t.import_bytes(name, bytes, NOW) {
            Err(Error::Unsupported { file, reason }) => {
                assert_eq!(file, name);
                assert!(reason.contains(says), "{name}: {reason}");
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(t.count_articles(None).unwrap(), 0);
}

/// The sample page saved both ways (`samples/web/build_mhtml.py` makes the
/// archive from the page and its `_files` folder): the same article.
#[test]
fn the_sample_page_reads_the_same_from_its_archive_as_from_its_folder() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/web");
    let page = temp_library();
    let from_page = page
        .import_file(&samples.join("tidepools.html"), NOW)
        .unwrap();
    let archive = temp_library();
    let from_archive = archive
        .import_file(&samples.join("tidepools.mhtml"), NOW)
        .unwrap();
    assert!(
        from_archive[0].notices.is_empty(),
        "{:?}",
        from_archive[0].notices
    );
    let a = page.article(&from_page[0].id).unwrap();
    let b = archive.article(&from_archive[0].id).unwrap();
    assert_eq!(b.title, a.title);
    assert_eq!(b.text, a.text);
    assert_eq!(block_texts(&b), block_texts(&a));
    assert_eq!(b.url, a.url);
    let image = |lib: &TempLibrary, s: &marginalia_core::document::Structure| {
        let hash = s
            .blocks
            .iter()
            .find_map(|x| match &x.kind {
                BlockKind::Figure { image, .. } => image.clone(),
                _ => None,
            })
            .expect("a stored figure");
        lib.image(&hash).unwrap().bytes
    };
    assert_eq!(
        image(&archive, b.structure.as_ref().unwrap()),
        image(&page, a.structure.as_ref().unwrap())
    );
}
