//! Many at once, the Trash, and undo across IPC.

mod common;

use common::*;

fn list(h: &Harness, query: Value) -> Value {
    h.ok("list_articles", json!({ "query": query }))
}

#[test]
fn bulk_actions_the_trash_and_undo() {
    let h = harness();
    let ids: Vec<String> = h.article_ids();
    assert_eq!(
        h.ok("undo_state", json!({})),
        json!({"undo": null, "redo": null})
    );
    assert_eq!(
        h.call("undo", json!({})).unwrap_err()["code"],
        "nothing_to_undo"
    );

    // Tag, star and move three articles, each in one call.
    let three = &ids[..3];
    assert_eq!(
        h.ok("add_tags", json!({"ids": three, "tags": ["batch"]})),
        3
    );
    assert_eq!(
        h.ok("set_starred", json!({"ids": three, "starred": true})),
        3
    );
    assert_eq!(h.ok("set_state", json!({"ids": three, "to": "later"})), 3);
    assert_eq!(
        h.ok("undo_state", json!({}))["undo"],
        "Move 3 articles to Later"
    );
    assert_eq!(list(&h, json!({"state": "later"}))["total"], 3);
    // Select all: every id of the list, in its order.
    let all = h.ok(
        "list_article_ids",
        json!({"query": {"state": "later", "sort": "oldest"}}),
    );
    assert_eq!(all, json!(three));
    let undone = h.ok("undo", json!({}));
    assert_eq!(undone["label"], "Move 3 articles to Later");
    assert_eq!(undone["state"]["redo"], "Move 3 articles to Later");
    assert_eq!(undone["state"]["undo"], "Star 3 articles");
    assert_eq!(list(&h, json!({"state": "later"}))["total"], 0);
    h.ok("redo", json!({}));
    assert_eq!(list(&h, json!({"state": "later"}))["total"], 3);

    // Delete two: they go to the Trash, and come back.
    assert_eq!(h.ok("trash_articles", json!({"ids": &ids[..2]})), 2);
    // Of the four sample articles and the guide, three are left.
    assert_eq!(list(&h, json!({}))["total"], 3);
    let trash = list(&h, json!({"trashed": true}));
    assert_eq!(trash["total"], 2);
    assert!(trash["items"][0]["trashed_at"].is_string());
    assert_eq!(h.ok("list_tags", json!({}))[0]["articles"], 1);
    assert_eq!(h.ok("restore_articles", json!({"ids": &ids[..1]})), 1);
    assert_eq!(list(&h, json!({"trashed": true}))["total"], 1);
    h.ok("undo", json!({}));
    assert_eq!(list(&h, json!({"trashed": true}))["total"], 2);

    // Emptying is for good: the trash change can no longer be undone.
    assert_eq!(h.ok("empty_trash", json!({})), 2);
    assert_eq!(
        h.ok("undo_state", json!({}))["undo"],
        "Move 2 articles to the Trash"
    );
    let err = h.call("undo", json!({})).unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(list(&h, json!({}))["total"], 3);

    let gone = h.ok("delete_permanently", json!({"ids": &ids[2..3]}));
    assert_eq!(gone, json!({"articles": 1, "annotations": 0}));
    assert_eq!(list(&h, json!({}))["total"], 2);
}

#[test]
fn deleting_many_annotations_is_one_change() {
    let h = harness();
    let id = h.article_ids()[0].clone();
    let mut made = Vec::new();
    for (start, end) in [(0, 5), (10, 20), (30, 40)] {
        let a = h.ok(
            "create_highlight",
            json!({"articleId": id, "start": start, "end": end, "input": {}}),
        );
        made.push(a["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(h.ok("delete_annotations", json!({"ids": made})), 3);
    assert_eq!(
        h.ok("get_article", json!({"id": id}))["annotations"],
        json!([])
    );
    assert_eq!(h.ok("undo", json!({}))["label"], "Delete 3 highlights");
    assert_eq!(
        h.ok("get_article", json!({"id": id}))["annotations"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
