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
    let err = t.rename_tag("geopolitcs", "Geopolitics").unwrap_err();
    assert_eq!(
        err.code(),
        "invalid_input",
        "renaming onto another tag must be a merge"
    );

    t.merge_tags("geopolitcs", "geopolitics").unwrap();
    assert_eq!(
        names(&t),
        [("caucasus".into(), 1, 0), ("geopolitics".into(), 2, 0)]
    );

    t.rename_tag("caucasus", "South Caucasus").unwrap();
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

    t.delete_tag("geopolitics").unwrap();
    assert_eq!(names(&t), [("South Caucasus".into(), 1, 0)]);
    assert!(t.article(&ids[0]).unwrap().tags.is_empty());
    assert_eq!(t.delete_tag("geopolitics").unwrap_err().code(), "not_found");
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
