//! Editing an article's title, author, published date and address; the
//! search index follows the title, and a bad field changes nothing.

mod common;

use common::*;
use marginalia_core::{ArticleEdit, ArticleQuery, ArticleSort, SearchQuery};
use time::macros::datetime;

fn search_titles(t: &TempLibrary, q: &str) -> Vec<String> {
    t.search(&SearchQuery {
        text: q.into(),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|h| h.title)
    .collect()
}

#[test]
fn edits_change_the_fields_named_and_keep_the_others() {
    let (t, ids) = seeded();
    let before = t.article(&ids[0]).unwrap();
    let later = datetime!(2026-12-01 09:00:00 UTC);
    let after = t
        .edit_article(
            &ids[0],
            &ArticleEdit {
                title: Some("  Quillwort   treaty  ".into()),
                author: Some("Ana Petrosyan".into()),
                published: Some("2021-03-04".into()),
                url: Some("https://example.org/news/1".into()),
            },
            later,
        )
        .unwrap();
    assert_eq!(after.title, "Quillwort treaty");
    assert_eq!(after.author.as_deref(), Some("Ana Petrosyan"));
    assert_eq!(after.published.as_deref(), Some("2021-03-04"));
    assert_eq!(after.url.as_deref(), Some("https://example.org/news/1"));
    assert_eq!(after.updated_at, "2026-12-01T09:00:00.000Z");
    let stored = t.article(&ids[0]).unwrap();
    assert_eq!(
        (
            &stored.title,
            &stored.author,
            &stored.published,
            &stored.url
        ),
        (&after.title, &after.author, &after.published, &after.url)
    );
    assert_eq!(stored.text, before.text);
    assert_eq!(stored.source, before.source);

    // Only the author: the rest stays; a blank author clears it.
    let only = t
        .edit_article(
            &ids[0],
            &ArticleEdit {
                author: Some("   ".into()),
                ..Default::default()
            },
            later,
        )
        .unwrap();
    assert_eq!(only.author, None);
    assert_eq!(only.title, "Quillwort treaty");
    assert_eq!(only.published.as_deref(), Some("2021-03-04"));
}

#[test]
fn the_search_index_follows_the_title() {
    let t = temp_library();
    let id = t
        .import_bytes(
            "zanzibar.md",
            b"---\ntitle: Zanzibar notes\n---\n\nA body about rivers and their banks.\n",
            NOW,
        )
        .unwrap()[0]
        .id
        .clone();
    assert_eq!(search_titles(&t, "zanzibar"), vec!["Zanzibar notes"]);
    assert!(search_titles(&t, "quillwort").is_empty());
    t.edit_article(
        &id,
        &ArticleEdit {
            title: Some("Quillwort and the river".into()),
            ..Default::default()
        },
        NOW,
    )
    .unwrap();
    assert_eq!(
        search_titles(&t, "quillwort"),
        vec!["Quillwort and the river"]
    );
    assert!(search_titles(&t, "zanzibar").is_empty());
    assert_eq!(search_titles(&t, "banks"), vec!["Quillwort and the river"]);
}

#[test]
fn the_list_sorts_by_the_edited_fields() {
    let (t, ids) = seeded();
    for (id, author, date) in [(&ids[0], "Zed", "1999"), (&ids[1], "Abe", "2030-01")] {
        t.edit_article(
            id,
            &ArticleEdit {
                author: Some(author.into()),
                published: Some(date.into()),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    }
    let first = |sort| {
        t.list_articles(&ArticleQuery {
            sort,
            ..Default::default()
        })
        .unwrap()[0]
            .id
            .clone()
    };
    assert_eq!(first(ArticleSort::Author), ids[1]);
    assert_eq!(first(ArticleSort::Published), ids[1]);
}

#[test]
fn a_bad_field_changes_nothing() {
    let (t, ids) = seeded();
    let before = t.article(&ids[0]).unwrap();
    for (edit, code) in [
        (
            ArticleEdit {
                title: Some(" ".into()),
                author: Some("Someone".into()),
                ..Default::default()
            },
            "invalid_input",
        ),
        (
            ArticleEdit {
                title: Some("Fine".into()),
                published: Some("last Tuesday".into()),
                ..Default::default()
            },
            "invalid_input",
        ),
        (
            ArticleEdit {
                published: Some("2021-02-30".into()),
                ..Default::default()
            },
            "invalid_input",
        ),
        (
            ArticleEdit {
                url: Some("javascript:alert(1)".into()),
                ..Default::default()
            },
            "invalid_input",
        ),
        (
            ArticleEdit {
                title: Some("x".repeat(1001)),
                ..Default::default()
            },
            "invalid_input",
        ),
    ] {
        let err = t.edit_article(&ids[0], &edit, NOW).unwrap_err();
        assert_eq!(err.code(), code, "{edit:?}: {err}");
    }
    assert_eq!(t.article(&ids[0]).unwrap(), before);
    let missing = t
        .edit_article(
            "nope",
            &ArticleEdit {
                title: Some("A".into()),
                ..Default::default()
            },
            NOW,
        )
        .unwrap_err();
    assert_eq!(missing.code(), "not_found");
}

#[test]
fn dates_in_every_accepted_form_are_kept_as_given() {
    let (t, ids) = seeded();
    for date in [
        "2020",
        "2020-07",
        "2020-07-15",
        "2020-07-15T08:30:00Z",
        "2020-07-15T08:30:00+02:00",
    ] {
        let a = t
            .edit_article(
                &ids[0],
                &ArticleEdit {
                    published: Some(date.into()),
                    ..Default::default()
                },
                NOW,
            )
            .unwrap();
        assert_eq!(a.published.as_deref(), Some(date));
    }
    let cleared = t
        .edit_article(
            &ids[0],
            &ArticleEdit {
                published: Some(String::new()),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    assert_eq!(cleared.published, None);
}
