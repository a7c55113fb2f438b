//! Undo and redo: every kind of change, undone, leaves the library as it
//! was before it (every table a user's data lives in, and what search
//! finds); redone, as it was after.

mod common;

use common::*;
use marginalia_core::{
    AnnotationInput, AnnotationPatch, ArticleEdit, Library, Passage, ReadingState, SearchQuery,
};
use rusqlite::Connection;
use time::Duration;

/// Everything a user could notice, in a canonical text form: the rows of
/// every table that holds their data (less the internal `seq` keys, which
/// a re-inserted row may change), and which articles and annotations a
/// set of searches finds.
fn dump(t: &TempLibrary) -> String {
    let c = Connection::open(&t.path).unwrap();
    let mut out = String::new();
    for sql in [
        "SELECT id, title, author, published, url, updated_at, trashed_at FROM articles ORDER BY id",
        "SELECT * FROM reading ORDER BY article_id",
        "SELECT id, article_id, kind, quote, prefix, suffix, start, \"end\", note, color,
                created_at, updated_at FROM annotations ORDER BY id",
        "SELECT id, name, norm, article_count, annotation_count FROM tags ORDER BY id",
        "SELECT * FROM article_tags ORDER BY 1, 2",
        "SELECT * FROM annotation_tags ORDER BY 1, 2",
    ] {
        let mut stmt = c.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
        out.push_str("--\n");
    }
    for q in [
        "Armenia",
        "Mirzoyan",
        "renamed",
        "zeitgeist",
        "pondered",
        "alpha",
        "beta",
        "gamma",
        "mixed",
    ] {
        let mut hits: Vec<String> = t
            .search(&SearchQuery {
                limit: 100,
                ..SearchQuery::new(q)
            })
            .unwrap()
            .into_iter()
            .map(|h| format!("{}/{:?}", h.article_id, h.annotation_id))
            .collect();
        hits.sort();
        out.push_str(&format!("{q}: {hits:?}\n"));
    }
    out
}

fn input(note: &str, tags: &[&str]) -> AnnotationInput {
    AnnotationInput {
        note: note.into(),
        color: None,
        tags: tags.iter().map(|s| s.to_string()).collect(),
    }
}

fn v(ids: &[&String]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

type Step = Box<dyn Fn(&Library, &Ctx)>;

/// Ids the steps work on, made before them.
struct Ctx {
    articles: Vec<String>,
    highlight: String,
    note: String,
    /// A note on an article no step trashes.
    extra: String,
}

#[test]
fn every_kind_of_change_undoes_and_redoes_to_equal_libraries() {
    let (t, ids) = seeded();
    let start = dump(&t);
    let h = t
        .create_highlight(
            &ids[0],
            &Passage::Quote {
                quote: "Armenia".into(),
                occurrence: Some(1),
            },
            &input("first thoughts", &["alpha"]),
            NOW,
        )
        .unwrap();
    let n = t
        .create_note(&ids[1], &input("an article note", &["beta"]), NOW)
        .unwrap();
    t.add_tags(&ids[2], &["gamma".into(), "alpha".into()], NOW)
        .unwrap();
    let extra = t
        .create_note(&ids[3], &input("mixed feelings", &["gamma"]), NOW)
        .unwrap();
    let ctx = Ctx {
        articles: ids.clone(),
        highlight: h.id,
        note: n.id,
        extra: extra.id,
    };
    let later = NOW + Duration::hours(1);
    let steps: Vec<(&str, Step)> = vec![
        (
            "create highlight with a new tag",
            Box::new(move |l, c| {
                l.create_highlight(
                    &c.articles[1],
                    &Passage::Quote {
                        quote: "Armenia".into(),
                        occurrence: Some(1),
                    },
                    &input("zeitgeist", &["delta", "alpha"]),
                    later,
                )
                .unwrap();
            }),
        ),
        (
            "create note",
            Box::new(move |l, c| {
                l.create_note(&c.articles[2], &input("pondered", &[]), later)
                    .unwrap();
            }),
        ),
        (
            "edit note",
            Box::new(move |l, c| {
                let patch = AnnotationPatch {
                    note: Some("zeitgeist again".into()),
                    color: None,
                };
                l.update_annotation(&c.highlight, &patch, later).unwrap();
            }),
        ),
        (
            "change colour",
            Box::new(move |l, c| {
                let patch = AnnotationPatch {
                    note: None,
                    color: Some("blue".into()),
                };
                l.update_annotation(&c.note, &patch, later).unwrap();
            }),
        ),
        (
            "recolour many",
            Box::new(move |l, c| {
                l.set_color(&v(&[&c.highlight, &c.note, &c.extra]), "purple", later)
                    .unwrap();
            }),
        ),
        (
            "re-attach",
            Box::new(move |l, c| {
                l.reattach(
                    &c.highlight,
                    &Passage::Quote {
                        quote: "Armenia".into(),
                        occurrence: Some(2),
                    },
                    later,
                )
                .unwrap();
            }),
        ),
        (
            "tag articles and an annotation at once",
            Box::new(move |l, c| {
                let ids = v(&[&c.articles[0], &c.articles[1], &c.highlight]);
                l.add_tags_to(&ids, &["mixed".into(), "beta".into()], later)
                    .unwrap();
            }),
        ),
        (
            "untag, dropping a tag nothing carries any more",
            Box::new(move |l, c| {
                let ids = v(&[&c.note, &c.articles[2]]);
                l.remove_tags_from(&ids, &["beta".into(), "gamma".into()], later)
                    .unwrap();
            }),
        ),
        (
            "rename tag",
            Box::new(move |l, _| l.rename_tag("alpha", "renamed", later).unwrap()),
        ),
        (
            "merge tags",
            Box::new(move |l, _| l.merge_tags("gamma", "renamed", later).unwrap()),
        ),
        (
            "delete tag",
            Box::new(move |l, _| l.delete_tag("renamed", later).unwrap()),
        ),
        (
            "change state",
            Box::new(move |l, c| {
                l.set_state(&c.articles[..3], ReadingState::Archive)
                    .unwrap();
            }),
        ),
        (
            "star",
            Box::new(move |l, c| {
                l.set_starred(&c.articles[1..3], true).unwrap();
            }),
        ),
        (
            "edit details",
            Box::new(move |l, c| {
                let edit = ArticleEdit {
                    title: Some("Renamed mixed title".into()),
                    author: Some("A. Writer".into()),
                    published: Some("2020-02-02".into()),
                    url: Some("https://example.org/a".into()),
                };
                l.edit_article(&c.articles[0], &edit, later).unwrap();
            }),
        ),
        (
            "move to the Trash",
            Box::new(move |l, c| {
                l.trash_articles(&c.articles[..2], later).unwrap();
            }),
        ),
        (
            "delete annotations",
            Box::new(move |l, c| {
                l.delete_annotations(&v(&[&c.highlight, &c.note]), later)
                    .unwrap();
            }),
        ),
        (
            "delete a mix",
            Box::new(move |l, c| {
                l.delete_items(&v(&[&c.articles[2], &c.extra]), later)
                    .unwrap();
            }),
        ),
    ];
    for (name, step) in &steps {
        let before = dump(&t);
        step(&t.lib, &ctx);
        let after = dump(&t);
        assert_ne!(before, after, "{name}: changed nothing");
        let undone = t.undo().unwrap();
        assert_eq!(dump(&t), before, "{name}: undo ({})", undone.label);
        t.redo().unwrap();
        assert_eq!(dump(&t), after, "{name}: redo");
        assert!(t.check_integrity().unwrap().is_empty(), "{name}");
    }
    // And all of them, back to the start and forward to the end.
    let end = dump(&t);
    let mut labels = Vec::new();
    while t.undo_state().undo.is_some() {
        labels.push(t.undo().unwrap().label);
    }
    assert_eq!(t.undo().unwrap_err().code(), "nothing_to_undo");
    assert!(labels.contains(&"Move 2 articles to the Trash".to_owned()));
    assert!(labels.contains(&"Rename tag \"alpha\"".to_owned()));
    // The changes made before the steps were undone too: back to the import.
    assert_eq!(dump(&t), start);
    assert!(t.find_annotations(&Default::default()).unwrap().is_empty());
    assert!(t.tags().unwrap().is_empty());
    while t.undo_state().redo.is_some() {
        t.redo().unwrap();
    }
    assert_eq!(dump(&t), end);
    assert_eq!(t.redo().unwrap_err().code(), "nothing_to_redo");
}

#[test]
fn typing_in_a_note_undoes_as_one_change_and_a_new_change_ends_redo() {
    let (t, ids) = seeded();
    let n = t.create_note(&ids[0], &input("", &[]), NOW).unwrap();
    for (i, text) in ["w", "wo", "word"].iter().enumerate() {
        let patch = AnnotationPatch {
            note: Some((*text).into()),
            color: None,
        };
        t.update_annotation(&n.id, &patch, NOW + Duration::seconds(i as i64 * 5))
            .unwrap();
    }
    assert_eq!(t.undo_state().undo.as_deref(), Some("Edit note"));
    t.undo().unwrap();
    assert_eq!(t.annotation(&n.id).unwrap().note, "");
    assert_eq!(t.undo_state().undo.as_deref(), Some("Add note"));
    // A note edited again much later is a change of its own.
    t.redo().unwrap();
    let patch = AnnotationPatch {
        note: Some("words".into()),
        color: None,
    };
    t.update_annotation(&n.id, &patch, NOW + Duration::minutes(10))
        .unwrap();
    t.undo().unwrap();
    assert_eq!(t.annotation(&n.id).unwrap().note, "word");
    assert_eq!(t.undo_state().redo.as_deref(), Some("Edit note"));
    t.set_state(&ids[..1], ReadingState::Later).unwrap();
    assert_eq!(t.undo_state().redo, None, "a new change clears redo");
}

#[test]
fn a_change_whose_article_was_deleted_for_good_cannot_be_undone_and_changes_nothing() {
    let (t, ids) = seeded();
    t.add_tags(&ids[1], &["kept".into()], NOW).unwrap();
    t.set_state(&ids[..2], ReadingState::Later).unwrap();
    t.delete_permanently(&ids[..1]).unwrap();
    let before = dump(&t);
    let err = t.undo().unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
    assert_eq!(dump(&t), before);
    // The change that failed is dropped; the one before it still undoes.
    t.undo().unwrap();
    assert!(t.tags().unwrap().is_empty());
}

#[test]
fn a_failed_change_records_nothing_and_unchanged_ones_are_not_steps() {
    let (t, ids) = seeded();
    let mut bad = ids[..2].to_vec();
    bad.push("no-such-article".into());
    assert_eq!(
        t.set_state(&bad, ReadingState::Archive).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(t.undo_state().undo, None);
    // Moving to the state it is already in changes nothing.
    t.set_state(&ids[..1], ReadingState::Inbox).unwrap();
    assert_eq!(t.undo_state().undo, None);
}
