//! Reading state: Inbox, Later, Archive, the star, the place last read at
//! and the percentage read; the lists they make and their counts.

mod common;

use common::*;
use marginalia_core::{ArticleQuery, ArticleSort, ReadingState, StateCounts};
use time::macros::datetime;

fn titles(t: &TempLibrary, q: &ArticleQuery) -> Vec<String> {
    t.list_articles(q)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect()
}

#[test]
fn new_articles_are_in_the_inbox_and_move_between_lists() {
    let (t, ids) = seeded();
    let a = t.article(&ids[0]).unwrap();
    assert_eq!(a.reading.state, ReadingState::Inbox);
    assert!(!a.reading.starred);
    assert_eq!(a.reading.position, None);
    assert_eq!(t.set_state(&ids[..2], ReadingState::Archive).unwrap(), 2);
    assert_eq!(t.set_state(&ids[..1], ReadingState::Archive).unwrap(), 0);
    t.set_state(&ids[2..3], ReadingState::Later).unwrap();
    t.set_starred(&ids[3..4], true).unwrap();
    let inbox = ArticleQuery {
        state: Some(ReadingState::Inbox),
        ..Default::default()
    };
    let list = t.list_articles(&inbox).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, ids[3]);
    assert!(list[0].reading.starred);
    assert_eq!(t.count_listed(&inbox).unwrap(), 1);
    let starred = ArticleQuery {
        starred: true,
        ..Default::default()
    };
    assert_eq!(t.count_listed(&starred).unwrap(), 1);
    assert_eq!(
        t.state_counts().unwrap(),
        StateCounts {
            inbox: 1,
            later: 1,
            archive: 2,
            starred: 1,
            continue_reading: 0,
            trash: 0
        }
    );
    // One unknown id and nothing changes.
    let err = t
        .set_state(&[ids[3].clone(), "nope".into()], ReadingState::Later)
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(
        t.article(&ids[3]).unwrap().reading.state,
        ReadingState::Inbox
    );
    assert_eq!(
        ReadingState::parse("Archive").unwrap(),
        ReadingState::Archive
    );
    assert!(ReadingState::parse("bin").is_err());
}

#[test]
fn the_place_read_at_is_kept_and_continue_reading_lists_what_is_unfinished() {
    let (t, ids) = seeded();
    let early = datetime!(2026-12-01 10:00 UTC);
    let later = datetime!(2026-12-02 10:00 UTC);
    let r = t.save_position(&ids[1], 120, 40, early).unwrap();
    assert_eq!((r.position, r.progress), (Some(120), Some(40)));
    assert_eq!(r.opened_at.as_deref(), Some("2026-12-01T10:00:00.000Z"));
    t.save_position(&ids[2], 10, 99, later).unwrap();
    t.save_position(&ids[3], 5, 3, later).unwrap();
    // Past the end is kept at the end; over 100 % at 100.
    let len = t.article(&ids[0]).unwrap().text.chars().count() as u32;
    let end = t.save_position(&ids[0], u32::MAX, 250, early).unwrap();
    assert_eq!((end.position, end.progress), (Some(len), Some(100)));
    let going = ArticleQuery {
        continue_reading: true,
        sort: ArticleSort::Opened,
        ..Default::default()
    };
    let got: Vec<String> = t
        .list_articles(&going)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(
        got,
        [ids[3].clone(), ids[1].clone()],
        "newest opened first, finished left out"
    );
    let by_progress = ArticleQuery {
        sort: ArticleSort::Progress,
        ..Default::default()
    };
    assert_eq!(t.list_articles(&by_progress).unwrap()[0].id, ids[0]);
    // Kept across a reopen.
    let again = marginalia_core::Library::open(&t.path).unwrap();
    assert_eq!(again.article(&ids[1]).unwrap().reading.position, Some(120));
    assert_eq!(
        t.save_position("nope", 1, 1, early).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn lists_sort_by_author_and_published_date_unknowns_last() {
    let t = temp_library();
    for (name, md) in [
        (
            "a.md",
            "---\ntitle: Alpha\nauthor: Zoe\ndate: 2020-01-01\n---\nText a.\n",
        ),
        (
            "b.md",
            "---\ntitle: Beta\nauthor: adam\ndate: 2024-05-01\n---\nText b.\n",
        ),
        ("c.md", "---\ntitle: Gamma\n---\nText c.\n"),
    ] {
        t.import_bytes(name, md.as_bytes(), NOW).unwrap();
    }
    let by = |sort| {
        titles(
            &t,
            &ArticleQuery {
                sort,
                ..Default::default()
            },
        )
    };
    assert_eq!(by(ArticleSort::Author), ["Beta", "Alpha", "Gamma"]);
    assert_eq!(by(ArticleSort::Published), ["Beta", "Alpha", "Gamma"]);
}

#[test]
fn an_upgraded_library_puts_every_article_in_the_inbox_and_deletes_follow() {
    use common::old::{self, OldArticle};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.sqlite3");
    let articles: Vec<OldArticle<'_>> = ["One", "Two", "Three"]
        .into_iter()
        .map(|title| OldArticle {
            title,
            text: "Some words.",
            tags: &[],
        })
        .collect();
    let ids = old::write(&path, 6, &articles, &[]).article_ids;
    let lib = marginalia_core::Library::open(&path).unwrap();
    assert_eq!(lib.state_counts().unwrap().inbox, ids.len() as u64);
    lib.delete_article(&ids[0]).unwrap();
    assert_eq!(lib.state_counts().unwrap().inbox, ids.len() as u64 - 1);
}
