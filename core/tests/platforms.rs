//! What differs between Linux, macOS and Windows, checked on the system the
//! tests run on (here Linux; the release workflow runs these on all three):
//! where the library lives, file names with `\` and `:`, line endings in
//! imports and exports, and extensions in any case.

mod common;

use common::*;
use marginalia_core::{AnnotationInput, ExportOptions, Passage, user_db_path};

#[test]
fn the_library_lives_in_the_per_user_data_directory_of_the_system() {
    let path = user_db_path().unwrap();
    assert!(path.is_absolute(), "{}", path.display());
    assert!(
        path.ends_with("app.marginalia.desktop/library.sqlite3"),
        "{}",
        path.display()
    );
    let home = dirs::home_dir().unwrap();
    let under_home = path.strip_prefix(&home).map(|p| p.to_path_buf());
    #[cfg(target_os = "linux")]
    {
        match std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
            Some(d) => assert!(path.starts_with(d), "{}", path.display()),
            None => assert!(
                under_home.unwrap().starts_with(".local/share"),
                "{}",
                path.display()
            ),
        }
    }
    #[cfg(target_os = "macos")]
    assert!(
        under_home
            .unwrap()
            .starts_with("Library/Application Support"),
        "{}",
        path.display()
    );
    #[cfg(windows)]
    assert!(
        under_home.unwrap().starts_with("AppData\\Roaming"),
        "{}",
        path.display()
    );
    let _ = under_home;
}

/// The same words with Unix, Windows and classic Mac line ends: the same
/// canonical text, so highlights and offsets do not depend on the system a
/// file was saved on.
#[test]
fn crlf_and_cr_line_ends_read_as_lf_in_every_text_format() {
    let t = temp_library();
    let md = "# A heading\n\nA first paragraph\nwrapped.\n\n- one\n- two\n";
    let html = "<html><head><title>A page</title></head>\n<body>\n<h1>A page</h1>\n<p>One\nparagraph.</p>\n<pre>line one\nline two</pre>\n</body></html>\n";
    let txt = "A title\n\nSome text on\ntwo lines.\n";
    for (name, text) in [("a.md", md), ("b.html", html), ("c.txt", txt)] {
        let mut texts = Vec::new();
        for (ending, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
            let file = format!("{ending}-{name}");
            let got = t
                .import_bytes(&file, text.replace('\n', eol).as_bytes(), NOW)
                .unwrap();
            let article = t.article(&got[0].id).unwrap();
            assert!(!article.text.contains('\r'), "{file}: {:?}", article.text);
            texts.push((article.title, article.text));
        }
        assert_eq!(texts[0], texts[1], "{name}: CRLF reads as LF");
        assert_eq!(texts[0], texts[2], "{name}: CR reads as LF");
    }
}

/// Exports end lines with CRLF (RFC 4180, what Excel on every system
/// expects); a note typed with Windows line ends is kept with LF inside its
/// cell, so it is one line break, not two, wherever it is opened.
#[test]
fn csv_rows_end_in_crlf_and_a_note_typed_on_windows_has_single_line_breaks() {
    let (t, ids) = seeded();
    let passage = Passage::Quote {
        quote: "robust framework".into(),
        occurrence: None,
    };
    let input = AnnotationInput {
        note: "first line\r\nsecond line".into(),
        ..Default::default()
    };
    t.create_highlight(&ids[0], &passage, &input, NOW).unwrap();
    let mut out = Vec::new();
    t.export_csv(&mut out, &ExportOptions::default()).unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert!(csv.contains("\"first line\nsecond line\""), "{csv}");
    assert!(!csv.contains("line\r\nsecond"), "{csv}");
    let ends = csv.matches("\r\n").count();
    assert_eq!(
        ends, 2,
        "a header and one row, each ending in CRLF: {csv:?}"
    );
}

/// File names are kept as the system gave them: `\` and `:` are letters in a
/// Linux or macOS file name (Windows allows neither) and must not be read as
/// a folder or a drive.
#[cfg(unix)]
#[test]
fn a_file_name_with_backslash_and_colon_is_one_name() {
    let t = temp_library();
    let dir = tempfile::tempdir().unwrap();
    let name = "Notes: a\\b.md";
    let path = dir.path().join(name);
    std::fs::write(
        &path,
        "# Backslashes\r\n\r\nC:\\Users\\me and a: colon.\r\n",
    )
    .unwrap();
    let got = t.import_file(&path, NOW).unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.source, name);
    assert_eq!(a.title, "Backslashes");
    assert_eq!(a.text.lines().last(), Some("C:\\Users\\me and a: colon."));
}

#[test]
fn extensions_are_read_in_any_case() {
    for name in [
        "A.TXT", "b.Md", "c.HTM", "d.Html", "e.EPUB", "f.Pdf", "g.MHTML",
    ] {
        assert!(marginalia_core::import::is_importable(name), "{name}");
    }
    for name in [
        "C:\\Users\\me\\notes.md",
        "/home/me/notes.MD",
        "notes.md.PNG",
    ] {
        let want = !name.ends_with("PNG");
        assert_eq!(marginalia_core::import::is_importable(name), want, "{name}");
    }
}
