//! Search over long articles: the snippet costs what it shows, wherever the
//! match is; it marks what the index matched (stems, accents, prefixes,
//! phrases); and an article hit carries the code-point offset of its match.

mod common;

use std::time::{Duration, Instant};

use common::*;
use marginalia_core::{HitKind, SearchHit, SearchQuery};

/// Far above what a search takes now (milliseconds), far below what FTS5's
/// own snippet() took (14.8 s for 1 MB of a repeated sentence, ~58 s for
/// 4 MB): a generous bound that fails on the old behaviour, not on a slow
/// machine.
const SLOW: Duration = Duration::from_secs(5);

fn import(t: &TempLibrary, name: &str, title: &str, text: &str) -> String {
    let body = format!("{title}\n\n{text}\n");
    let added = t.import_bytes(name, body.as_bytes(), NOW).unwrap();
    assert_eq!(added.len(), 1, "{name} is one article");
    added[0].id.clone()
}

fn timed_search(t: &TempLibrary, text: &str, limit: u32) -> Vec<SearchHit> {
    let started = Instant::now();
    let hits = t
        .search(&SearchQuery {
            limit,
            ..SearchQuery::new(text)
        })
        .unwrap();
    let took = started.elapsed();
    assert!(took < SLOW, "searching {text:?} took {took:?}");
    hits
}

/// The article's text as core stores it (what offsets count in).
fn text_of(t: &TempLibrary, id: &str) -> Vec<char> {
    t.article_with_annotations(id)
        .unwrap()
        .0
        .text
        .chars()
        .collect()
}

fn marked(snippet: &str) -> Vec<String> {
    snippet
        .split("<mark>")
        .skip(1)
        .filter_map(|s| s.split_once("</mark>").map(|(m, _)| m.to_owned()))
        .collect()
}

#[test]
fn a_common_word_in_megabytes_of_one_repeated_sentence_is_found_at_once() {
    let t = temp_library();
    let sentence = "The harbour master counted the boats in the harbour again.";
    // 4 MB as one paragraph per sentence, then 2 MB in lines of ~600 KB
    // (a line may hold up to a million characters).
    let paragraphs = vec![sentence; 4_000_000 / sentence.len()].join("\n\n");
    let id = import(&t, "repeated.txt", "Harbour Log", &paragraphs);
    let line = vec![vec![sentence; 10_000].join(" "); 3].join("\n");
    let line_id = import(&t, "long-lines.txt", "Harbour Line", &line);

    let hits = timed_search(&t, "harbour", 1);
    assert_eq!(hits.len(), 1);
    let hits = timed_search(&t, "harbour", 50);
    assert_eq!(hits.len(), 2);
    for h in &hits {
        assert!([&id, &line_id].contains(&&h.article_id));
        assert!(
            marked(&h.snippet)
                .iter()
                .all(|m| m.eq_ignore_ascii_case("harbour")),
            "{}",
            h.snippet
        );
        assert!(h.snippet.chars().count() < 400, "{}", h.snippet);
    }
    // "boats in the harbour" as a phrase, and a prefix, in the same rows.
    let hits = timed_search(&t, "\"boats in the harbour\" mast*", 50);
    assert_eq!(hits.len(), 2);
    let m = marked(&hits[0].snippet);
    assert!(m.contains(&"boats in the harbour".to_owned()), "{m:?}");
    assert!(m.contains(&"master".to_owned()), "{m:?}");
}

#[test]
fn a_rare_word_deep_in_a_long_article_of_long_lines_is_marked_and_located() {
    let t = temp_library();
    // 5 MB of words in lines of ~900 KB; one rare word at 90%, emoji before
    // it so that byte and code-point offsets differ.
    let filler: Vec<String> = (0..5_000_000 / 12)
        .map(|i| format!("word{:06}", i % 1000))
        .collect();
    let at = filler.len() * 9 / 10;
    let mut words = filler;
    words.insert(at, "zanzibarian".to_owned());
    words.insert(10, "🦀🦀🦀".to_owned());
    let text = words
        .chunks(80_000)
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    let id = import(&t, "long-lines.txt", "Long Lines", &text);

    let hits = timed_search(&t, "zanzibarian", 10);
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(
        (h.kind, h.article_id.as_str()),
        (HitKind::Article, id.as_str())
    );
    assert_eq!(marked(&h.snippet), ["zanzibarian"], "{}", h.snippet);
    assert!(
        h.snippet.starts_with('…') && h.snippet.ends_with('…'),
        "{}",
        h.snippet
    );
    let stored = text_of(&t, &id);
    let offset = h.offset.expect("an article-text hit has an offset") as usize;
    let found: String = stored[offset..offset + "zanzibarian".len()]
        .iter()
        .collect();
    assert_eq!(found, "zanzibarian");
}

#[test]
fn marks_follow_the_index_stems_accents_and_prefixes() {
    let t = temp_library();
    let text = "Intro paragraph with nothing.\n\nThe café owners signed partnerships with 😀 local promoters.";
    let id = import(&t, "small.txt", "Small Article", text);
    let stored = text_of(&t, &id);

    let hits = timed_search(&t, "cafe partnership", 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(
        marked(&hits[0].snippet),
        ["café", "partnerships"],
        "{}",
        hits[0].snippet
    );
    let offset = hits[0].offset.unwrap() as usize;
    assert_eq!(
        stored[offset..offset + 4].iter().collect::<String>(),
        "café"
    );

    let hits = timed_search(&t, "promo*", 10);
    assert_eq!(marked(&hits[0].snippet), ["promoters"]);
    let offset = hits[0].offset.unwrap() as usize;
    assert_eq!(
        stored[offset..offset + 9].iter().collect::<String>(),
        "promoters"
    );

    // A title match is marked in the title and has no text offset.
    let hits = timed_search(&t, "small", 10);
    assert_eq!(marked(&hits[0].snippet), ["Small"], "{}", hits[0].snippet);
    assert_eq!(hits[0].offset, None);
}

#[test]
fn a_pasted_paragraph_of_one_word_repeated_is_one_term() {
    let (t, _) = seeded();
    let hits = timed_search(&t, &"agreement ".repeat(190), 50);
    assert!(!hits.is_empty());
    let e = t
        .search(&SearchQuery::new("agreement ".repeat(10_000)))
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
}
