//! `backup FILE` and `backup --restore FILE` from the command line.

mod common;

use common::*;

#[test]
fn back_up_change_and_restore() {
    let cli = Cli::new();
    let all = cli.seeded();
    let backup = cli.dir.path().join("monday.sqlite3");
    let backup = backup.to_str().unwrap();
    let out = cli.ok(&["backup", backup]);
    assert!(
        out.starts_with(&format!("{backup}\t")) && out.trim_end().ends_with(" bytes"),
        "{out}"
    );

    cli.ok(&["tag", &all[0].0, "after-the-backup"]);
    cli.ok(&["delete", &all[1].0, "--permanent"]);
    let out = cli.ok(&["backup", "--restore", backup]);
    assert!(
        out.starts_with("restored 4 articles and 0 annotations from "),
        "{out}"
    );
    let kept = out.trim_end().rsplit(" is in ").next().unwrap().to_owned();
    assert!(
        std::path::Path::new(&kept).is_file(),
        "the safety copy {kept}"
    );
    assert_eq!(
        cli.ok(&["list"]).lines().count(),
        4,
        "the deleted article is back"
    );
    assert_eq!(cli.ok(&["list", "--tag", "after-the-backup"]), "");
    assert_eq!(cli.ok(&["check"]).trim(), "ok");

    // Mistakes: a file that exists, a backup that is not one. Nothing changes.
    let err = cli.fails(&["backup", backup]);
    assert!(err.contains("already exists"), "{err}");
    let text = cli.file("notes.txt", b"just words");
    let err = cli.fails(&["backup", "--restore", text.to_str().unwrap()]);
    assert!(err.contains("notes.txt"), "{err}");
    assert_eq!(cli.ok(&["list"]).lines().count(), 4);
}
