//! Saved web pages: the article found in the page's clutter, its structure,
//! metadata and images beside the file; pages with no article; hostile
//! pages that must not escape their folder or break the importer.

mod common;

use std::path::Path;

use common::*;
use marginalia_core::document::{BlockKind, SpanKind};
use marginalia_core::{ImportStatus, Passage, SearchQuery};

fn sample() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../samples/web/tidepools.html"
    ))
}

#[test]
fn a_saved_page_keeps_its_article_structure_metadata_and_image() {
    let t = temp_library();
    let got = t.import_file(sample(), NOW).unwrap();
    assert_eq!(got[0].status, ImportStatus::Added);
    // The tracking pixel is dropped without a word; no other image is remote.
    assert!(got[0].notices.is_empty(), "{:?}", got[0].notices);
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "A Field Guide to Tide Pools");
    assert_eq!(a.author.as_deref(), Some("Mara Lindqvist"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://coastal-notes.example.org/guides/tidepools")
    );
    assert_eq!(a.site_name.as_deref(), Some("Coastal Notes"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert!(a.published.as_deref().unwrap().starts_with("2025-06-14"));
    // The clutter around the article is gone; the title and byline are not repeated.
    for junk in [
        "Advertisement",
        "Subscribe",
        "Privacy",
        "Related guides",
        "tracked",
        "window.tracking",
    ] {
        assert!(!a.text.contains(junk), "{junk} in the text");
    }
    let blocks = block_texts(&a);
    assert!(blocks[0].0.starts_with("Twice a day"), "{:?}", blocks[0]);
    let find = |text: &str| {
        blocks
            .iter()
            .find(|(t, _)| t.starts_with(text))
            .unwrap_or_else(|| panic!("no block {text}"))
            .1
            .clone()
    };
    assert_eq!(find("What lives there"), BlockKind::Heading { level: 2 });
    assert!(matches!(
        find("Hermit crabs"),
        BlockKind::Item {
            depth: 2,
            ordered: false,
            marker: true,
            ..
        }
    ));
    assert!(matches!(
        find("Turn a rock"),
        BlockKind::Item {
            depth: 1,
            ordered: true,
            number: Some(2),
            ..
        }
    ));
    assert_eq!(
        find("date,pool"),
        BlockKind::Code {
            language: Some("csv".into())
        }
    );
    assert!(matches!(
        find("Tide height"),
        BlockKind::Cell {
            row: 0,
            header: true,
            ..
        }
    ));
    assert!(matches!(
        find("0.5 m"),
        BlockKind::Cell {
            row: 2,
            header: false,
            ..
        }
    ));
    let quote = a
        .structure
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .find(|b| b.quote > 0)
        .unwrap();
    assert!(
        a.text
            .chars()
            .skip(quote.start as usize)
            .collect::<String>()
            .starts_with("The pool is an aquarium")
    );
    assert!(blocks.iter().any(|(_, k)| *k == BlockKind::Rule));
    let s = a.structure.as_ref().unwrap();
    let hrefs: Vec<&str> = s
        .spans
        .iter()
        .filter_map(|sp| match &sp.kind {
            SpanKind::Link { href } => Some(href.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        hrefs.contains(&"#how-to-look") && hrefs.contains(&"https://tides.example.org/tables"),
        "{hrefs:?}"
    );
    let target = s.targets.iter().find(|t| t.id == "how-to-look").unwrap();
    assert!(
        a.text
            .chars()
            .skip(target.offset as usize)
            .collect::<String>()
            .starts_with("How to look")
    );
    // The image beside the page is stored and shown by a figure.
    let figure = s
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Figure {
                image, alt, width, ..
            } => Some((image.clone(), alt.clone(), *width)),
            _ => None,
        })
        .unwrap();
    assert_eq!(figure.1, "A pink anemone open in a shallow pool");
    assert_eq!(figure.2, Some(240));
    let img = t.image(figure.0.as_deref().unwrap()).unwrap();
    assert_eq!(img.mime, "image/png");
    // The canonical text is what highlights and search see.
    let quote = Passage::Quote {
        quote: "Never pull a limpet".into(),
        occurrence: None,
    };
    let h = t
        .create_highlight(&a.id, &quote, &Default::default(), NOW)
        .unwrap();
    assert_eq!(h.quote.as_deref(), Some("Never pull a limpet"));
    let hits = t.search(&SearchQuery::new("periwinkles")).unwrap();
    assert_eq!(hits[0].article_id, a.id);
}

#[test]
fn a_page_of_links_keeps_its_text_and_says_what_was_left_online() {
    let t = temp_library();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("links.html");
    std::fs::write(&file, "<html><head><title>My links</title></head><body><ul><li><a href='https://a.example'>A</a></li><li>B</li></ul><img src='https://cdn.example/x.png' alt='x'></body></html>").unwrap();
    let got = t.import_file(&file, NOW).unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "My links");
    assert_eq!(a.text, "A\n\nB\n\n");
    assert!(
        got[0]
            .notices
            .iter()
            .any(|n| n.contains("1 image on the web")),
        "{:?}",
        got[0].notices
    );
}

#[test]
fn hostile_pages_stay_in_their_folder_and_cannot_break_the_importer() {
    let t = temp_library();
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("secret.png"),
        include_bytes!("../../samples/web/tidepools_files/anemone.png"),
    )
    .unwrap();
    let dir = root.path().join("page");
    std::fs::create_dir(&dir).unwrap();
    let deep = "<div>".repeat(2_000);
    let page = format!(
        "<title>Hostile</title><body><p>Escape <img src='../secret.png' alt='outside'> <img src='/etc/passwd'> \
         <a href='javascript:alert(1)'>run</a> <script>alert(2)</script></p>{deep}<p>deep text</p></body>"
    );
    let file = dir.join("hostile.html");
    std::fs::write(&file, page).unwrap();
    let got = t.import_file(&file, NOW).unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert!(a.text.contains("deep text"));
    assert!(!a.text.contains("alert"));
    let s = a.structure.unwrap();
    assert!(
        s.spans
            .iter()
            .all(|sp| !matches!(sp.kind, SpanKind::Link { .. }))
    );
    assert!(
        s.blocks
            .iter()
            .all(|b| !matches!(b.kind, BlockKind::Figure { image: Some(_), .. }))
    );
}

#[test]
fn a_page_nested_deeper_than_any_real_one_is_refused_at_once_and_nothing_is_stored() {
    let t = temp_library();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.html");
    let n = 200_000;
    let page = format!(
        "<body><p>Some text first.</p>{}deep{}</body>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    std::fs::write(&file, page).unwrap();
    let err = t.import_file(&file, NOW).unwrap_err().to_string();
    assert!(err.contains("nests elements 200001 deep"), "{err}");
    assert!(err.contains("at most 4096"), "{err}");
    assert!(t.list_articles(&Default::default()).unwrap().is_empty());
    // Just under the limit, the page is read.
    let file = dir.path().join("deep-but-fine.html");
    let page = format!(
        "<body><p>Text.</p>{}deep text</body>",
        "<div>".repeat(4_000)
    );
    std::fs::write(&file, page).unwrap();
    let got = t.import_file(&file, NOW).unwrap();
    assert!(t.article(&got[0].id).unwrap().text.contains("deep text"));
}
