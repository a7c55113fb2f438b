//! Any cell: neutralised, it never starts as a spreadsheet formula would
//! (unless it is a plain number), and unneutralise gives back exactly what
//! went in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::export::{neutralise, unneutralise};

fuzz_target!(|cell: &str| {
    let safe = neutralise(cell);
    assert_eq!(unneutralise(&safe), cell);
    if safe.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        // Only a plain number may start so: a sign, digits, one point.
        let body = &safe[1..];
        let plain = safe.starts_with(['+', '-'])
            && body.chars().any(|c| c.is_ascii_digit())
            && body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.matches('.').count() <= 1;
        assert!(plain, "a formula trigger survived: {safe:?}");
    }
});
