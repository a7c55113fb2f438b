mod common;

use common::*;
use marginalia_core::{AnnotationInput, ArticleQuery, SearchQuery, TagCount};

fn names(t: &TempLibrary) -> Vec<(String, i64, i64)> {
    t.tags()
        .unwrap()
        .into_iter()
        .map(
            |TagCount {
                 name,
                 articles,
                 annotations,
             }| (name, articles, annotations),
        )
        .collect()
}

#[test]
fn tags_are_trimmed_unique_case_insensitively_and_checked() {
    let (t, ids) = seeded();
    t.add_tags(
        &ids[0],
        &[
            "  Foreign   Policy ".into(),
            "foreign policy".into(),
            "ÉTÉ".into(),
        ],
        NOW,
    )
    .unwrap();
    t.add_tags(&ids[1], &["FOREIGN POLICY".into(), "été".into()], NOW)
        .unwrap();
    assert_eq!(
        names(&t),
        [("Foreign Policy".into(), 2, 0), ("ÉTÉ".into(), 2, 0)]
    );
    for bad in ["", "   ", "a,b"] {
        let err = t.add_tags(&ids[0], &[bad.into()], NOW).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad:?}");
    }
    assert_eq!(
        t.add_tags("nope", &["x".into()], NOW).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn annotations_and_articles_add_remove_list() {
    let (t, ids) = seeded();
    let note = t
        .create_note(
            &ids[0],
            &AnnotationInput {
                note: "n".into(),
                tags: vec!["todo".into()],
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    assert_eq!(note.tags, ["todo"]);
    t.add_tags(&note.id, &["later".into()], NOW).unwrap();
    t.add_tags(&ids[2], &["todo".into()], NOW).unwrap();
    assert_eq!(names(&t), [("later".into(), 0, 1), ("todo".into(), 1, 1)]);
    t.remove_tags(&note.id, &["TODO".into()], NOW).unwrap();
    assert_eq!(t.annotation(&note.id).unwrap().tags, ["later"]);
    let listed = t
        .list_articles(&ArticleQuery {
            tag: Some("Todo".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed.iter().map(|a| &a.id).collect::<Vec<_>>(), [&ids[2]]);
}

#[test]
fn rename_merge_delete_keep_search_in_step() {
    let (t, ids) = seeded();
    t.add_tags(&ids[0], &["geopolitcs".into()], NOW).unwrap();
    t.add_tags(&ids[1], &["geopolitics".into(), "caucasus".into()], NOW)
        .unwrap();
    let err = t.rename_tag("geopolitcs", "Geopolitics", NOW).unwrap_err();
    assert_eq!(
        err.code(),
        "invalid_input",
        "renaming onto another tag must be a merge"
    );

    t.merge_tags("geopolitcs", "geopolitics", NOW).unwrap();
    assert_eq!(
        names(&t),
        [("caucasus".into(), 1, 0), ("geopolitics".into(), 2, 0)]
    );

    t.rename_tag("caucasus", "South Caucasus", NOW).unwrap();
    let hits = t.search(&SearchQuery::new("south")).unwrap();
    assert!(
        hits.iter().any(|h| h.article_id == ids[1]),
        "renamed tag is searchable"
    );
    let hits = t
        .search(&SearchQuery {
            tag: Some("south caucasus".into()),
            ..SearchQuery::new("armenia")
        })
        .unwrap();
    assert_eq!(hits.len(), 1);

    t.delete_tag("geopolitics", NOW).unwrap();
    assert_eq!(names(&t), [("South Caucasus".into(), 1, 0)]);
    assert!(t.article(&ids[0]).unwrap().tags.is_empty());
    assert_eq!(
        t.delete_tag("geopolitics", NOW).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn colour_labels_are_editable() {
    let t = temp_library();
    let palette = t.colors().unwrap();
    assert_eq!(
        palette.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["yellow", "green", "blue", "pink", "purple"]
    );
    assert_eq!(palette[0].label, "key point");
    let c = t.set_color_label("pink", "  I   disagree ").unwrap();
    assert_eq!(c.label, "I disagree");
    assert_eq!(t.colors().unwrap()[3].label, "I disagree");
    assert_eq!(
        t.set_color_label("mauve", "x").unwrap_err().code(),
        "invalid_input"
    );
}

/// The counts `tags()` reports (kept by triggers) against the links counted
/// afresh, after every kind of change that adds or drops a link, including
/// the cascades of deleting an annotation, an article and a tag.
#[test]
fn tag_counts_follow_every_change() {
    let (t, ids) = seeded();
    let recount = |t: &TempLibrary| -> Vec<(String, i64, i64)> {
        let c = rusqlite::Connection::open(&t.path).unwrap();
        let mut stmt = c
            .prepare(
                "SELECT t.name,
                        (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id),
                        (SELECT count(*) FROM annotation_tags x WHERE x.tag_id = t.id)
                   FROM tags t ORDER BY t.norm",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let check = |t: &TempLibrary, want: &[(&str, i64, i64)]| {
        let got = names(t);
        assert_eq!(got, recount(t), "kept counts differ from the links");
        let want: Vec<(String, i64, i64)> =
            want.iter().map(|&(n, a, b)| (n.into(), a, b)).collect();
        assert_eq!(got, want);
    };
    let tagged = |tags: &[&str]| AnnotationInput {
        note: "n".into(),
        tags: tags.iter().map(|&s| s.into()).collect(),
        ..Default::default()
    };

    t.add_tags(&ids[0], &["alpha".into(), "beta".into()], NOW)
        .unwrap();
    t.add_tags(&ids[1], &["alpha".into()], NOW).unwrap();
    t.add_tags(&ids[1], &["ALPHA".into()], NOW).unwrap(); // already there
    let n1 = t
        .create_note(&ids[0], &tagged(&["alpha", "gamma"]), NOW)
        .unwrap();
    t.create_note(&ids[1], &tagged(&["gamma"]), NOW).unwrap();
    let n3 = t.create_note(&ids[2], &tagged(&["beta"]), NOW).unwrap();
    check(&t, &[("alpha", 2, 1), ("beta", 1, 1), ("gamma", 0, 2)]);

    t.remove_tags(&ids[0], &["beta".into()], NOW).unwrap();
    t.remove_tags(&n1.id, &["alpha".into()], NOW).unwrap();
    check(&t, &[("alpha", 2, 0), ("beta", 0, 1), ("gamma", 0, 2)]);

    // Deleting an annotation drops its links; restoring it brings them back.
    t.delete_annotation(&n3.id, NOW).unwrap();
    check(&t, &[("alpha", 2, 0), ("gamma", 0, 2)]);
    t.undo().unwrap();
    check(&t, &[("alpha", 2, 0), ("beta", 0, 1), ("gamma", 0, 2)]);

    // Deleting an article drops its links and its annotations' links.
    t.delete_article(&ids[1]).unwrap();
    check(&t, &[("alpha", 1, 0), ("beta", 0, 1), ("gamma", 0, 1)]);

    t.merge_tags("beta", "gamma", NOW).unwrap();
    check(&t, &[("alpha", 1, 0), ("gamma", 0, 2)]);
    t.rename_tag("gamma", "Delta", NOW).unwrap();
    check(&t, &[("alpha", 1, 0), ("Delta", 0, 2)]);
    t.delete_tag("alpha", NOW).unwrap();
    check(&t, &[("Delta", 0, 2)]);
}
