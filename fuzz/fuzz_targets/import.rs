//! Any bytes, as a text, Markdown, HTML or MHTML file: parsing never panics, and what
//! it accepts is what core stores (non-empty text, bounded titles, NFC with
//! no control characters but newline and tab, and a structure whose ranges
//! fit the text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::import::{NoResources, parse_file};

#[path = "accepted.rs"]
mod accepted;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.mhtml"] {
        if let Ok(articles) = parse_file(name, data, &NoResources) {
            accepted::check(&articles);
        }
    }
});
