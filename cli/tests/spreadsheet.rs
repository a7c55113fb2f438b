//! The spreadsheet check: an export whose every column holds something a
//! spreadsheet would run as a formula, opened by LibreOffice (headless,
//! `soffice --convert-to xlsx`) and read back. No cell becomes a formula,
//! every cell reads back exactly as the CSV has it, and the full format's
//! inverse (`unneutralise`) gives back what was stored.
//!
//! Needs LibreOffice Calc (`soffice`): `scripts/dev test` installs it and sets
//! MARGINALIA_REQUIRE_SOFFICE=1, so in CI the check always runs; elsewhere it
//! is skipped, saying so, when soffice is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia_core::export::unneutralise;

fn cli(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MARGINALIA_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn soffice() -> Option<PathBuf> {
    [
        "/usr/bin/soffice",
        "/usr/local/bin/soffice",
        "/usr/bin/libreoffice",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Converts `file` with LibreOffice into `dir` (its own profile dir, so
/// parallel or earlier runs do not collide) and returns the new file.
fn convert(
    soffice: &Path,
    profile: &Path,
    file: &Path,
    to: &str,
    ext: &str,
    dir: &Path,
) -> PathBuf {
    let mut cmd = Command::new(soffice);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .arg("--headless");
    if file.extension().is_some_and(|e| e == "csv") {
        // Comma, double quote, UTF-8 (76), from line 1: what a user's
        // "open CSV" does, with the encoding stated.
        cmd.arg("--infilter=CSV:44,34,76,1");
    }
    let out = cmd
        .arg("--convert-to")
        .arg(to)
        .arg("--outdir")
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    let made = dir.join(file.with_extension(ext).file_name().unwrap());
    assert!(
        made.exists(),
        "soffice made no {ext}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    made
}

fn records(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn formula_looking_cells_stay_text_in_libreoffice_and_round_trip() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("MARGINALIA_REQUIRE_SOFFICE").is_none(),
            "LibreOffice (soffice) is required here but missing"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = dir.join("lib.sqlite3");
    // Title, author and source (the file name) that a spreadsheet would run.
    let md = dir.join("=HYPERLINK(x).md");
    std::fs::write(
        &md,
        "---\ntitle: =1+1 Formula Title\nauthor: +SUM(1;2)\n---\n\n\
         @risk starts this paragraph, then -2+3 follows, and =A1*2 is quoted.\n",
    )
    .unwrap();
    let id = cli(&db, &["import", md.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    // Quotes, notes, tags and a colour label that begin like formulas, a
    // note already starting with an apostrophe, a plain negative number.
    cli(&db, &["tag", &id, "=tag()"]);
    cli(&db, &["colors", "label", "green", "=1+2"]);
    let cases = [
        ("=A1*2", "-note with minus", "+plus", "green"),
        ("@risk", "\t=tab first", "@at", "yellow"),
        ("-2+3", "-42", "-minus", "pink"),
    ];
    for (quote, note, tag, color) in cases {
        // `--flag=value`: a value may begin with '-'.
        let (q, n, t, c) = (
            format!("--quote={quote}"),
            format!("--note={note}"),
            format!("--tag={tag}"),
            format!("--color={color}"),
        );
        cli(&db, &["annotate", &id, &q, &n, &t, &c]);
    }
    cli(&db, &["note", &id, "'=already quoted", "--tag==cr"]);
    let csv = dir.join("export.csv");
    cli(&db, &["export", "csv", "--out", csv.to_str().unwrap()]);

    let profile = dir.join("lo-profile");
    let xlsx = convert(&soffice, &profile, &csv, "xlsx", "xlsx", dir);
    // The sheet as flat XML: a formula cell would carry table:formula.
    let fods = convert(&soffice, &profile, &xlsx, "fods", "fods", dir);
    let flat = std::fs::read_to_string(&fods).unwrap();
    assert!(!flat.contains("table:formula"), "a cell became a formula");
    let back_dir = dir.join("back");
    let back = convert(
        &soffice,
        &profile,
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
        "csv",
        &back_dir,
    );

    let ours = records(&csv);
    let theirs = records(&back);
    assert_eq!(ours.len(), 5, "header and four annotations");
    assert_eq!(theirs, ours, "every cell reads back as the CSV has it");

    // The inverse gives back exactly what is stored.
    let header = &ours[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |quote: &str| {
        ours.iter()
            .find(|r| unneutralise(&r[col("quote")]) == quote)
            .unwrap_or_else(|| panic!("no row for {quote}"))
    };
    for (quote, note, tag, _) in cases {
        let r = row(quote);
        assert_eq!(unneutralise(&r[col("note")]), note);
        assert_eq!(unneutralise(&r[col("tags")]), tag);
        assert_eq!(unneutralise(&r[col("article_title")]), "=1+1 Formula Title");
        assert_eq!(unneutralise(&r[col("article_author")]), "+SUM(1;2)");
        assert_eq!(unneutralise(&r[col("article_source")]), "=HYPERLINK(x).md");
        assert_eq!(unneutralise(&r[col("article_tags")]), "=tag()");
    }
    assert_eq!(unneutralise(&row("-2+3")[col("note")]), "-42");
    assert_eq!(
        row("-2+3")[col("note")],
        "-42",
        "a plain number is left alone"
    );
    assert_eq!(unneutralise(&row("=A1*2")[col("color_label")]), "=1+2");
    let note = ours.iter().find(|r| r[col("kind")] == "note").unwrap();
    assert_eq!(unneutralise(&note[col("note")]), "'=already quoted");
    assert_eq!(unneutralise(&note[col("tags")]), "=cr");
}
