//! The real binary, as scripts use it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::*;

/// Full-text index segments of the library at `db`.
fn segments(db: &Path) -> u64 {
    marginalia_core::Library::open(db)
        .unwrap()
        .search_index_segments()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn import_prints_id_tab_title_and_reimport_adds_nothing() {
    let cli = Cli::new();
    let got = cli.seeded();
    assert_eq!(
        got.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
        [
            "Armenia and US Sign Strategic Partnership Charter",
            "US Sends Border Security Team to Armenia to Strengthen Sovereignty",
            "Kremlin Comments on Armenia-US Strategic Partnership Plans",
            "Armenia's Partnership with US a Sovereign Choice, CSTO Leader Says",
        ]
    );
    let again = cli.run(&["import", SEED]);
    assert!(again.status.success());
    assert!(again.stdout.is_empty());
    assert!(String::from_utf8_lossy(&again.stderr).contains("4 already in the library"));
}

#[test]
fn a_large_import_leaves_the_index_in_one_segment() {
    let cli = Cli::new();
    let files: Vec<PathBuf> = (0..3)
        .map(|f| {
            let text: String = (0..100)
                .map(|i| format!("Harbour Report {f} Number {i}\nCranes were idle at berth {i}.\n"))
                .collect();
            cli.file(&format!("harbour-{f}.txt"), text.as_bytes())
        })
        .collect();
    // One file, one transaction, one new segment: below the threshold the
    // segments stay as they are.
    cli.ok(&["import", s(&files[0])]);
    cli.ok(&["import", s(&files[1])]);
    assert_eq!(segments(&cli.db), 2);
    let out = cli.ok(&["import", s(&files[2]), s(&files[0]), s(&files[1])]);
    assert_eq!(out.lines().count(), 100);
    assert_eq!(segments(&cli.db), 3);
    // 300 articles in one call: tidied afterwards.
    let again = Cli::new();
    again.ok(&["import", s(&files[0]), s(&files[1]), s(&files[2])]);
    assert_eq!(segments(&again.db), 1);
    let hits = again.json(&["search", "--json", "cranes idle"]);
    assert_eq!(hits.as_array().unwrap().len(), 20, "the default limit");
}

#[test]
fn list_show_search_json_shapes() {
    let cli = Cli::new();
    let ids = cli.seeded();
    let list = cli.json(&["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    for item in list.as_array().unwrap() {
        assert!(item["id"].is_string() && item["title"].is_string() && item["tags"].is_array());
    }
    let (id, title) = &ids[1];
    let hl = cli.ok(&[
        "annotate",
        id,
        "--quote",
        "customs and border security",
        "--note",
        "who pays?",
        "--color",
        "blue",
        "--tag",
        "borders",
    ]);
    let hl = hl.trim();
    assert_eq!(hl.len(), 36, "prints the annotation id");
    let shown = cli.json(&["show", id, "--json"]);
    for key in [
        "id",
        "title",
        "author",
        "source",
        "text",
        "tags",
        "annotations",
    ] {
        assert!(shown.get(key).is_some(), "show --json lacks {key}");
    }
    assert_eq!(shown["title"], title.as_str());
    let a = &shown["annotations"][0];
    for key in [
        "id", "kind", "quote", "note", "color", "tags", "start", "end", "prefix", "suffix",
    ] {
        assert!(a.get(key).is_some(), "annotation lacks {key}");
    }
    assert_eq!(a["id"], hl);
    assert_eq!(a["kind"], "highlight");
    assert_eq!(a["color"], "blue");
    assert_eq!(a["tags"][0], "borders");

    let hits = cli.json(&["search", "who pays", "--json"]);
    let hit = &hits[0];
    assert_eq!(hit["kind"], "highlight");
    assert_eq!(hit["annotation_id"], hl);
    assert_eq!(hit["article_id"], id.as_str());
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>"));
    let article_hit = &cli.json(&["search", "Kremlin", "--json"])[0];
    assert_eq!(article_hit["kind"], "article");
    assert!(article_hit["annotation_id"].is_null());
    assert!(cli.json(&["search", "\"AND (", "--json"]).is_array());
    // Pages: the second starts where the first ended.
    let all = cli.json(&["search", "armenia", "--json", "--limit", "100"]);
    let all = all.as_array().unwrap();
    assert!(all.len() > 2, "{} hits", all.len());
    let second = cli.json(&[
        "search", "armenia", "--json", "--limit", "2", "--offset", "2",
    ]);
    assert_eq!(second.as_array().unwrap().as_slice(), &all[2..4]);
}

#[test]
fn notes_tags_orphans_and_export() {
    let cli = Cli::new();
    let ids = cli.seeded();
    let id = &ids[0].0;
    let note = cli.ok(&["note", id, "=1+1 looks like a formula", "--tag", "check"]);
    cli.ok(&["tag", id, "treaty", "US"]);
    cli.ok(&["tag", note.trim(), "later"]);
    cli.ok(&["tag", id, "us", "--remove"]);
    let tags = cli.json(&["tags", "--json"]);
    let names: Vec<&str> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["check", "later", "treaty"]);
    cli.ok(&["tags", "rename", "treaty", "charter"]);
    cli.ok(&["tags", "merge", "later", "check"]);
    assert_eq!(cli.ok(&["tags"]).lines().count(), 2);
    cli.ok(&[
        "annotate",
        id,
        "--quote",
        "Charter",
        "--occurrence",
        "2",
        "--color",
        "green",
    ]);
    assert!(
        cli.json(&["orphans", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let out = cli.dir.path().join("notes.csv");
    cli.ok(&["export", "csv", "--out", s(&out), "--bom"]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| &r[8] == "'=1+1 looks like a formula"));

    let rw = cli.run(&["export", "csv", "--format", "readwise", "--tag", "charter"]);
    assert!(rw.status.success());
    assert!(String::from_utf8_lossy(&rw.stderr).contains("left out 1 note"));
    let stdout = String::from_utf8(rw.stdout).unwrap();
    assert!(stdout.starts_with("Highlight,Title,Author,URL,Note,Location,Date\r\n"));
    assert_eq!(stdout.lines().count(), 2);
}

#[test]
fn user_mistakes_are_one_line_and_exit_1() {
    let cli = Cli::new();
    let ids = cli.seeded();
    let id = &ids[0].0;
    assert!(cli.fails(&["show", "no-such-id"]).contains("no article"));
    assert!(
        cli.fails(&["annotate", id, "--quote", "not in the text"])
            .contains("not found")
    );
    assert!(
        cli.fails(&["annotate", id, "--quote", "Charter"])
            .contains("--occurrence")
    );
    assert!(
        cli.fails(&["annotate", id, "--quote", "Charter", "--occurrence", "99"])
            .contains("occurrence")
    );
    assert!(
        cli.fails(&[
            "annotate",
            id,
            "--quote",
            "Charter",
            "--occurrence",
            "1",
            "--color",
            "mauve"
        ])
        .contains("palette")
    );
    assert!(cli.fails(&["tag", id, "a,b"]).contains("comma"));
    assert!(
        cli.fails(&["export", "csv", "--since", "last week"])
            .contains("date")
    );
    let binary = cli.file("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(cli.fails(&["import", s(&binary)]).contains("photo.txt"));
    // The library is unchanged by all of that.
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 4);
}

#[test]
fn bad_usage_exits_2_and_bad_files_do_not_stop_good_ones() {
    let cli = Cli::new();
    let out = cli.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cli.run(&["annotate", "x"]);
    assert_eq!(out.status.code(), Some(2), "missing --quote");

    let good = cli.file("good.md", b"# Good One\n\nSome text.\n");
    let bad = cli.file("bad.txt", b"\0\0\0\0binary");
    let out = cli.run(&["import", s(&bad), s(&good)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused file makes the run fail"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1,
        "the good file was imported"
    );
}

#[test]
fn folders_import_their_files_in_name_order() {
    let cli = Cli::new();
    let shelf = cli.dir.path().join("shelf");
    std::fs::create_dir_all(shelf.join("later")).unwrap();
    std::fs::write(shelf.join("b.md"), b"# Second\n\nText two.\n").unwrap();
    std::fs::write(shelf.join("a.txt"), b"First\n\nText one.\n").unwrap();
    std::fs::write(shelf.join("later/c.md"), b"# Third\n\nText three.\n").unwrap();
    std::fs::write(shelf.join("cover.jpg"), b"\xff\xd8\xff").unwrap();
    let out = cli.run(&["import", "--jobs", "2", s(&shelf)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let titles: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_once('\t').unwrap().1.to_owned())
        .collect();
    assert_eq!(titles, ["First", "Second", "Third"]);
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary.contains("3 new, 0 updated, 0 already in the library; 0 file(s) refused"),
        "{summary}"
    );

    std::fs::write(shelf.join("later/d.txt"), b"\0\0binary").unwrap();
    let out = cli.run(&["import", s(&shelf)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused file in a folder fails the run"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("d.txt") && err.contains("3 already in the library; 1 file(s) refused"),
        "{err}"
    );

    let empty = cli.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = cli.fails(&["import", s(&empty)]);
    assert!(err.contains("nothing to import"), "{err}");
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 3);
}

#[test]
fn newer_or_foreign_library_is_refused() {
    let cli = Cli::new();
    std::fs::write(&cli.db, b"not a database, my thesis draft\n".repeat(100)).unwrap();
    let before = std::fs::read(&cli.db).unwrap();
    assert!(cli.fails(&["list"]).contains("not a Marginalia library"));
    assert_eq!(std::fs::read(&cli.db).unwrap(), before);
}

#[test]
fn db_from_environment() {
    let cli = Cli::new();
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia-cli"))
        .args(["import", SEED])
        .env("MARGINALIA_DB", &cli.db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 4);
}

/// A command that only reads leaves the folder as it found it: no empty
/// -wal/-shm files beside the library.
#[test]
fn read_only_commands_leave_no_wal_or_shm_files() {
    let cli = Cli::new();
    let ids = cli.seeded();
    let beside = || {
        let mut names: Vec<String> = std::fs::read_dir(cli.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(beside(), ["lib.sqlite3"]);
    for args in [
        vec!["list"],
        vec!["show", ids[0].0.as_str()],
        vec!["search", "armenia"],
        vec!["tags"],
        vec!["colors"],
        vec!["orphans"],
    ] {
        cli.ok(&args);
        assert_eq!(beside(), ["lib.sqlite3"], "after {args:?}");
    }
}

/// Two processes creating the same new library at the same moment both
/// succeed (before: one failed with "database is locked" 10-14 times in 100).
#[test]
fn two_processes_creating_one_library_both_succeed() {
    let cli = Cli::new();
    for round in 0..25 {
        let db = cli.dir.path().join(format!("new-{round}.sqlite3"));
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_marginalia-cli"))
                .arg("--db")
                .arg(&db)
                .arg("list")
                .env_remove("MARGINALIA_DB")
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap(), b.join().unwrap())
        });
        for out in [a, b] {
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn articles_move_between_states_and_lists_filter_by_them() {
    let cli = Cli::new();
    cli.seeded();
    let all = cli.json(&["list", "--json", "--sort", "oldest"]);
    let ids: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|a| a["state"] == "inbox" && a["starred"] == false && a["position"].is_null())
    );
    cli.ok(&["state", &ids[0], &ids[1], "--to", "archive"]);
    cli.ok(&["star", &ids[2]]);
    let listed = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["list", "--json", "--sort", "oldest"];
        a.extend_from_slice(args);
        cli.json(&a)
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed(&["--state", "archive"]), ids[..2]);
    assert_eq!(listed(&["--state", "inbox"]), ids[2..]);
    assert_eq!(listed(&["--starred"]), ids[2..3]);
    assert!(listed(&["--continue"]).is_empty());
    let shown = cli.json(&["show", &ids[0], "--json"]);
    assert_eq!(shown["state"], "archive");
    cli.ok(&["star", &ids[2], "--remove"]);
    assert!(listed(&["--starred"]).is_empty());
    // Bad input: a clear error, exit 1 (unknown id) or 2 (unknown state).
    let err = cli.fails(&["state", "no-such-id", "--to", "later"]);
    assert!(
        err.contains("no-such-id") || err.contains("not found"),
        "{err}"
    );
    assert_eq!(
        cli.run(&["state", &ids[0], "--to", "bin"]).status.code(),
        Some(2)
    );
}

#[test]
fn edit_corrects_the_metadata_and_search_finds_the_new_title() {
    let cli = Cli::new();
    cli.seeded();
    let id = cli.json(&["list", "--json", "--sort", "oldest"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let edited = cli.json(&[
        "edit",
        &id,
        "--title",
        "Quillwort dispatch",
        "--author",
        "Ana Petrosyan",
        "--published",
        "2020-07",
        "--url",
        "https://example.org/a",
        "--json",
    ]);
    assert_eq!(edited["title"], "Quillwort dispatch");
    let shown = cli.json(&["show", &id, "--json"]);
    assert_eq!(shown["author"], "Ana Petrosyan");
    assert_eq!(shown["published"], "2020-07");
    assert_eq!(shown["url"], "https://example.org/a");
    let hits = cli.json(&["search", "quillwort", "--json"]);
    assert_eq!(hits[0]["article_id"], id.as_str(), "{hits}");
    // An empty value clears; a bad one changes nothing and says why.
    cli.ok(&["edit", &id, "--author", ""]);
    assert!(cli.json(&["show", &id, "--json"])["author"].is_null());
    let err = cli.fails(&["edit", &id, "--title", "Other", "--published", "soon"]);
    assert!(err.contains("soon"), "{err}");
    assert_eq!(
        cli.json(&["show", &id, "--json"])["title"],
        "Quillwort dispatch"
    );
    let err = cli.fails(&["edit", &id]);
    assert!(err.contains("--title"), "{err}");
}
