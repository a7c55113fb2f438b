//! Property tests: highlights survive random edits of their article.

mod common;

use common::*;
use marginalia_core::anchor::{Indexed, reanchor};
use marginalia_core::{AnnotationInput, ImportStatus, Passage};
use proptest::prelude::*;

/// Text with repeats (so quotes are often ambiguous) and non-Latin scripts.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "the ",
            "cat ",
            "sat ",
            "on ",
            "mat. ",
            "Ünïcödé ",
            "日本語 ",
            "👋🏽 ",
            "é ",
            "\n\n",
            "peace ",
            "Armenia ",
            "charter ",
            "signed ",
        ]),
        20..80,
    )
    .prop_map(|w| w.concat())
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), "[a-z ]{1,30}")
            .prop_map(|(i, s)| Edit::Insert(i.index(1000), s)),
        (any::<prop::sample::Index>(), 1usize..20)
            .prop_map(|(i, n)| Edit::Delete(i.index(1000), n)),
    ]
}

fn apply(text: &str, edit: &Edit) -> (String, usize, usize, isize) {
    let chars: Vec<char> = text.chars().collect();
    match edit {
        Edit::Insert(at, s) => {
            let at = at % (chars.len() + 1);
            let mut out: String = chars[..at].iter().collect();
            out.push_str(s);
            out.extend(&chars[at..]);
            (out, at, at, s.chars().count() as isize)
        }
        Edit::Delete(at, n) => {
            let at = at % chars.len().max(1);
            let end = (at + n).min(chars.len());
            let out: String = chars[..at].iter().chain(&chars[end..]).collect();
            (out, at, end, -((end - at) as isize))
        }
    }
}

/// Code points of the stored prefix and suffix that agree with the text
/// around `start..end`.
fn context_agreement(
    t: &Indexed<'_>,
    start: usize,
    end: usize,
    old: &marginalia_core::anchor::Anchor,
) -> usize {
    let before = t.slice(start.saturating_sub(32), start);
    let after = t.slice(end, (end + 32).min(t.len()));
    let p = before
        .chars()
        .rev()
        .zip(old.prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let s = after
        .chars()
        .zip(old.suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    p + s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// An edit outside the highlight moves it exactly; an edit inside it
    /// gives a valid anchor or an orphan, never a broken range.
    #[test]
    fn highlights_survive_edits(text in text(), a in any::<prop::sample::Index>(), len in 1usize..25, e in edit()) {
        let idx = Indexed::new(&text);
        let start = a.index(idx.len() - 1);
        let end = (start + len).min(idx.len());
        prop_assume!(!idx.slice(start, end).trim().is_empty());
        let old = idx.anchor(start, end).unwrap();
        let (new_text, lo, hi, delta) = apply(&text, &e);
        let new_idx = Indexed::new(&new_text);
        let placed = reanchor(&old, &new_idx);
        if hi <= start && !(lo == hi && lo == start) || lo >= end {
            // Untouched passage: found again, with the same quote, shifted by the edit.
            let p = placed.clone().expect("an untouched passage is never an orphan");
            prop_assert_eq!(&p.quote, &old.quote);
            let true_start = if lo >= end { old.start } else { (old.start as isize + delta) as usize };
            // Where the quote and its whole context occur once, that is the
            // place; where they repeat, any copy with that context will do.
            let in_context = format!("{}{}{}", old.prefix, old.quote, old.suffix);
            let context_untouched = hi + 32 <= start || lo >= end + 32;
            if context_untouched && new_text.matches(in_context.as_str()).count() == 1 {
                prop_assert_eq!(p.start, true_start);
            } else {
                let qlen = old.quote.chars().count();
                let chosen = context_agreement(&new_idx, p.start, p.end, &old);
                let truth = context_agreement(&new_idx, true_start, true_start + qlen, &old);
                prop_assert!(chosen >= truth, "chose context {} over {}", chosen, truth);
            }
        }
        if let Some(p) = placed {
            prop_assert!(p.start < p.end && p.end <= new_idx.len());
            prop_assert_eq!(new_idx.slice(p.start, p.end), p.quote.as_str());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Through the library: after re-importing an edited file every highlight
    /// is either placed on text equal to what is stored or is an orphan.
    #[test]
    fn library_reimport_keeps_highlights_consistent(e in edit(), picks in prop::collection::vec(0usize..4000, 1..6)) {
        let (t, ids) = seeded();
        let seed = std::str::from_utf8(SEED).unwrap();
        let article = t.article(&ids[0]).unwrap();
        let n = article.text.chars().count();
        let mut made = Vec::new();
        for p in picks {
            let start = p % (n - 10);
            let passage = Passage::Range { start, end: start + 8 };
            if let Ok(a) = t.create_highlight(&ids[0], &passage, &AnnotationInput::default(), NOW) {
                made.push(a.id);
            }
        }
        // Edit only the first article's body (after its headline line).
        let headline_end = seed.find('\n').unwrap() + 1;
        let first_end = seed.find("US Sends Border").unwrap();
        let (body, ..) = apply(&seed[headline_end..first_end - 1], &e);
        let body = if body.trim().is_empty() { "Replaced.".to_owned() } else { body };
        let edited = format!("{}{}\n{}", &seed[..headline_end], body, &seed[first_end..]);
        let got = t.import_bytes(SEED_NAME, edited.as_bytes(), NOW).unwrap();
        prop_assert!(got.iter().filter(|a| a.status == ImportStatus::Added).count() <= 1);
        let text = t.article(&ids[0]).unwrap().text;
        let idx = Indexed::new(&text);
        for id in made {
            let a = t.annotation(&id).unwrap();
            match (a.start, a.end) {
                (Some(s), Some(e)) => prop_assert_eq!(Some(idx.slice(s as usize, e as usize)), a.quote.as_deref()),
                _ => prop_assert!(a.orphaned),
            }
        }
    }
}
