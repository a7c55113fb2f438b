//! The Trash: a deleted article keeps its highlights, notes and tags, is
//! out of lists, counts, search and exports, comes back whole, and goes for
//! good when emptied or 30 days old.

mod common;

use common::*;
use marginalia_core::{
    AnnotationInput, ArticleQuery, ExportOptions, ImportStatus, Passage, ReadingState, SearchQuery,
    TRASH_DAYS,
};
use time::Duration;

fn hits(t: &TempLibrary, q: &str) -> Vec<String> {
    t.search(&SearchQuery::new(q))
        .unwrap()
        .into_iter()
        .map(|h| h.article_id)
        .collect()
}

fn exported_rows(t: &TempLibrary) -> usize {
    let mut out = Vec::new();
    t.export_csv(&mut out, &ExportOptions::default()).unwrap();
    String::from_utf8(out).unwrap().lines().count() - 1
}

fn listed(t: &TempLibrary, q: ArticleQuery) -> Vec<String> {
    t.list_articles(&q)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect()
}

/// Article 0 with a tagged highlight and a note, tagged itself, in Later.
fn prepared() -> (TempLibrary, Vec<String>) {
    let (t, ids) = seeded();
    let input = AnnotationInput {
        note: "zeitgeist".into(),
        color: None,
        tags: vec!["hl-tag".into()],
    };
    let quote = Passage::Quote {
        quote: "Armenia".into(),
        occurrence: Some(1),
    };
    t.create_highlight(&ids[0], &quote, &input, NOW).unwrap();
    t.create_note(&ids[0], &AnnotationInput::default(), NOW)
        .unwrap();
    t.add_tags(&ids[0], &["shared".into()], NOW).unwrap();
    t.add_tags(&ids[1], &["shared".into()], NOW).unwrap();
    t.set_state(&ids[..1], ReadingState::Later).unwrap();
    (t, ids)
}

#[test]
fn a_trashed_article_is_out_of_everything_and_comes_back_whole() {
    let (t, ids) = prepared();
    assert_eq!(exported_rows(&t), 2);
    let before = t.article_with_annotations(&ids[0]).unwrap();
    assert_eq!(t.trash_articles(&ids[..1], NOW).unwrap(), 1);
    // Again: already there, nothing moves.
    assert_eq!(t.trash_articles(&ids[..1], NOW).unwrap(), 0);

    assert!(!listed(&t, ArticleQuery::default()).contains(&ids[0]));
    assert_eq!(t.count_articles(None).unwrap(), 3);
    assert_eq!(t.count_articles(Some("shared")).unwrap(), 1);
    assert_eq!(t.state_counts().unwrap().later, 0);
    assert_eq!(
        listed(
            &t,
            ArticleQuery {
                state: Some(ReadingState::Later),
                ..ArticleQuery::default()
            }
        ),
        Vec::<String>::new()
    );
    assert!(hits(&t, "zeitgeist").is_empty());
    assert!(!hits(&t, "Blinken").contains(&ids[0]));
    assert_eq!(exported_rows(&t), 0);
    assert!(t.find_annotations(&Default::default()).unwrap().is_empty());
    let tags: Vec<_> = t
        .tags()
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.articles, c.annotations))
        .collect();
    assert_eq!(
        tags,
        [("shared".to_owned(), 1, 0)],
        "hl-tag only in the Trash"
    );

    let trash = t
        .list_articles(&ArticleQuery {
            trashed: true,
            ..ArticleQuery::default()
        })
        .unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].id, ids[0]);
    assert_eq!(
        trash[0].trashed_at.as_deref(),
        Some("2026-11-28T10:00:00.000Z")
    );
    assert_eq!(
        t.count_listed(&ArticleQuery {
            trashed: true,
            ..ArticleQuery::default()
        })
        .unwrap(),
        1
    );

    assert_eq!(t.restore_articles(&ids[..1], NOW).unwrap(), 1);
    let after = t.article_with_annotations(&ids[0]).unwrap();
    assert_eq!(after, before);
    assert_eq!(hits(&t, "zeitgeist"), [ids[0].clone()]);
    assert!(hits(&t, "Blinken").contains(&ids[0]));
    assert_eq!(exported_rows(&t), 2);
    assert_eq!(t.state_counts().unwrap().later, 1);
    assert!(t.check_integrity().unwrap().is_empty());
}

#[test]
fn emptying_purging_and_deleting_for_good() {
    let (t, ids) = prepared();
    t.trash_articles(&ids[..2], NOW).unwrap();
    t.trash_articles(&ids[2..3], NOW + Duration::days(10))
        .unwrap();
    // 30 days after the first two went, only they go.
    let purged = t
        .purge_trash(NOW + Duration::days(TRASH_DAYS) + Duration::minutes(1))
        .unwrap();
    assert_eq!(purged, 2);
    assert!(t.article(&ids[0]).is_err());
    assert!(t.article(&ids[2]).is_ok());
    assert!(t.tags().unwrap().is_empty(), "tags of deleted articles go");
    assert_eq!(t.empty_trash().unwrap(), 1);
    assert!(t.article(&ids[2]).is_err());
    // Deleting for good skips the Trash.
    let gone = t.delete_permanently(&ids[3..4]).unwrap();
    assert_eq!((gone.articles, gone.annotations), (1, 0));
    assert_eq!(t.count_articles(None).unwrap(), 0);
    assert_eq!(
        t.delete_permanently(&["nope".into()]).unwrap_err().code(),
        "not_found"
    );
    assert!(t.check_integrity().unwrap().is_empty());
}

#[test]
fn deleting_a_mix_trashes_articles_and_deletes_annotations_in_one_undoable_change() {
    let (t, ids) = prepared();
    let note = t
        .create_note(&ids[2], &AnnotationInput::default(), NOW)
        .unwrap();
    let deleted = t
        .delete_items(&[ids[1].clone(), note.id.clone()], NOW)
        .unwrap();
    assert_eq!((deleted.articles, deleted.annotations), (1, 1));
    assert!(t.annotation(&note.id).is_err());
    assert_eq!(t.undo_state().undo.as_deref(), Some("Delete 2 items"));
    t.undo().unwrap();
    assert!(t.annotation(&note.id).is_ok());
    assert!(listed(&t, ArticleQuery::default()).contains(&ids[1]));
    // An unknown id: nothing at all is deleted.
    let err = t
        .delete_items(&[ids[1].clone(), "nope".into()], NOW)
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(listed(&t, ArticleQuery::default()).contains(&ids[1]));
}

#[test]
fn importing_what_is_in_the_trash_takes_it_out() {
    let (t, ids) = prepared();
    t.trash_articles(&ids, NOW).unwrap();
    assert_eq!(t.count_articles(None).unwrap(), 0);
    let again = t.import_bytes(SEED_NAME, SEED, NOW).unwrap();
    assert!(again.iter().all(|a| a.status == ImportStatus::Unchanged));
    assert_eq!(t.count_articles(None).unwrap(), 4);
    assert_eq!(hits(&t, "zeitgeist"), [ids[0].clone()]);
}
