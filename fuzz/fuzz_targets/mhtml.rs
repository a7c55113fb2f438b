//! Single-file web archives: the fuzz input is cut into a page and a part,
//! wrapped in a real multipart/related envelope as Chrome writes one (so the
//! fuzzer reaches the page walk through the archive, not only the MIME
//! check), and imported; and imported as it is (seeded with the sample
//! archive). Parsing never panics; what it accepts has a structure that fits
//! its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::import::{NoResources, parse_file};

#[path = "accepted.rs"]
mod accepted;

const BOUNDARY: &str = "----MultipartBoundary--fuzz----";

fuzz_target!(|data: &[u8]| {
    // Two parts split on the first 0xff byte: the page, and a part named by
    // address and by id (an image, or whatever the fuzzer makes it).
    let mut parts = data.splitn(2, |&b| b == 0xff);
    let page = parts.next().unwrap_or_default();
    let other = parts.next().unwrap_or_default();
    let mut archive = format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/a/page\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\
         \tboundary=\"{BOUNDARY}\"\r\n\r\n--{BOUNDARY}\r\nContent-Type: text/html\r\n\
         Content-Transfer-Encoding: binary\r\nContent-Location: https://example.org/a/page\r\n\r\n"
    )
    .into_bytes();
    archive.extend_from_slice(page);
    archive.extend_from_slice(
        format!(
            "\r\n--{BOUNDARY}\r\nContent-Type: image/png\r\nContent-ID: <i@mhtml.blink>\r\n\
             Content-Transfer-Encoding: binary\r\nContent-Location: https://example.org/a/i.png\r\n\r\n"
        )
        .as_bytes(),
    );
    archive.extend_from_slice(other);
    archive.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    for bytes in [&archive[..], data] {
        if let Ok(articles) = parse_file("fuzz.mhtml", bytes, &NoResources) {
            accepted::check(&articles);
        }
    }
});
