//! Any bytes, as a text, Markdown, HTML or MHTML file: parsing never panics, and what
//! it accepts is what core stores (non-empty text, bounded titles, NFC with
//! no control characters but newline and tab, and a structure whose ranges
//! fit the text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::import::{MAX_TITLE_CHARS, NoResources, parse_file};

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.mhtml"] {
        let Ok(articles) = parse_file(name, data, &NoResources) else {
            continue;
        };
        assert!(!articles.is_empty());
        for a in &articles {
            assert!(!a.text.trim().is_empty());
            assert!(a.title.chars().count() <= MAX_TITLE_CHARS);
            assert!(
                a.text
                    .chars()
                    .all(|c| c == '\n' || c == '\t' || !c.is_control())
            );
            if let Some(structure) = &a.structure {
                let len = u32::try_from(a.text.chars().count()).expect("text fits u32");
                structure.check(len).expect("importer builds a valid structure");
            }
        }
    }
});
