mod common;

use common::*;
use marginalia_core::{AnnotationInput, HitKind, Passage, SearchQuery};

fn quote(q: &str) -> Passage {
    Passage::Quote {
        quote: q.into(),
        occurrence: None,
    }
}

fn search(t: &TempLibrary, text: &str) -> Vec<marginalia_core::SearchHit> {
    t.search(&SearchQuery::new(text)).unwrap()
}

#[test]
fn finds_titles_text_quotes_notes_and_tags() {
    let (t, ids) = seeded();
    let input = AnnotationInput {
        note: "Compare with the **Minsk** process".into(),
        color: Some("blue".into()),
        tags: vec!["nuclear energy".into()],
    };
    let h = t
        .create_highlight(&ids[0], &quote("123 Agreement"), &input, NOW)
        .unwrap();
    let n = t
        .create_note(
            &ids[2],
            &AnnotationInput {
                note: "Peskov sounds conciliatory".into(),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();

    let hits = search(&t, "kremlin");
    assert_eq!(hits[0].kind, HitKind::Article);
    assert_eq!(hits[0].article_id, ids[2], "the title match ranks first");
    assert!(
        hits[0].snippet.contains("<mark>Kremlin</mark>"),
        "{}",
        hits[0].snippet
    );

    let hits = search(&t, "minsk");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].kind, hits[0].annotation_id.as_deref()),
        (HitKind::Highlight, Some(h.id.as_str()))
    );
    assert_eq!(
        hits[0].title,
        "Armenia and US Sign Strategic Partnership Charter"
    );

    let hits = search(&t, "conciliatory");
    assert_eq!(
        (hits[0].kind, hits[0].annotation_id.as_deref()),
        (HitKind::Note, Some(n.id.as_str()))
    );

    let hits = search(&t, "nuclear");
    assert!(
        hits.iter()
            .any(|x| x.annotation_id.as_deref() == Some(&h.id)),
        "tag is searchable"
    );
}

#[test]
fn phrases_prefixes_and_stemming() {
    let (t, ids) = seeded();
    let hits = search(&t, "\"border security team\"");
    assert_eq!(
        hits.iter().map(|h| &h.article_id).collect::<Vec<_>>(),
        [&ids[1]]
    );
    let hits = search(&t, "Tasmag*");
    assert_eq!(
        hits.iter().map(|h| &h.article_id).collect::<Vec<_>>(),
        [&ids[3]]
    );
    // Porter stemming: "partnerships" finds "partnership".
    assert_eq!(search(&t, "partnerships").len(), 4);
    // All words must match.
    let hits = search(&t, "Peskov Lavrov");
    assert_eq!(
        hits.iter().map(|h| &h.article_id).collect::<Vec<_>>(),
        [&ids[3]]
    );
}

#[test]
fn whatever_a_user_types_never_errors() {
    let (t, _) = seeded();
    for q in [
        "",
        " ",
        "\"",
        "\"\"",
        "AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "(",
        ")",
        "*",
        "**",
        "a*b",
        "-",
        "+",
        "^",
        ":",
        "title:",
        "title:kremlin",
        "NEAR(a b)",
        "kremlin\"",
        "'",
        "\\",
        "{col}",
        "é",
        "🙂",
        "\u{0}",
        "R\u{0}x",
        "\"kremlin\u{0}comments\"",
        "armenia\u{7}",
        "a AND",
        "( kremlin",
        "kremlin OR",
        "*kremlin",
        "kr*ml*n",
        "\"unterminated phrase",
    ] {
        let r = t.search(&SearchQuery::new(q));
        assert!(r.is_ok(), "query {q:?} failed: {:?}", r.err());
    }
    assert!(search(&t, "").is_empty());
    assert!(!search(&t, "( kremlin").is_empty());
    assert!(!search(&t, "AND").is_empty(), "AND is a word here");
    assert!(
        !search(&t, "kremlin\u{0}comments").is_empty(),
        "NUL separates words"
    );
}

#[test]
fn filters_by_tag_and_colour() {
    let (t, ids) = seeded();
    let pink = AnnotationInput {
        color: Some("pink".into()),
        tags: vec!["Security".into()],
        ..Default::default()
    };
    let green = AnnotationInput {
        color: Some("green".into()),
        ..Default::default()
    };
    let a = t
        .create_highlight(
            &ids[0],
            &quote("defense and security cooperation"),
            &pink,
            NOW,
        )
        .unwrap();
    t.create_highlight(&ids[0], &quote("global security"), &green, NOW)
        .unwrap();

    let by_color = t
        .search(&SearchQuery {
            color: Some("pink".into()),
            ..SearchQuery::new("security")
        })
        .unwrap();
    assert_eq!(
        by_color
            .iter()
            .map(|h| h.annotation_id.clone())
            .collect::<Vec<_>>(),
        [Some(a.id.clone())]
    );

    let by_tag = t
        .search(&SearchQuery {
            tag: Some("security".into()),
            ..SearchQuery::new("security")
        })
        .unwrap();
    assert_eq!(
        by_tag
            .iter()
            .map(|h| h.annotation_id.clone())
            .collect::<Vec<_>>(),
        [Some(a.id.clone())]
    );

    t.add_tags(&ids[1], &["security".into()], NOW).unwrap();
    let by_tag = t
        .search(&SearchQuery {
            tag: Some("SECURITY".into()),
            ..SearchQuery::new("border")
        })
        .unwrap();
    assert_eq!(by_tag.len(), 1);
    assert_eq!(by_tag[0].article_id, ids[1]);
}

#[test]
fn index_follows_edits_and_deletes() {
    let (t, ids) = seeded();
    let a = t
        .create_highlight(
            &ids[0],
            &quote("robust framework"),
            &AnnotationInput::default(),
            NOW,
        )
        .unwrap();
    let patch = marginalia_core::AnnotationPatch {
        note: Some("zeitgeist".into()),
        color: None,
    };
    t.update_annotation(&a.id, &patch, NOW).unwrap();
    assert_eq!(search(&t, "zeitgeist").len(), 1);
    let gone = t.delete_annotation(&a.id, NOW).unwrap();
    assert_eq!(gone.note, "zeitgeist");
    assert!(search(&t, "zeitgeist").is_empty());
    t.undo().unwrap();
    assert_eq!(search(&t, "zeitgeist").len(), 1);
    t.delete_article(&ids[0]).unwrap();
    assert!(search(&t, "zeitgeist").is_empty());
    assert!(
        search(&t, "Mirzoyan")
            .iter()
            .all(|h| h.article_id != ids[0])
    );
}

#[test]
fn snippets_are_escaped_html() {
    let t = temp_library();
    let got = t
        .import_bytes(
            "x.txt",
            b"Tags And Markup\nA <script>alert('x')</script> payload & more.\n",
            NOW,
        )
        .unwrap();
    let hits = search(&t, "payload");
    assert_eq!(hits[0].article_id, got[0].id);
    let s = &hits[0].snippet;
    assert!(
        s.contains("&lt;script&gt;") && !s.contains("<script>"),
        "{s}"
    );
    assert!(s.contains("<mark>payload</mark> &amp; more"), "{s}");
}

/// More matches than bm25 may rank: the newest come first, the limit holds,
/// and a selective query in the same library is still ranked.
#[test]
fn broad_queries_return_the_newest_matches() {
    let t = temp_library();
    let n = marginalia_core::search::RANK_LIMIT as usize + 100;
    let file: String = (0..n)
        .map(|i| {
            format!("Bulletin Number {i} Arrives\nThe ubiquitous word appears in bulletin {i}.\n")
        })
        .collect();
    let got = t
        .import_bytes("bulletins.txt", file.as_bytes(), NOW)
        .unwrap();
    assert_eq!(got.len(), n);
    let hits = t
        .search(&SearchQuery {
            limit: 10,
            ..SearchQuery::new("ubiquitous")
        })
        .unwrap();
    assert_eq!(hits.len(), 10);
    let newest: Vec<&str> = got.iter().rev().take(10).map(|a| a.id.as_str()).collect();
    assert_eq!(
        hits.iter()
            .map(|h| h.article_id.as_str())
            .collect::<Vec<_>>(),
        newest
    );
    let one = search(&t, &format!("\"bulletin {}\"", n - 7));
    assert_eq!(one[0].article_id, got[n - 7].id);
}

#[test]
fn tidying_merges_the_index_into_one_segment_and_finds_the_same() {
    let t = temp_library();
    for f in 0..5 {
        let file: String = (0..40)
            .map(|i| {
                format!("Dispatch {f} Number {i} Filed\nA report on harbour cranes {f}-{i}.\n")
            })
            .collect();
        t.import_bytes(&format!("dispatch-{f}.txt"), file.as_bytes(), NOW)
            .unwrap();
    }
    let queries = ["harbour", "dispatch", "cran*", "\"report on\""];
    let before: Vec<_> = queries.iter().map(|q| search(&t, q)).collect();
    let segments = t.search_index_segments().unwrap();
    assert!(segments >= 5, "one segment per import, got {segments}");

    let steps = t.tidy_search_index(std::time::Duration::ZERO).unwrap();
    assert!(steps >= 1);
    assert_eq!(t.search_index_segments().unwrap(), 1);
    let after: Vec<_> = queries.iter().map(|q| search(&t, q)).collect();
    assert_eq!(before, after);
    // Nothing left to merge: no step does any work.
    assert_eq!(t.tidy_search_index(std::time::Duration::ZERO).unwrap(), 0);
}
