//! Many at once from the command line: tag, state, star, delete, the Trash,
//! restore, and export of a selection.

mod common;

use common::*;

fn ids(cli: &Cli, args: &[&str]) -> Vec<String> {
    cli.ok(args)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

#[test]
fn tag_state_and_star_many_articles_at_once() {
    let cli = Cli::new();
    let all: Vec<String> = cli.seeded().into_iter().map(|(id, _)| id).collect();
    let three: Vec<&str> = all[..3].iter().map(String::as_str).collect();

    let mut args = vec!["tag"];
    args.extend(&three);
    args.extend(["--tag", "batch", "second"]);
    cli.ok(&args);
    let mut listed = ids(&cli, &["list", "--tag", "batch"]);
    let mut expected = all[..3].to_vec();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    // The older form, one id and its tags, still works; --remove takes them.
    cli.ok(&["tag", &all[3], "solo", "other"]);
    cli.ok(&["tag", three[0], three[1], "--tag", "batch", "--remove"]);
    assert_eq!(ids(&cli, &["list", "--tag", "batch"]), [all[2].clone()]);
    assert_eq!(ids(&cli, &["list", "--tag", "solo"]), [all[3].clone()]);

    let mut args = vec!["state"];
    args.extend(&three);
    args.push("later");
    cli.ok(&args);
    assert_eq!(ids(&cli, &["list", "--state", "later"]).len(), 3);
    cli.ok(&["state", three[0], "--to", "archive"]);
    assert_eq!(ids(&cli, &["list", "--state", "archive"]), [all[0].clone()]);

    cli.ok(&["star", three[0], three[1]]);
    assert_eq!(ids(&cli, &["list", "--starred"]).len(), 2);

    // An unknown id anywhere: nothing changes, exit 1.
    let err = cli.fails(&["state", three[2], "nope", "inbox"]);
    assert!(err.contains("nope"), "{err}");
    assert_eq!(ids(&cli, &["list", "--state", "later"]).len(), 2);
    // Bad usage: exit 2 with clap's message.
    let out = cli.run(&["tag", three[0]]);
    assert_eq!(out.status.code(), Some(2));
    let out = cli.run(&["state", "inbox"]);
    assert_eq!(out.status.code(), Some(2));
    let err = cli.fails(&["state", three[0], "someday"]);
    assert!(err.contains("someday"), "{err}");
}

#[test]
fn delete_goes_to_the_trash_and_restore_brings_it_back() {
    let cli = Cli::new();
    let all: Vec<String> = cli.seeded().into_iter().map(|(id, _)| id).collect();
    let hl = cli.ok(&[
        "annotate",
        &all[0],
        "--quote",
        "Armenia",
        "--occurrence",
        "1",
    ]);
    let hl = hl.trim();
    let note = cli.ok(&["note", &all[1], "kept note"]);
    let note = note.trim();

    let out = cli.run(&["delete", &all[0], note]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("moved 1 article(s) to the Trash"), "{said}");
    assert!(said.contains("deleted 1 annotation(s)"), "{said}");
    assert_eq!(ids(&cli, &["list"]).len(), 3);
    let trash = cli.ok(&["trash"]);
    assert_eq!(trash.lines().count(), 1);
    assert!(trash.starts_with(&format!("{}\t", all[0])), "{trash}");
    let json = cli.json(&["trash", "--json"]);
    assert!(json[0]["trashed_at"].is_string());
    assert!(
        cli.ok(&["search", "Blinken"])
            .lines()
            .all(|l| !l.contains(&all[0]))
    );

    cli.ok(&["restore", &all[0]]);
    assert_eq!(ids(&cli, &["list"]).len(), 4);
    assert!(
        cli.ok(&["show", &all[0]]).contains(hl),
        "its highlight came back"
    );
    assert!(cli.ok(&["trash"]).is_empty());

    // --permanent skips the Trash; --empty empties it.
    cli.ok(&["delete", "--permanent", &all[1]]);
    cli.ok(&["delete", &all[2]]);
    assert_eq!(cli.ok(&["trash"]).lines().count(), 1);
    cli.ok(&["trash", "--empty"]);
    assert!(cli.ok(&["trash"]).is_empty());
    assert_eq!(ids(&cli, &["list"]), [all[3].clone(), all[0].clone()]);
    let err = cli.fails(&["restore", &all[2]]);
    assert!(err.contains(&all[2]), "{err}");
    let err = cli.fails(&["delete", "nope"]);
    assert!(err.contains("article or annotation"), "{err}");
}

#[test]
fn export_a_selection_by_ids() {
    let cli = Cli::new();
    let all: Vec<String> = cli.seeded().into_iter().map(|(id, _)| id).collect();
    cli.ok(&[
        "annotate",
        &all[0],
        "--quote",
        "Armenia",
        "--occurrence",
        "1",
    ]);
    cli.ok(&[
        "annotate",
        &all[0],
        "--quote",
        "Armenia",
        "--occurrence",
        "2",
    ]);
    let one = cli.ok(&[
        "annotate",
        &all[1],
        "--quote",
        "Armenia",
        "--occurrence",
        "1",
    ]);
    cli.ok(&[
        "annotate",
        &all[2],
        "--quote",
        "Armenia",
        "--occurrence",
        "1",
    ]);
    let csv = cli.ok(&["export", "csv", "--ids", &all[0], one.trim()]);
    assert_eq!(csv.lines().count(), 1 + 3, "{csv}");
    assert!(csv.contains(one.trim()));
    assert!(!csv.contains(&all[2]));
}
