mod common;

use common::*;
use marginalia_core::{ArticleQuery, ArticleSort, ImportStatus, Passage};

const TITLES: [&str; 4] = [
    "Armenia and US Sign Strategic Partnership Charter",
    "US Sends Border Security Team to Armenia to Strengthen Sovereignty",
    "Kremlin Comments on Armenia-US Strategic Partnership Plans",
    "Armenia's Partnership with US a Sovereign Choice, CSTO Leader Says",
];

fn seed_lines() -> Vec<&'static str> {
    std::str::from_utf8(SEED)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The seed's paragraphs, grouped under their headline.
fn expected_articles() -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in seed_lines() {
        if TITLES.contains(&line) {
            out.push((line.to_owned(), Vec::new()));
        } else {
            out.last_mut().unwrap().1.push(line.trim().to_owned());
        }
    }
    out
}

fn titles_and_texts(t: &TempLibrary) -> Vec<(String, String)> {
    t.list_articles(&ArticleQuery {
        sort: ArticleSort::Oldest,
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|s| {
        let a = t.article(&s.id).unwrap();
        (a.title, a.text)
    })
    .collect()
}

#[test]
fn seed_gives_four_articles_with_their_own_paragraphs() {
    let (t, ids) = seeded();
    assert_eq!(ids.len(), 4);
    let got = titles_and_texts(&t);
    let expected = expected_articles();
    assert_eq!(expected.len(), 4);
    for ((title, text), (want_title, want_paras)) in got.iter().zip(&expected) {
        assert_eq!(title, want_title);
        let paras: Vec<&str> = text.split("\n\n").collect();
        assert_eq!(paras, *want_paras, "paragraphs of {title}");
        for other in TITLES {
            assert!(
                !text.contains(other),
                "{title} contains the headline {other}"
            );
        }
    }
    assert_eq!(
        got.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        TITLES
    );
}

#[test]
fn reimport_adds_nothing_and_says_so() {
    let (t, ids) = seeded();
    let again = t.import_bytes(SEED_NAME, SEED, NOW).unwrap();
    assert!(again.iter().all(|a| a.status == ImportStatus::Unchanged));
    assert_eq!(
        again.iter().map(|a| &a.id).collect::<Vec<_>>(),
        ids.iter().collect::<Vec<_>>()
    );
    assert_eq!(t.count_articles(None).unwrap(), 4);
}

#[test]
fn real_world_variants_of_the_seed_read_the_same() {
    let text = std::str::from_utf8(SEED).unwrap();
    let (reference, _) = seeded();
    let want = titles_and_texts(&reference);
    let crlf = text.replace('\n', "\r\n");
    let blank_lines = text.replace('\n', "\n\n");
    let bom = format!("\u{feff}{text}");
    let spaced = text.replace('\n', "  \n\n\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    for (name, bytes) in [
        ("crlf", crlf.into_bytes()),
        ("blank lines", blank_lines.into_bytes()),
        ("bom", bom.into_bytes()),
        ("trailing spaces", spaced.into_bytes()),
        ("utf-16", utf16),
    ] {
        let t = temp_library();
        t.import_bytes("news.txt", &bytes, NOW).unwrap();
        assert_eq!(titles_and_texts(&t), want, "variant: {name}");
    }
}

#[test]
fn question_headlines_and_untitled_files() {
    let t = temp_library();
    let file = "Is the South Caucasus Turning West?\nAnalysts disagree on what the charter means.\nSome see a pivot.\n\
                Will Russia Respond?\nThe Kremlin says it respects the decision.\n";
    let got = t.import_bytes("q.txt", file.as_bytes(), NOW).unwrap();
    let titles: Vec<&str> = got.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Is the South Caucasus Turning West?",
            "Will Russia Respond?"
        ]
    );

    let untitled = "This file has no headline at all, just prose that goes on.\nAnd a second paragraph, also prose.\n";
    let got = t
        .import_bytes("field_notes-2024.txt", untitled.as_bytes(), NOW)
        .unwrap();
    assert_eq!(got.len(), 1);
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "field notes 2024");
    assert_eq!(
        a.text,
        "This file has no headline at all, just prose that goes on.\n\nAnd a second paragraph, also prose."
    );
}

#[test]
fn legacy_encoding_is_decoded() {
    let t = temp_library();
    // "Café Society" / “Quoted” paragraph in Windows-1252.
    let bytes = b"Caf\xe9 Society Returns\n\x93Quoted\x94 words open the paragraph.\n";
    let got = t.import_bytes("cp1252.txt", bytes, NOW).unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "Café Society Returns");
    assert_eq!(a.text, "\u{201c}Quoted\u{201d} words open the paragraph.");
}

#[test]
fn markdown_gives_readable_text() {
    let t = temp_library();
    let md = "# A *Markdown* Article\n\nIt has **bold**, a [link](https://example.com) and <b>html</b>.\n\n> A quote.\n";
    let got = t.import_bytes("post.md", md.as_bytes(), NOW).unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "A Markdown Article");
    assert_eq!(a.text, "It has bold, a link and html.\n\nA quote.");
}

#[test]
fn bad_files_are_refused_and_change_nothing() {
    let (t, _) = seeded();
    let before = titles_and_texts(&t);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let err = t.import_bytes("picture.txt", png, NOW).unwrap_err();
    assert_eq!(err.code(), "unsupported_file");
    assert!(err.to_string().contains("picture.txt"), "{err}");
    let err = t.import_bytes("report.pdf", b"%PDF-1.7", NOW).unwrap_err();
    assert!(err.to_string().contains("report.pdf"), "{err}");
    let err = t.import_bytes("empty.txt", b"  \n\n ", NOW).unwrap_err();
    assert_eq!(err.code(), "unsupported_file");
    let err = t
        .import_file(std::path::Path::new("/no/such/file.txt"), NOW)
        .unwrap_err();
    assert_eq!(err.code(), "io");
    assert_eq!(titles_and_texts(&t), before);
}

#[test]
fn edited_source_reanchors_and_orphans() {
    let (t, ids) = seeded();
    let input = Default::default();
    let quote = |q: &str| Passage::Quote {
        quote: q.into(),
        occurrence: None,
    };
    let kept = t
        .create_highlight(&ids[1], &quote("customs and border security"), &input, NOW)
        .unwrap();
    let lost = t
        .create_highlight(&ids[1], &quote("territorial integrity"), &input, NOW)
        .unwrap();
    let text = std::str::from_utf8(SEED).unwrap();
    let edited = text
        .replace(
            "A specialized US team",
            "In a move welcomed in Yerevan, a specialized US team",
        )
        .replace(
            "focusing on protecting Armenia’s territorial integrity",
            "focusing on other matters",
        );
    let got = t.import_bytes(SEED_NAME, edited.as_bytes(), NOW).unwrap();
    let updated: Vec<_> = got
        .iter()
        .filter(|a| a.status == ImportStatus::Updated)
        .collect();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0].id, ids[1]);
    assert_eq!(updated[0].orphaned, 1);
    assert_eq!(t.count_articles(None).unwrap(), 4);

    let article = t.article(&ids[1]).unwrap();
    let moved = t.annotation(&kept.id).unwrap();
    let (s, e) = (moved.start.unwrap() as usize, moved.end.unwrap() as usize);
    let chars: Vec<char> = article.text.chars().collect();
    assert_eq!(
        chars[s..e].iter().collect::<String>(),
        "customs and border security"
    );
    assert_eq!(
        s,
        kept.start.unwrap() as usize + "In a move welcomed in Yerevan, a".chars().count() - 1
    );

    let orphan = t.annotation(&lost.id).unwrap();
    assert!(orphan.orphaned && orphan.start.is_none());
    assert_eq!(orphan.quote.as_deref(), Some("territorial integrity"));
    let orphans = t.orphans().unwrap();
    assert_eq!(orphans.len(), 1);

    let back = t.reattach(&lost.id, &quote("other matters"), NOW).unwrap();
    assert!(!back.orphaned);
    assert_eq!(back.quote.as_deref(), Some("other matters"));
    assert!(t.orphans().unwrap().is_empty());
}

/// Inputs with no sensible size are refused with a reason, and the library
/// stays as it was: a file over 64 MiB (before it is read), a line over a
/// million characters, a title over 1,000, over 10,000 articles in a file.
#[test]
fn oversized_inputs_are_refused_with_a_reason() {
    use marginalia_core::import::{
        MAX_ARTICLES_PER_FILE, MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_TITLE_CHARS,
    };
    let (t, _) = seeded();
    let before = titles_and_texts(&t);
    let refused = |name: &str, bytes: &[u8], why: &str| {
        let err = t.import_bytes(name, bytes, NOW).unwrap_err();
        assert_eq!(err.code(), "unsupported_file", "{err}");
        let msg = err.to_string();
        assert!(msg.contains(name) && msg.contains(why), "{msg}");
    };

    let huge = vec![b'a'; MAX_FILE_BYTES as usize + 1];
    refused("huge.txt", &huge, "files of at most 64 MiB");
    // From disk: a sparse file is refused by its size, never read.
    let dir = tempfile::tempdir().unwrap();
    let sparse = dir.path().join("sparse.txt");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(100 << 30)
        .unwrap();
    let err = t.import_file(&sparse, NOW).unwrap_err();
    assert!(err.to_string().contains("files of at most 64 MiB"), "{err}");

    let line = format!("Long Line Here\n{}\n", "é".repeat(MAX_LINE_CHARS + 1));
    refused("line.txt", line.as_bytes(), "at most 1000000 are imported");
    let ok_line = format!("Long Line Here\n{}\n", "word ".repeat(MAX_LINE_CHARS / 5));
    assert_eq!(
        t.import_bytes("ok-line.txt", ok_line.as_bytes(), NOW)
            .unwrap()
            .len(),
        1
    );

    let title = format!(
        "---\ntitle: {}\n---\n\nBody.\n",
        "T".repeat(MAX_TITLE_CHARS + 1)
    );
    refused("title.md", title.as_bytes(), "at most 1000 are imported");

    let many: String = (0..=MAX_ARTICLES_PER_FILE)
        .map(|i| format!("Dispatch Number {i} Filed\nFerries ran late again today.\n\n"))
        .collect();
    refused(
        "many.txt",
        many.as_bytes(),
        "at most 10000 are imported from one file",
    );

    let after: Vec<_> = titles_and_texts(&t)
        .into_iter()
        .filter(|(title, _)| title != "Long Line Here")
        .collect();
    assert_eq!(after, before);
}

/// Markdown character references cannot bring back what normalising takes
/// out: no control characters, and NFC (found by fuzzing the importer).
#[test]
fn markdown_character_references_are_normalised_too() {
    let t = temp_library();
    let md = "# T&#1;itle e&#769;\n\nBell &#7; here, cafe&#769; and &#x0B;tab.\n";
    let a = &t.import_bytes("refs.md", md.as_bytes(), NOW).unwrap()[0];
    let article = t.article(&a.id).unwrap();
    for s in [&article.title, &article.text] {
        assert!(
            s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control()),
            "{s:?}"
        );
    }
    assert!(article.text.contains("café"), "{:?}", article.text);
    assert!(!article.text.contains('\u{301}'), "NFC: {:?}", article.text);
    assert_eq!(article.title, "Title é");
}
