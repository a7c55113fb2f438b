//! Search results a page at a time, with their total; note snippets shown
//! without their Markdown marks.

mod common;

use common::*;
use marginalia_core::{AnnotationInput, HitKind, Passage, SearchQuery};

/// A library of one article holding `n` highlights whose notes say "tide".
fn with_tide_notes(n: usize) -> (TempLibrary, String) {
    let t = temp_library();
    let text: String = (0..n)
        .map(|i| format!("Paragraph {i} about the harbour."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let id = t
        .import_bytes(
            "harbour.txt",
            format!("Harbour\n\n{text}\n").as_bytes(),
            NOW,
        )
        .unwrap()[0]
        .id
        .clone();
    for i in 0..n {
        let quote = format!("Paragraph {i} about");
        t.create_highlight(
            &id,
            &Passage::Quote {
                quote,
                occurrence: None,
            },
            &AnnotationInput {
                note: format!("The **tide** note number {i}, see [the chart](https://x.example/c)"),
                ..AnnotationInput::default()
            },
            NOW,
        )
        .unwrap();
    }
    (t, id)
}

#[test]
fn pages_follow_each_other_and_the_total_is_counted() {
    let (t, _) = with_tide_notes(120);
    let q = |offset| SearchQuery {
        limit: 50,
        offset,
        ..SearchQuery::new("tide")
    };
    let mut seen = Vec::new();
    for offset in [0, 50, 100] {
        let page = t.search_page(&q(offset)).unwrap();
        assert_eq!(page.total, Some(120));
        seen.extend(page.hits.into_iter().map(|h| h.annotation_id.unwrap()));
    }
    assert_eq!(seen.len(), 120);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 120, "no hit on two pages");
    assert!(t.search_page(&q(120)).unwrap().hits.is_empty());
    // Filters count too.
    let green = SearchQuery {
        color: Some("green".into()),
        ..SearchQuery::new("tide")
    };
    assert_eq!(t.search_page(&green).unwrap().total, Some(0));
    assert_eq!(t.search_page(&SearchQuery::new("")).unwrap().total, Some(0));
}

#[test]
fn past_a_thousand_the_total_is_not_counted() {
    let (t, _) = with_tide_notes(1001);
    let page = t.search_page(&SearchQuery::new("tide")).unwrap();
    assert_eq!(page.total, None);
    assert_eq!(page.hits.len(), 50);
}

#[test]
fn note_snippets_show_text_not_markdown() {
    let (t, _) = with_tide_notes(1);
    let hits = t.search(&SearchQuery::new("tide")).unwrap();
    assert_eq!(hits[0].kind, HitKind::Highlight);
    assert_eq!(
        hits[0].snippet,
        "Paragraph 0 about\n\nThe <mark>tide</mark> note number 0, see the chart"
    );
}
