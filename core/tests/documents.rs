//! Articles as documents: structure and metadata stored and read back,
//! images beside a file stored once and purged with the last article that
//! shows them, and libraries from before documents upgraded untouched.

mod common;

use common::*;
use marginalia_core::document::{BlockKind, SpanKind};
use marginalia_core::{ImportStatus, Library, MIGRATIONS, Passage, SCHEMA_VERSION};
use rusqlite::Connection;

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 0x05, 0, 0x01, 0xff, 0x56, 0xc7, 0x2f, 0x0d,
    0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

const POST: &str = "---\ntitle: Field Notes\nauthor: Ada\nurl: https://example.org/notes\n---\n\
## Where we went\n\nWe walked *up* the [ridge](https://example.org/ridge).\n\n\
- water\n- maps\n\n![the ridge at dawn](img/ridge.png)\n\n| day | km |\n|---|---|\n| 1 | 12 |\n";

fn count(path: &std::path::Path, table: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn markdown_keeps_its_structure_metadata_and_images() {
    let t = temp_library();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("img")).unwrap();
    std::fs::write(dir.path().join("img/ridge.png"), PNG).unwrap();
    let file = dir.path().join("notes.md");
    std::fs::write(&file, POST).unwrap();
    let got = t.import_file(&file, NOW).unwrap();
    assert_eq!(got[0].status, ImportStatus::Added);
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "Field Notes");
    assert_eq!(a.url.as_deref(), Some("https://example.org/notes"));
    assert_eq!(
        a.text,
        "Where we went\n\nWe walked up the ridge.\n\nwater\n\nmaps\n\n\n\nday\n\nkm\n\n1\n\n12"
    );
    let s = a.structure.as_ref().unwrap();
    s.check(a.text.chars().count() as u32).unwrap();
    assert_eq!(s.blocks[0].kind, BlockKind::Heading { level: 2 });
    let BlockKind::Figure {
        image: Some(hash),
        alt,
        width,
        ..
    } = &s.blocks[4].kind
    else {
        panic!("no figure: {:?}", s.blocks[4]);
    };
    assert_eq!((alt.as_str(), *width), ("the ridge at dawn", Some(1)));
    let image = t.image(hash).unwrap();
    assert_eq!(
        (image.mime.as_str(), image.bytes.as_slice()),
        ("image/png", PNG)
    );
    assert!(s.spans.iter().any(|sp| sp.kind
        == SpanKind::Link {
            href: "https://example.org/ridge".into()
        }));

    // The same file again adds nothing; a second article with the same
    // image stores it once; deleting both deletes the image.
    assert_eq!(
        t.import_file(&file, NOW).unwrap()[0].status,
        ImportStatus::Unchanged
    );
    let copy = dir.path().join("copy.md");
    std::fs::write(&copy, POST.replace("Field Notes", "Other Notes")).unwrap();
    let other = t.import_file(&copy, NOW).unwrap()[0].id.clone();
    assert_eq!(count(&t.path, "images"), 1);
    t.delete_article(&got[0].id).unwrap();
    assert_eq!(count(&t.path, "images"), 1);
    t.delete_article(&other).unwrap();
    assert_eq!(count(&t.path, "images"), 0);
    assert!(t.image(hash).is_err());
}

#[test]
fn an_edited_markdown_file_updates_structure_and_keeps_highlights() {
    let t = temp_library();
    let first = t.import_bytes("notes.md", POST.as_bytes(), NOW).unwrap()[0].clone();
    let quote = Passage::Quote {
        quote: "walked up the ridge".into(),
        occurrence: None,
    };
    let h = t
        .create_highlight(&first.id, &quote, &Default::default(), NOW)
        .unwrap();
    let edited = POST.replace("## Where we went", "## Where we went\n\nA short preface.");
    let again = t.import_bytes("notes.md", edited.as_bytes(), NOW).unwrap();
    assert_eq!(again[0].status, ImportStatus::Updated);
    assert_eq!(again[0].orphaned, 0);
    let a = t.article(&first.id).unwrap();
    let moved = t.annotation(&h.id).unwrap();
    let chars: Vec<char> = a.text.chars().collect();
    let (s, e) = (moved.start.unwrap() as usize, moved.end.unwrap() as usize);
    assert_eq!(
        chars[s..e].iter().collect::<String>(),
        "walked up the ridge"
    );
    let blocks = &a.structure.unwrap().blocks;
    assert_eq!(blocks[1].kind, BlockKind::Paragraph);
    assert!(blocks.len() > 5);
}

#[test]
fn plain_text_has_no_structure_and_hashes_as_before() {
    let (t, ids) = seeded();
    let a = t.article(&ids[0]).unwrap();
    assert!(a.structure.is_none());
    // The hash of title and text alone, as every earlier version stored it.
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(a.title.as_bytes());
    h.update([0]);
    h.update(a.text.as_bytes());
    assert_eq!(a.content_hash, format!("{:x}", h.finalize()));
}

/// A library at schema version 4 (the last before documents) is upgraded:
/// its articles read as before, with no structure, and its highlights stay
/// where they were.
#[test]
fn version_4_library_upgrades_and_reads_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..4] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (seq, id, title, source, imported_at, updated_at, text, content_hash)
               VALUES (1, 'a1', 'Glaciers', 'g.md', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',
                       'Ice sheets are thinning fast.\n\n• one\n\n• two', 'h1');
             INSERT INTO annotations (seq, id, article_id, kind, quote, prefix, suffix, start, \"end\", note,
                                      color, created_at, updated_at)
               VALUES (1, 'n1', 'a1', 'highlight', 'thinning fast', 'Ice sheets are ', '.', 15, 28,
                       '', 'blue', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let lib = Library::open(&path).unwrap();
    let a = lib.article("a1").unwrap();
    assert_eq!(a.text, "Ice sheets are thinning fast.\n\n• one\n\n• two");
    assert!(a.structure.is_none() && a.url.is_none());
    let h = lib.annotation("n1").unwrap();
    assert_eq!((h.start, h.end), (Some(15), Some(28)));
    drop(lib);
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(count(&path, "images"), 0);
}
