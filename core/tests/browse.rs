//! The highlights browser's queries: words through the full-text index,
//! sorts, the article's list, counts that match the pages, and the title
//! type-ahead of its article filter.

mod common;

use common::*;
use marginalia_core::{
    AnnotationInput, AnnotationQuery, AnnotationSort, ArticleQuery, ArticleSort, Passage,
    ReadingState,
};
use time::Duration;

fn quote(q: &str, n: usize) -> Passage {
    Passage::Quote {
        quote: q.into(),
        occurrence: Some(n),
    }
}

/// Highlights on three articles, made a minute apart: (article index,
/// quote occurrence, colour, note).
fn annotated() -> (TempLibrary, Vec<String>, Vec<String>) {
    let (t, ids) = seeded();
    let mut made = Vec::new();
    for (i, (article, n, color, note)) in [
        (0, 1, "yellow", "tide pools"),
        (1, 1, "pink", "border guards"),
        (0, 2, "blue", "charter signing"),
        (2, 1, "yellow", "Kremlin worries"),
        (1, 2, "green", "tidewater"),
    ]
    .into_iter()
    .enumerate()
    {
        let a = t
            .create_highlight(
                &ids[article],
                &quote("Armenia", n),
                &AnnotationInput {
                    note: note.into(),
                    color: Some(color.into()),
                    tags: if i % 2 == 0 {
                        vec!["even".into()]
                    } else {
                        vec![]
                    },
                },
                NOW + Duration::minutes(i as i64),
            )
            .unwrap();
        made.push(a.id);
    }
    (t, ids, made)
}

fn notes(t: &TempLibrary, q: AnnotationQuery) -> Vec<String> {
    t.find_annotations(&q)
        .unwrap()
        .into_iter()
        .map(|a| a.annotation.note)
        .collect()
}

#[test]
fn words_sorts_lists_and_counts() {
    let (t, ids, _) = annotated();
    let q = |text: &str| AnnotationQuery {
        text: Some(text.into()),
        ..AnnotationQuery::default()
    };
    assert_eq!(notes(&t, q("tide*")), ["tidewater", "tide pools"]);
    assert_eq!(notes(&t, q("\"border guards\"")), ["border guards"]);
    // Tags are searched too: every other one is tagged "even".
    assert_eq!(
        notes(&t, q("even")),
        ["tidewater", "charter signing", "tide pools"]
    );
    assert!(notes(&t, q("nothing-like-this")).is_empty());
    assert!(
        notes(&t, q("!!!")).is_empty(),
        "nothing searchable: no matches"
    );
    assert_eq!(t.count_annotations(&q("tide*")).unwrap(), 2);

    let sorted = |sort| {
        notes(
            &t,
            AnnotationQuery {
                sort,
                ..AnnotationQuery::default()
            },
        )
    };
    assert_eq!(
        sorted(AnnotationSort::Newest),
        [
            "tidewater",
            "Kremlin worries",
            "charter signing",
            "border guards",
            "tide pools"
        ]
    );
    assert_eq!(
        sorted(AnnotationSort::Oldest),
        [
            "tide pools",
            "border guards",
            "charter signing",
            "Kremlin worries",
            "tidewater"
        ]
    );
    // Palette order (yellow, green, blue, pink), newest first in a colour.
    assert_eq!(
        sorted(AnnotationSort::Color),
        [
            "Kremlin worries",
            "tide pools",
            "tidewater",
            "charter signing",
            "border guards"
        ]
    );
    // By title, then in text order.
    let by_article = sorted(AnnotationSort::Article);
    let titles: Vec<String> = t
        .find_annotations(&AnnotationQuery {
            sort: AnnotationSort::Article,
            ..AnnotationQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.article_title)
        .collect();
    let mut sorted_titles = titles.clone();
    sorted_titles.sort_by_key(|s| s.to_lowercase());
    assert_eq!(titles, sorted_titles);
    let pos = |n: &str| by_article.iter().position(|x| x == n).unwrap();
    assert!(
        pos("tide pools") < pos("charter signing"),
        "text order in an article"
    );

    t.set_state(&ids[1..2], ReadingState::Archive).unwrap();
    let archived = AnnotationQuery {
        state: Some(ReadingState::Archive),
        ..AnnotationQuery::default()
    };
    assert_eq!(notes(&t, archived.clone()), ["tidewater", "border guards"]);
    assert_eq!(t.count_annotations(&archived).unwrap(), 2);
    let inbox = AnnotationQuery {
        state: Some(ReadingState::Inbox),
        ..AnnotationQuery::default()
    };
    assert_eq!(t.count_annotations(&inbox).unwrap(), 3);

    // Select all: the ids in the same order as the rows.
    let ids_of = t.annotation_ids(&archived).unwrap();
    let rows: Vec<String> = t
        .find_annotations(&archived)
        .unwrap()
        .into_iter()
        .map(|a| a.annotation.id)
        .collect();
    assert_eq!(ids_of, rows);

    // Pages add up to the count.
    let all = t.count_annotations(&AnnotationQuery::default()).unwrap();
    let mut seen = Vec::new();
    for offset in (0..all as u32).step_by(2) {
        seen.extend(notes(
            &t,
            AnnotationQuery {
                offset,
                limit: Some(2),
                ..AnnotationQuery::default()
            },
        ));
    }
    assert_eq!(seen.len() as u64, all);
    // The Trash is left out of both.
    t.trash_articles(&ids[..1], NOW).unwrap();
    assert_eq!(t.count_annotations(&AnnotationQuery::default()).unwrap(), 3);
    assert!(notes(&t, q("tide*")) == ["tidewater"]);
}

#[test]
fn titles_match_what_is_typed_in_any_case_and_script() {
    let t = temp_library();
    for title in [
        "Éclairs at Dawn",
        "The Eclipse",
        "Über Tide Pools",
        "Nothing here",
    ] {
        t.import_bytes(
            &format!("{title}.txt"),
            format!("{title}\n\nSome text.\n").as_bytes(),
            NOW,
        )
        .unwrap();
    }
    let find = |typed: &str| -> Vec<String> {
        t.list_articles(&ArticleQuery {
            title: Some(typed.into()),
            sort: ArticleSort::Title,
            ..ArticleQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect()
    };
    assert_eq!(find("ecl"), ["The Eclipse"]);
    assert_eq!(find("écl"), ["Éclairs at Dawn"]);
    assert_eq!(find("ÜBER"), ["Über Tide Pools"]);
    assert_eq!(find("  tide "), ["Über Tide Pools"]);
    assert_eq!(find("").len(), 4, "blank: no filter");
    assert_eq!(
        t.count_listed(&ArticleQuery {
            title: Some("t".into()),
            ..ArticleQuery::default()
        })
        .unwrap(),
        4
    );
}

/// The Unplaced count (its own query, on migration 11's index) agrees with
/// the rows the browser lists, and leaves the Trash out.
#[test]
fn the_unplaced_count_matches_the_unplaced_rows() {
    let (t, ids) = seeded();
    let unplaced = AnnotationQuery {
        orphans_only: true,
        ..Default::default()
    };
    assert_eq!(t.count_annotations(&unplaced).unwrap(), 0);
    for (article, q) in [
        (1, "territorial integrity"),
        (0, "Strategic Partnership Charter"),
    ] {
        t.create_highlight(
            &ids[article],
            &quote(q, 1),
            &AnnotationInput::default(),
            NOW,
        )
        .unwrap();
    }
    let text = std::str::from_utf8(SEED)
        .unwrap()
        .replace("territorial integrity", "other matters")
        .replace("Strategic Partnership Charter,", "charter,");
    t.import_bytes(SEED_NAME, text.as_bytes(), NOW).unwrap();
    let listed = t.find_annotations(&unplaced).unwrap().len() as u64;
    assert_eq!(listed, 2, "both lost their place");
    assert_eq!(t.count_annotations(&unplaced).unwrap(), listed);
    t.trash_articles(&ids[1..2], NOW).unwrap();
    assert_eq!(t.count_annotations(&unplaced).unwrap(), 1);
    assert_eq!(t.find_annotations(&unplaced).unwrap().len(), 1);
}
