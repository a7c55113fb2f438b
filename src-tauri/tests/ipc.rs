//! Every command through Tauri's IPC on the mock runtime, against a real
//! library file, with the app's real capabilities (generate_context!).

mod common;

use common::*;

#[test]
fn first_run_imports_the_sample() {
    let h = harness();
    let info = h.ok("library_info", json!({}));
    assert_eq!(
        info["article_count"], 5,
        "four sample articles and the guide"
    );
    assert!(info["path"].as_str().unwrap().ends_with("lib.sqlite3"));
    let page = h.ok(
        "list_articles",
        json!({"query": {"sort": "title", "limit": 2}}),
    );
    assert_eq!(page["total"], 5);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        page["items"][0]["title"],
        "Armenia and US Sign Strategic Partnership Charter"
    );
}

/// A library from before migration 8 is upgraded as the app opens it, on
/// the opening thread: meanwhile `opening_progress` answers at once with how
/// far it has come, and `null` once the library is open.
#[test]
fn an_upgrade_at_opening_reports_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v7.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for m in &marginalia_core::MIGRATIONS[..7] {
            conn.execute_batch(m).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 7;
             INSERT INTO settings (key, value) VALUES ('sample_offered', '1');
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO articles (seq, id, title, source, imported_at, updated_at, text, content_hash)
             SELECT i, 'a' || i, 'Article ' || i, 'old.txt', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',
                    printf('Tide pools, number %d. ', i) || hex(randomblob(300)), 'h' || i FROM n;
             INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
             SELECT seq * 2, title, text, '', 'article', id FROM articles;",
        )
        .unwrap();
    }
    let opened = db.clone();
    let h = harness_with(LibraryState::open_in_background(move || Ok(opened)), dir);
    let started = std::time::Instant::now();
    let mut seen: Vec<Value> = Vec::new();
    loop {
        let p = h.ok("opening_progress", json!({}));
        if p.is_null() && !seen.is_empty() {
            break;
        }
        if !p.is_null() {
            seen.push(p);
        }
        assert!(started.elapsed().as_secs() < 120, "no end to the upgrade");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(seen.iter().all(|p| p["total"] == 3000), "{seen:?}");
    let done: Vec<u64> = seen.iter().map(|p| p["done"].as_u64().unwrap()).collect();
    assert!(done.windows(2).all(|w| w[0] <= w[1]), "{done:?}");
    let info = h.ok("library_info", json!({}));
    assert_eq!(info["article_count"], 3000);
    assert_eq!(info["schema_version"], marginalia_core::SCHEMA_VERSION);
    let hits = h.ok("search", json!({"query": {"text": "\"number 2999\""}}));
    assert_eq!(hits["hits"][0]["article_id"], "a2999");
}

#[test]
fn highlight_lifecycle() {
    let h = harness();
    let id = h.articles()[0]["id"].as_str().unwrap().to_owned();
    let view = h.ok("get_article", json!({"id": id}));
    let text = view["article"]["text"].as_str().unwrap();
    let at = text.find("robust framework").unwrap();
    let start = text[..at].chars().count();
    let hl = h.ok(
        "create_highlight",
        json!({"articleId": id, "start": start, "end": start + 16,
               "input": {"note": "*why* robust?", "color": "green", "tags": ["framing"]}}),
    );
    assert_eq!(hl["quote"], "robust framework");
    assert_eq!(hl["color"], "green");
    assert_eq!(hl["note_html"], "<p><em>why</em> robust?</p>\n");
    let hid = hl["id"].as_str().unwrap().to_owned();

    let edited = h.ok(
        "update_annotation",
        json!({"id": hid, "patch": {"color": "pink", "note": "changed"}}),
    );
    assert_eq!(
        (edited["color"].as_str(), edited["note"].as_str()),
        (Some("pink"), Some("changed"))
    );
    let moved = h.ok(
        "reattach_highlight",
        json!({"id": hid, "start": 0, "end": 8}),
    );
    assert_eq!(moved["start"], 0);

    let found = h.ok("find_annotations", json!({"query": {"color": "pink"}}));
    assert_eq!(found[0]["id"], hid.as_str());
    assert_eq!(
        found[0]["article_title"],
        "Armenia and US Sign Strategic Partnership Charter"
    );

    let deleted = h.ok("delete_annotation", json!({"id": hid}));
    assert_eq!(
        h.ok("get_article", json!({"id": id}))["annotations"],
        json!([])
    );
    assert_eq!(deleted["id"], hid.as_str());
    let undone = h.ok("undo", json!({}));
    assert_eq!(undone["label"], "Delete highlight");
    assert_eq!(undone["annotations"], json!([hid]));
    let restored = h.ok("get_article", json!({"id": id}))["annotations"][0].clone();
    assert_eq!(restored["tags"], json!(["framing"]));
    assert_eq!(
        h.ok("get_article", json!({"id": id}))["annotations"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let note = h.ok(
        "create_note",
        json!({"articleId": id, "input": {"note": "overall **good**"}}),
    );
    assert_eq!(note["kind"], "note");
    assert_eq!(note["note_html"], "<p>overall <strong>good</strong></p>\n");
    let page = h.ok("search", json!({"query": {"text": "overall"}}));
    let hits = &page["hits"];
    assert_eq!(hits[0]["kind"], "note");
    assert_eq!(hits[0]["annotation_id"], note["id"]);
    // The note's snippet without its Markdown marks; the total counted.
    assert_eq!(hits[0]["snippet"], "<mark>overall</mark> good");
    assert_eq!(page["total"], 1);

    h.ok("trash_articles", json!({"ids": [id]}));
    assert_eq!(h.articles().len(), 4);
}

#[test]
fn tags_and_colours() {
    let h = harness();
    let ids = h.article_ids();
    h.ok(
        "add_tags",
        json!({"ids": [ids[0]], "tags": ["Policy", "draft"]}),
    );
    h.ok("add_tags", json!({"ids": [ids[1]], "tags": ["policy"]}));
    h.ok("remove_tags", json!({"ids": [ids[0]], "tags": ["draft"]}));
    assert_eq!(
        h.ok("list_tags", json!({})),
        json!([
            {"name": "guide", "articles": 0, "annotations": 1},
            {"name": "Policy", "articles": 2, "annotations": 0}
        ])
    );
    h.ok("add_tags", json!({"ids": [ids[2]], "tags": ["us"]}));
    h.ok(
        "rename_tag",
        json!({"old": "policy", "new": "foreign policy"}),
    );
    h.ok(
        "merge_tags",
        json!({"from": "us", "into": "foreign policy"}),
    );
    assert_eq!(h.ok("list_tags", json!({}))[0]["articles"], 3);
    h.ok("delete_tag", json!({"name": "Foreign Policy"}));
    assert_eq!(
        h.ok("list_tags", json!({})),
        json!([{"name": "guide", "articles": 0, "annotations": 1}]),
        "the guide's example tag is all that is left"
    );

    let colors = h.ok("list_colors", json!({}));
    assert_eq!(colors.as_array().unwrap().len(), 5);
    let c = h.ok(
        "set_color_label",
        json!({"name": "blue", "label": "background"}),
    );
    assert_eq!(
        c,
        json!({"name": "blue", "label": "background", "hex": "#6fa8e8"})
    );
}

#[test]
fn import_and_export_files() {
    let h = harness();
    let good = h.path("good.md");
    std::fs::write(&good, "# Imported Here\n\nFresh text about glaciers.\n").unwrap();
    let bad = h.path("bad.txt");
    std::fs::write(&bad, b"\0\0\0binary").unwrap();
    // A Channel arrives from JS as this string; the mock webview swallows the messages.
    let token = h.choose_to_open(&[good, bad, h.path("missing.txt")]);
    let report = h.ok(
        "import_files",
        json!({"token": token, "onProgress": "__CHANNEL__:7"}),
    );
    assert_eq!(
        report[0]["file"], "good.md",
        "the page gets names, not paths"
    );
    assert_eq!(report[0]["articles"][0]["status"], "added");
    assert_eq!(report[0]["error"], Value::Null);
    assert_eq!(report[1]["error"]["code"], "unsupported_file");
    assert_eq!(report[2]["error"]["code"], "io");
    assert_eq!(h.articles().len(), 6);

    let id = h.articles()[5]["id"].as_str().unwrap().to_owned();
    h.ok(
        "create_note",
        json!({"articleId": id, "input": {"note": "=cold"}}),
    );
    let out = h.path("out.csv");
    let token = h.choose_to_save(&out);
    let summary = h.ok(
        "export_csv",
        json!({"token": token, "options": {"format": "full", "bom": true}}),
    );
    // This note, and the guide's three example highlights and article note.
    assert_eq!(summary, json!({"rows": 5, "skipped_without_highlight": 0}));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("\u{feff}annotation_id,kind,"));
    assert!(csv.contains(",'=cold,"), "{csv}");
    let token = h.choose_to_save(&h.path("rw.csv"));
    let rw = h.ok(
        "export_csv",
        json!({"token": token, "options": {"format": "readwise"}}),
    );
    assert_eq!(rw, json!({"rows": 3, "skipped_without_highlight": 2}));
}

/// Paths reach the commands only from the dialogs Rust opens (or a drop):
/// a path from the page, a token never given, a token used twice, and the
/// dialog plugin called from the page are all refused, and nothing is read
/// or written.
#[test]
fn files_the_user_did_not_choose_are_refused() {
    let h = harness();
    let secret = h.path("id_rsa");
    std::fs::write(&secret, "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n").unwrap();
    let before = h.articles().len();

    let e = h
        .call(
            "import_files",
            json!({"paths": [secret], "onProgress": "__CHANNEL__:7"}),
        )
        .unwrap_err();
    assert!(e.to_string().contains("token"), "{e}");
    let e = h
        .call(
            "import_files",
            json!({"token": "made-up", "onProgress": "__CHANNEL__:7"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "not_chosen", "{e}");

    let target = h.path("overwritten.csv");
    std::fs::write(&target, "precious").unwrap();
    let e = h
        .call(
            "export_csv",
            json!({"path": target, "options": {"format": "full"}}),
        )
        .unwrap_err();
    assert!(e.to_string().contains("token"), "{e}");
    // A token for files to read does not open a file for writing.
    let read_token = h.choose_to_open(&[h.path("none.txt")]);
    let e = h
        .call(
            "export_csv",
            json!({"token": read_token, "options": {"format": "full"}}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "not_chosen", "{e}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");

    // A token is good once.
    let good = h.path("fine.md");
    std::fs::write(&good, "# Fine\n\nChosen by the user.\n").unwrap();
    let token = h.choose_to_open(&[good]);
    let args = json!({"token": token, "onProgress": "__CHANNEL__:7"});
    h.ok("import_files", args.clone());
    assert_eq!(
        h.call("import_files", args).unwrap_err()["code"],
        "not_chosen"
    );
    assert_eq!(h.articles().len(), before + 1);

    // Cancelling a dialog is null, not an error.
    h.answer(None, None);
    assert_eq!(h.ok("choose_import_files", json!({})), Value::Null);
    assert_eq!(h.ok("choose_export_file", json!({})), Value::Null);

    // The page cannot open dialogs (or read files) through the plugin itself.
    for cmd in [
        "plugin:dialog|open",
        "plugin:dialog|save",
        "plugin:fs|read_file",
    ] {
        assert!(h.call(cmd, json!({})).is_err(), "{cmd} is callable");
    }
}

/// Files dropped on the window reach the page as a token and names only;
/// the token imports them.
#[test]
fn dropped_files_arrive_as_a_token() {
    use tauri::Listener;
    let h = harness();
    let dropped = h.path("dropped.md");
    std::fs::write(&dropped, "# Dropped In\n\nArrived by drag and drop.\n").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    h.window.listen(marginalia_app::FILES_DROPPED, move |e| {
        let _ = tx.send(e.payload().to_owned());
    });
    marginalia_app::files_dropped(&h.window.as_ref().window(), &[dropped]);
    let choice: Value =
        serde_json::from_str(&rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap()).unwrap();
    assert_eq!(choice["names"], json!(["dropped.md"]));
    assert!(!choice.to_string().contains(h.dir.path().to_str().unwrap()));
    let report = h.ok(
        "import_files",
        json!({"token": choice["token"], "onProgress": "__CHANNEL__:7"}),
    );
    assert_eq!(report[0]["articles"][0]["title"], "Dropped In");
}

/// A folder chosen in the folder dialog is imported file by file.
#[test]
fn a_chosen_folder_is_imported_file_by_file() {
    let h = harness();
    let shelf = h.path("shelf");
    std::fs::create_dir_all(shelf.join("inner")).unwrap();
    std::fs::write(shelf.join("one.md"), "# Folder One\n\nAbout moss.\n").unwrap();
    std::fs::write(shelf.join("inner/two.txt"), "Folder Two\n\nAbout lichen.\n").unwrap();
    std::fs::write(shelf.join("inner/three.txt"), b"\0\0binary").unwrap();
    h.answer(Some(&[shelf]), None);
    let choice = h.ok("choose_import_folders", json!({}));
    assert_eq!(choice["names"], json!(["shelf"]));
    let report = h.ok(
        "import_files",
        json!({"token": choice["token"], "onProgress": "__CHANNEL__:7"}),
    );
    let files: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["three.txt", "two.txt", "one.md"],
        "name order: inner/ before one.md"
    );
    assert_eq!(report[0]["error"]["code"], "unsupported_file");
    assert_eq!(report[1]["articles"][0]["title"], "Folder Two");
    assert_eq!(report[2]["articles"][0]["title"], "Folder One");
    assert!(
        !report.to_string().contains(h.dir.path().to_str().unwrap()),
        "no paths: {report}"
    );
    h.answer(None, None);
    assert_eq!(
        h.ok("choose_import_folders", json!({})),
        Value::Null,
        "cancelled"
    );
}

/// A large import is followed by merging the search index in the
/// background: the index ends in one segment while the app goes on.
#[test]
fn a_large_import_is_tidied_in_the_background() {
    let h = harness();
    let files: Vec<PathBuf> = (0..3)
        .map(|f| {
            let p = h.path(&format!("dispatch-{f}.txt"));
            let text: String = (0..100)
                .map(|i| format!("Dispatch {f} Number {i} Filed\nFerries ran late on route {i}.\n"))
                .collect();
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    let token = h.choose_to_open(&files);
    h.ok(
        "import_files",
        json!({"token": token, "onProgress": "__CHANNEL__:7"}),
    );
    let segments = || {
        marginalia_core::Library::open(h.path("lib.sqlite3"))
            .unwrap()
            .search_index_segments()
            .unwrap()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while segments() > 1 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(segments(), 1, "one segment after tidying");
    let page = h.ok(
        "search",
        json!({"query": {"text": "ferries", "limit": 500}}),
    );
    assert_eq!(page["hits"].as_array().unwrap().len(), 300);
    assert_eq!(page["total"], 300);
    // The next page starts where the first ended.
    let first = h.ok(
        "search",
        json!({"query": {"text": "ferries", "limit": 200}}),
    );
    let rest = h.ok(
        "search",
        json!({"query": {"text": "ferries", "limit": 200, "offset": 200}}),
    );
    assert_eq!(rest["hits"].as_array().unwrap().len(), 100);
    let ids = |p: &serde_json::Value| -> Vec<String> {
        p["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| format!("{}{}", x["article_id"], x["annotation_id"]))
            .collect()
    };
    let mut all = ids(&first);
    all.extend(ids(&rest));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 300, "no hit twice, none left out");
}

/// The error JSON the UI branches on: exactly `{code, message}`.
#[test]
fn errors_cross_as_code_and_message() {
    let h = harness();
    assert_eq!(
        h.call("get_article", json!({"id": "nope"})).unwrap_err(),
        json!({"code": "not_found", "message": "no article \"nope\""})
    );
    let id = h.articles()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        h.call(
            "create_highlight",
            json!({"articleId": id, "start": 5, "end": 5, "input": {}})
        )
        .unwrap_err()["code"],
        "invalid_input"
    );
    assert_eq!(
        h.call("rename_tag", json!({"old": "ghost", "new": "x"}))
            .unwrap_err(),
        json!({"code": "not_found", "message": "no tag \"ghost\""})
    );
    let err = h
        .call("add_tags", json!({"ids": [id], "tags": ["a,b"]}))
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "only code and message: {err}"
    );
}

#[test]
fn unlisted_commands_are_refused() {
    let h = harness();
    // Not in the capability: the webview may not close windows or read paths.
    for cmd in [
        "plugin:window|close",
        "plugin:path|resolve_directory",
        "no_such_command",
    ] {
        assert!(h.call(cmd, json!({})).is_err(), "{cmd} was allowed");
    }
}

#[test]
fn a_library_that_cannot_be_opened_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("thesis.sqlite3");
    std::fs::write(&db, b"my thesis, not a database\n".repeat(50)).unwrap();
    let h = harness_at(&db, dir);
    let err = h.call("library_info", json!({})).unwrap_err();
    assert_eq!(err["code"], "not_a_library");
    assert!(err["message"].as_str().unwrap().contains("left untouched"));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"my thesis, not a database\n".repeat(50)
    );
}

/// A change another process commits to the library reaches the UI as an
/// event within a few seconds; the app's own writes do not.
#[test]
fn changes_made_elsewhere_reach_the_ui() {
    use tauri::Listener;
    let h = harness();
    let id = h.articles()[0]["id"].as_str().unwrap().to_owned();
    h.ok("library_info", json!({}));
    let (tx, rx) = std::sync::mpsc::channel();
    h.window
        .listen(marginalia_app::CHANGED_ELSEWHERE, move |_| {
            let _ = tx.send(());
        });
    std::thread::sleep(std::time::Duration::from_millis(1500));
    h.ok("add_tags", json!({"ids": [id], "tags": ["from-the-app"]}));
    assert!(
        rx.recv_timeout(std::time::Duration::from_millis(2500))
            .is_err(),
        "the app's own write is not a change made elsewhere"
    );
    let other = marginalia_core::Library::open(h.path("lib.sqlite3")).unwrap();
    other
        .add_tags(
            &id,
            &["from-elsewhere".to_owned()],
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
    rx.recv_timeout(std::time::Duration::from_secs(5))
        .expect("the change made elsewhere is announced");
}
