//! Whatever a user types into search: the query builder and the search
//! (FTS5 query, the snippet function, HTML escaping) never panic and never
//! fail but with a refusal of an over-long query.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use marginalia_core::{Library, SearchQuery};

struct Fixture {
    lib: Library,
    _dir: tempfile::TempDir,
}

static LIBRARY: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("fuzz.sqlite3")).unwrap();
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let long: String = (0..20_000).map(|i| format!("w{} ", i % 300)).collect();
    for (name, text) in [
        (
            "a.txt",
            "Harbour News Today\nThe harbour master promised café owners a new wall. 🦀 Ünïcödé «quotes» and \"more\".\n".to_owned(),
        ),
        ("b.md", format!("# Long Read\n\n{long}\n\nEnd with harbour.\n")),
    ] {
        lib.import_bytes(name, text.as_bytes(), now).unwrap();
    }
    Fixture { lib, _dir: dir }
});

fuzz_target!(|text: &str| {
    let q = SearchQuery::new(text);
    match LIBRARY.lib.search(&q) {
        Ok(hits) => {
            for h in hits {
                assert!(!h.snippet.contains("<script"));
            }
        }
        Err(e) => assert_eq!(e.code(), "invalid_input", "{e}"),
    }
});
