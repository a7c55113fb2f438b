//! Reading state through Tauri's IPC on the mock runtime: states, the star,
//! the place read at, the counts and the lists they filter.

mod common;

use common::*;
use serde_json::json;

#[test]
fn states_stars_and_positions_cross_the_ipc() {
    let h = harness();
    let ids = h.article_ids();
    assert_eq!(ids.len(), 4);
    assert_eq!(
        h.ok("set_state", json!({"ids": [ids[0], ids[1]], "to": "later"})),
        2
    );
    h.ok("set_starred", json!({"id": ids[2], "starred": true}));
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
        json!({"inbox": 2, "later": 2, "archive": 0, "starred": 1, "continue_reading": 1})
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
