#![allow(dead_code)]

pub mod old;

use std::path::PathBuf;

use marginalia_core::document::BlockKind;
use marginalia_core::{Article, Error, Library};
use time::OffsetDateTime;
use time::macros::datetime;

pub const SEED: &[u8] = include_bytes!("../../../samples/armenia-us-news.txt");
pub const SEED_NAME: &str = "armenia-us-news.txt";

pub const NOW: OffsetDateTime = datetime!(2026-11-28 10:00:00 UTC);

pub struct TempLibrary {
    pub lib: Library,
    pub path: PathBuf,
    pub _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempLibrary {
    type Target = Library;
    fn deref(&self) -> &Library {
        &self.lib
    }
}

pub fn temp_library() -> TempLibrary {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    TempLibrary {
        lib: Library::open(&path).unwrap(),
        path,
        _dir: dir,
    }
}

/// A library with the sample articles imported; returns the article ids in
/// file order.
pub fn seeded() -> (TempLibrary, Vec<String>) {
    let lib = temp_library();
    let ids = lib
        .import_bytes(SEED_NAME, SEED, NOW)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    (lib, ids)
}

/// Imports `bytes` as `name` into a new library and expects it refused with
/// nothing stored; returns the reason given.
pub fn refusal(name: &str, bytes: &[u8]) -> String {
    let t = temp_library();
    match t.import_bytes(name, bytes, NOW) {
        Err(Error::Unsupported { file, reason }) => {
            assert_eq!(file, name);
            assert_eq!(t.count_articles(None).unwrap(), 0);
            reason
        }
        other => panic!("{name}: expected a refusal, got {other:?}"),
    }
}

/// Each block of an article's structure: its text and kind.
pub fn block_texts(a: &Article) -> Vec<(String, BlockKind)> {
    let chars: Vec<char> = a.text.chars().collect();
    a.structure
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .map(|b| {
            (
                chars[b.start as usize..b.end as usize].iter().collect(),
                b.kind.clone(),
            )
        })
        .collect()
}
