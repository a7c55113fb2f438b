//! Library-wide settings, and the sample articles offered once per library.

mod common;

use common::*;

const SAMPLE: &[u8] = b"A Sample Article\n\nIts one paragraph.\n";

#[test]
fn settings_are_stored_replaced_and_kept() {
    let t = temp_library();
    assert_eq!(t.setting("theme").unwrap(), None);
    t.set_setting("theme", "sepia").unwrap();
    t.set_setting("theme", "dark").unwrap();
    assert_eq!(t.setting("theme").unwrap().as_deref(), Some("dark"));
    let path = t.path.clone();
    let again = marginalia_core::Library::open(&path).unwrap();
    assert_eq!(again.setting("theme").unwrap().as_deref(), Some("dark"));
}

#[test]
fn the_sample_is_offered_once_and_not_again_after_everything_is_deleted() {
    let t = temp_library();
    let first = t.offer_sample("sample.txt", SAMPLE, NOW).unwrap();
    assert_eq!(first.len(), 2, "the sample and the guide");
    for a in &first {
        t.delete_article(&a.id).unwrap();
    }
    assert!(t.is_empty().unwrap());
    assert!(
        t.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
    assert!(t.is_empty().unwrap(), "the emptied library stays empty");
}

#[test]
fn the_guide_is_listed_first_with_its_examples_and_nothing_to_undo() {
    use marginalia_core::{AnnotationQuery, ArticleQuery, WELCOME_TITLE};
    let t = temp_library();
    t.offer_sample("sample.txt", SAMPLE, NOW).unwrap();
    let listed = t.list_articles(&ArticleQuery::default()).unwrap();
    let titles: Vec<&str> = listed.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, [WELCOME_TITLE, "A Sample Article"]);
    let (guide, anns) = t.article_with_annotations(&listed[0].id).unwrap();
    let headings = guide.structure.as_ref().map_or(0, |d| {
        d.blocks
            .iter()
            .filter(|b| matches!(b.kind, marginalia_core::document::BlockKind::Heading { .. }))
            .count()
    });
    assert!(
        headings >= 8,
        "the guide has a heading per topic: {headings}"
    );
    let highlights: Vec<_> = anns.iter().filter(|a| a.quote.is_some()).collect();
    assert_eq!(highlights.len(), 3);
    for a in &highlights {
        let (s, e) = (a.start.unwrap() as usize, a.end.unwrap() as usize);
        let quoted: String = guide.text.chars().skip(s).take(e - s).collect();
        assert_eq!(
            Some(quoted.as_str()),
            a.quote.as_deref(),
            "anchored on its quote"
        );
    }
    let colours: std::collections::BTreeSet<&str> =
        highlights.iter().map(|a| a.color.as_str()).collect();
    assert_eq!(colours.len(), 3, "three colours shown: {colours:?}");
    assert!(
        anns.iter().any(|a| a.quote.is_none() && !a.note.is_empty()),
        "an article note"
    );
    assert!(highlights.iter().filter(|a| !a.note.is_empty()).count() >= 2);
    assert!(highlights.iter().any(|a| a.tags == ["guide"]));
    let q = AnnotationQuery {
        text: Some("exact phrase".into()),
        ..Default::default()
    };
    assert_eq!(
        t.count_annotations(&q).unwrap(),
        1,
        "its notes are searchable"
    );
    assert_eq!(t.undo().unwrap_err().code(), "nothing_to_undo");
}

#[test]
fn a_library_with_articles_is_not_offered_the_sample() {
    let t = temp_library();
    t.import_bytes("mine.txt", b"Mine\n\nMy own words.\n", NOW)
        .unwrap();
    assert!(
        t.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
    t.delete_article(&t.list_articles(&Default::default()).unwrap()[0].id)
        .unwrap();
    assert!(
        t.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_upgraded_library_that_holds_articles_counts_as_offered() {
    use common::old::{self, OldArticle};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite3");
    // Schema 5, as the release before settings left it.
    let mine = OldArticle {
        title: "Mine",
        text: "My own words.",
        tags: &[],
    };
    let id = old::write(&path, 5, &[mine], &[]).article_ids[0].clone();
    let lib = marginalia_core::Library::open(&path).unwrap();
    assert_eq!(lib.setting("sample_offered").unwrap().as_deref(), Some("1"));
    lib.delete_article(&id).unwrap();
    assert!(
        lib.offer_sample("sample.txt", SAMPLE, NOW)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn reader_settings_default_are_checked_and_kept() {
    use marginalia_core::{ReaderSettings, Theme, Typeface};
    let t = temp_library();
    let d = t.reader_settings().unwrap();
    assert_eq!(d, ReaderSettings::default());
    let mine = ReaderSettings {
        font_size: 22,
        line_width: 56,
        line_spacing: 200,
        typeface: Typeface::Sans,
        theme: Theme::Sepia,
        focus: true,
    };
    t.set_reader_settings(&mine).unwrap();
    let again = marginalia_core::Library::open(&t.path).unwrap();
    assert_eq!(again.reader_settings().unwrap(), mine);
    for bad in [
        ReaderSettings {
            font_size: 4,
            ..mine
        },
        ReaderSettings {
            line_width: 200,
            ..mine
        },
        ReaderSettings {
            line_spacing: 90,
            ..mine
        },
    ] {
        let err = t.set_reader_settings(&bad).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{err}");
    }
    assert_eq!(t.reader_settings().unwrap(), mine);
    // What another version wrote and this one cannot read gives the defaults;
    // a missing field takes its default.
    t.set_setting("reader", r#"{"font_size":20,"theme":"neon"}"#)
        .unwrap();
    assert_eq!(t.reader_settings().unwrap(), ReaderSettings::default());
    t.set_setting("reader", r#"{"font_size":20}"#).unwrap();
    assert_eq!(t.reader_settings().unwrap().font_size, 20);
    assert_eq!(t.reader_settings().unwrap().line_width, 68);
}

#[test]
fn the_session_is_kept_and_forgets_a_deleted_article() {
    use marginalia_core::{ArticleSort, ListName, Session, ViewName};
    let (t, ids) = seeded();
    assert_eq!(t.session().unwrap(), Session::default());
    let s = Session {
        list: ListName::Later,
        sort: ArticleSort::Author,
        tag: Some("policy".into()),
        view: ViewName::Orphans,
        article_id: Some(ids[1].clone()),
    };
    t.save_session(&s).unwrap();
    assert_eq!(t.session().unwrap(), s);
    t.delete_article(&ids[1]).unwrap();
    assert_eq!(t.session().unwrap().article_id, None);
    assert_eq!(t.session().unwrap().list, ListName::Later);
    let bad = Session {
        tag: Some("  ".into()),
        ..s
    };
    assert_eq!(t.save_session(&bad).unwrap_err().code(), "invalid_input");
}
