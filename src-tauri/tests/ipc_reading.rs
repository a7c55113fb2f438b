//! Reading state through Tauri's IPC on the mock runtime: states, the star,
//! the place read at, the counts and the lists they filter.

mod common;

use common::*;
use serde_json::json;

#[test]
fn states_stars_and_positions_cross_the_ipc() {
    let h = harness();
    let ids = h.article_ids();
    assert_eq!(ids.len(), 5, "four sample articles and the guide");
    assert_eq!(
        h.ok("set_state", json!({"ids": [ids[0], ids[1]], "to": "later"})),
        2
    );
    h.ok("set_starred", json!({"ids": [ids[2]], "starred": true}));
    let r = h.ok(
        "save_position",
        json!({"id": ids[3], "position": 40, "progress": 12}),
    );
    assert_eq!(r["position"], 40);
    assert_eq!(r["progress"], 12);
    assert!(r["opened_at"].is_string());
    let counts = h.ok("state_counts", json!({}));
    assert_eq!(
        counts,
        json!({"inbox": 3, "later": 2, "archive": 0, "starred": 1, "continue_reading": 1, "trash": 0})
    );
    let later = h.ok("list_articles", json!({"query": {"state": "later"}}));
    assert_eq!(later["total"], 2);
    assert!(
        later["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["state"] == "later")
    );
    let going = h.ok(
        "list_articles",
        json!({"query": {"continue_reading": true}}),
    );
    assert_eq!(going["items"][0]["id"], ids[3].as_str());
    let article = h.ok("get_article", json!({"id": ids[3]}));
    assert_eq!(article["article"]["position"], 40);
    // Bad input: an error the UI can branch on, nothing changed.
    let err = h
        .call(
            "set_state",
            json!({"ids": [ids[2], "nope"], "to": "archive"}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(
        h.call("set_state", json!({"ids": [ids[2]], "to": "bin"}))
            .is_err()
    );
    assert_eq!(h.ok("state_counts", json!({}))["archive"], 0);
}

#[test]
fn settings_session_and_edits_cross_the_ipc() {
    let h = harness();
    let ids = h.article_ids();
    let defaults = h.ok("reader_settings", json!({}));
    assert_eq!(defaults["font_size"], 18);
    assert_eq!(defaults["theme"], "system");
    let mine = json!({"font_size": 21, "line_width": 60, "line_spacing": 190,
                      "typeface": "sans", "theme": "sepia", "focus": true});
    h.ok("set_reader_settings", json!({"settings": mine}));
    assert_eq!(h.ok("reader_settings", json!({})), mine);
    let err = h
        .call(
            "set_reader_settings",
            json!({"settings": {"font_size": 90}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(h.ok("reader_settings", json!({})), mine);

    let session = json!({"list": "archive", "sort": "title", "tag": null,
                         "view": "orphans", "article_id": ids[2]});
    h.ok("save_session", json!({"session": session}));
    assert_eq!(h.ok("session", json!({})), session);

    let edited = h.ok(
        "edit_article",
        json!({"id": ids[0], "edit": {"title": "Renamed", "url": ""}}),
    );
    assert_eq!(edited["title"], "Renamed");
    assert!(edited["url"].is_null());
    let article = h.ok("get_article", json!({"id": ids[0]}));
    assert_eq!(article["article"]["title"], "Renamed");
    let hits = h.ok("search", json!({"query": {"text": "renamed"}}));
    assert_eq!(hits["hits"][0]["article_id"], ids[0].as_str());
    let err = h
        .call(
            "edit_article",
            json!({"id": ids[0], "edit": {"published": "May"}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
}
