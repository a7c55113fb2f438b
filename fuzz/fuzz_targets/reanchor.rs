//! A highlight on any text, then any edit of it: re-anchoring never panics,
//! and a placed highlight has valid code-point offsets into the new text
//! whose slice is its quote.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia_core::anchor::{Indexed, reanchor};

fuzz_target!(|data: (&str, u16, u16, &str, u16)| {
    let (old_text, a, b, insert, at) = data;
    let old = Indexed::new(old_text);
    let len = old.len();
    if len == 0 {
        return;
    }
    let start = usize::from(a) % len;
    let end = start + 1 + usize::from(b) % (len - start);
    let Ok(anchor) = old.anchor(start, end) else {
        return;
    };
    // The edit: `insert` replaces a stretch of the old text at `at`.
    let chars: Vec<char> = old_text.chars().collect();
    let cut = usize::from(at) % (len + 1);
    let cut_end = (cut + insert.chars().count() % 7).min(len);
    let new_text: String = chars[..cut]
        .iter()
        .copied()
        .chain(insert.chars())
        .chain(chars[cut_end..].iter().copied())
        .collect();
    let new = Indexed::new(&new_text);
    if let Some(placed) = reanchor(&anchor, &new) {
        assert!(placed.start < placed.end && placed.end <= new.len());
        assert_eq!(new.slice(placed.start, placed.end), placed.quote);
    }
});
