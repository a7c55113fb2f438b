//! Importing folders and many files at once, parsed on several threads.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use marginalia_core::{ArticleQuery, ArticleSort, FileOutcome};

/// A folder as people keep them: notes, a saved page with its resources,
/// a sub-folder, a file that is not text, files Marginalia does not read.
fn reading_folder(root: &Path) {
    let write = |rel: &str, bytes: &[u8]| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    };
    write(
        "a-notes.md",
        b"# Notes on rivers\n\nRivers carry silt to the sea.\n",
    );
    write(
        "b-letter.txt",
        b"A letter\n\nDear reader, the harvest was late.\n",
    );
    write("c-broken.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    write(
        "d-page.html",
        b"<html><head><title>Saved page</title></head><body><article><h1>Saved page</h1>\
          <p>Bridges of the old town stand on oak piles driven into the clay.</p></article></body></html>",
    );
    write(
        "d-page_files/inner.html",
        b"<html><title>Not an article</title><p>x</p></html>",
    );
    write("d-page_files/logo.png", b"\x89PNG\r\n\x1a\n");
    write("e-sub/f-deep.md", b"# Deep\n\nA file one folder down.\n");
    write(".hidden.md", b"# Hidden\n\nShould not be read.\n");
    write("picture.jpeg", b"\xff\xd8\xff\xe0");
    write(
        "README",
        b"No extension\n\nRead only when chosen by name.\n",
    );
}

fn titles(t: &TempLibrary) -> Vec<String> {
    let q = ArticleQuery {
        sort: ArticleSort::Oldest,
        ..ArticleQuery::default()
    };
    t.list_articles(&q)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect()
}

fn import(t: &TempLibrary, paths: &[PathBuf], workers: usize) -> (Vec<FileOutcome>, Vec<usize>) {
    let mut heard = Vec::new();
    let outcomes = t.import_paths(paths, NOW, workers, |_, done, total| {
        assert!(done <= total);
        heard.push(done);
    });
    (outcomes, heard)
}

#[test]
fn a_folder_imports_its_readable_files_in_name_order_each_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    reading_folder(dir.path());
    let t = temp_library();
    let (outcomes, heard) = import(&t, &[dir.path().to_path_buf()], 2);
    let names: Vec<String> = outcomes
        .iter()
        .map(|o| {
            o.path
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "a-notes.md",
            "b-letter.txt",
            "c-broken.txt",
            "d-page.html",
            "e-sub/f-deep.md"
        ]
    );
    assert_eq!(
        heard,
        [1, 2, 3, 4, 5],
        "every file is reported once, in order"
    );
    let err = outcomes[2].result.as_ref().unwrap_err();
    assert_eq!(err.code(), "unsupported_file");
    assert!(err.to_string().contains("c-broken.txt"), "{err}");
    for (i, o) in outcomes.iter().enumerate() {
        assert_eq!(
            o.result.is_ok(),
            i != 2,
            "{}: {:?}",
            o.path.display(),
            o.result
        );
    }
    assert_eq!(
        titles(&t),
        ["Notes on rivers", "A letter", "Saved page", "Deep"],
        "the broken file takes nothing with it"
    );
}

#[test]
fn one_worker_and_many_give_the_same_library() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let body = format!(
            "Article {i:02}\n\nParagraph {i} says something of its own: {}.\n",
            i * 7
        );
        fs::write(dir.path().join(format!("{i:02}.txt")), body).unwrap();
    }
    fs::write(dir.path().join("17.txt"), b"\0\0\0binary").unwrap();
    let read = |workers| {
        let t = temp_library();
        let (outcomes, _) = import(&t, &[dir.path().to_path_buf()], workers);
        let failed: Vec<usize> = outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| o.result.is_err())
            .map(|(i, _)| i)
            .collect();
        let texts: Vec<(String, String)> = titles(&t)
            .into_iter()
            .zip(
                t.list_articles(&ArticleQuery {
                    sort: ArticleSort::Oldest,
                    ..Default::default()
                })
                .unwrap(),
            )
            .map(|(title, a)| (title, t.article(&a.id).unwrap().text))
            .collect();
        (failed, texts)
    };
    let one = read(1);
    assert_eq!(one.0, [17]);
    assert_eq!(one.1.len(), 39);
    assert_eq!(one.1[0].0, "Article 00");
    assert_eq!(read(2), one);
    assert_eq!(read(8), one);
}

#[test]
fn named_files_missing_paths_and_reimports_are_reported_per_file() {
    let dir = tempfile::tempdir().unwrap();
    reading_folder(dir.path());
    let t = temp_library();
    let paths = [
        dir.path().join("README"),
        dir.path().join("gone.md"),
        dir.path().join("b-letter.txt"),
        dir.path().join("b-letter.txt"),
    ];
    let (outcomes, _) = import(&t, &paths, 3);
    assert_eq!(outcomes.len(), 4);
    assert_eq!(
        outcomes[0].result.as_ref().unwrap()[0].title,
        "No extension"
    );
    assert_eq!(outcomes[1].result.as_ref().unwrap_err().code(), "io");
    let second = &outcomes[3].result.as_ref().unwrap()[0];
    assert_eq!(second.status, marginalia_core::ImportStatus::Unchanged);
    assert_eq!(titles(&t).len(), 2);
}

#[test]
fn an_empty_folder_gives_nothing_to_do() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("photo.png"), b"\x89PNG").unwrap();
    let t = temp_library();
    let (outcomes, heard) = import(&t, &[dir.path().to_path_buf()], 2);
    assert!(outcomes.is_empty());
    assert!(heard.is_empty());
    assert!(t.is_empty().unwrap());
}
