//! PDFs: any bytes as a `.pdf` (seeded from `core/tests/fixtures/pdf`).
//! The reader's own thread contains a panic of the PDF parser; what the
//! fuzzer watches for is a hang, runaway memory, or an accepted document
//! whose structure does not fit its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::import::{NoResources, parse_file};

#[path = "accepted.rs"]
mod accepted;

fuzz_target!(|data: &[u8]| {
    if let Ok(articles) = parse_file("fuzz.pdf", data, &NoResources) {
        accepted::check(&articles);
    }
});
