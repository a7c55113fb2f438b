//! PDFs: any bytes as a `.pdf` (seeded from `core/tests/fixtures/pdf`).
//! The reader's own thread contains a panic of the PDF parser; what the
//! fuzzer watches for is a hang, runaway memory, or an accepted document
//! whose structure does not fit its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::import::{NoResources, parse_file};

fuzz_target!(|data: &[u8]| {
    let Ok(articles) = parse_file("fuzz.pdf", data, &NoResources) else {
        return;
    };
    for a in &articles {
        assert!(!a.text.trim().is_empty());
        if let Some(structure) = &a.structure {
            let len = u32::try_from(a.text.chars().count()).expect("text fits u32");
            structure.check(len).expect("importer builds a valid structure");
        }
    }
});
