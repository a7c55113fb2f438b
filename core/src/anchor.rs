//! Anchoring highlights to text, W3C Web Annotation style: a position
//! (start/end in Unicode code points) plus a quote with up to 32 code points
//! of prefix and suffix. When the text changes, [`reanchor`] finds the
//! passage again: at the old position, else the exact quote (best context,
//! then nearest), else a bounded fuzzy match; `None` makes it an orphan.

use crate::error::{Error, Result};

/// Code points of context kept on each side of a quote.
pub const CONTEXT: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

/// A text with a table from code-point index to byte offset, so that slicing
/// by code points is O(1).
pub struct Indexed<'a> {
    text: &'a str,
    bytes_at: Vec<usize>,
}

impl<'a> Indexed<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut bytes_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes_at.push(text.len());
        Indexed { text, bytes_at }
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.bytes_at.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.bytes_at[start]..self.bytes_at[end]]
    }

    /// The code point that starts at `byte`, or the next one when `byte`
    /// falls inside a character.
    fn char_at_byte(&self, byte: usize) -> usize {
        self.bytes_at.partition_point(|&b| b < byte)
    }

    /// The code point containing `byte`.
    fn char_containing_byte(&self, byte: usize) -> usize {
        self.bytes_at
            .partition_point(|&b| b <= byte)
            .saturating_sub(1)
    }

    /// The anchor for `start..end`, or an error when the range is not a
    /// non-empty passage of this text.
    pub fn anchor(&self, start: usize, end: usize) -> Result<Anchor> {
        if start >= end || end > self.len() {
            return Err(Error::invalid(format!(
                "the range {start}..{end} is not a passage of the article (0..{})",
                self.len()
            )));
        }
        if self.slice(start, end).trim().is_empty() {
            return Err(Error::invalid(
                "a highlight needs some text, not only spaces",
            ));
        }
        Ok(Anchor {
            start,
            end,
            quote: self.slice(start, end).to_owned(),
            prefix: self.slice(start.saturating_sub(CONTEXT), start).to_owned(),
            suffix: self.slice(end, (end + CONTEXT).min(self.len())).to_owned(),
        })
    }

    /// Start offsets (code points) of every occurrence of `quote`, overlapping
    /// ones included.
    pub fn occurrences(&self, quote: &str) -> Vec<usize> {
        let mut out = Vec::new();
        if quote.is_empty() {
            return out;
        }
        let mut from = 0;
        while let Some(i) = self.text[from..].find(quote) {
            let byte = from + i;
            out.push(self.char_at_byte(byte));
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    /// The anchor for the `occurrence`-th (1-based) appearance of `quote`;
    /// with no occurrence given the quote must appear exactly once.
    pub fn anchor_quote(&self, quote: &str, occurrence: Option<usize>) -> Result<Anchor> {
        let found = self.occurrences(quote);
        let start = match (occurrence, found.len()) {
            (_, 0) => return Err(Error::QuoteNotFound),
            (None, 1) => found[0],
            (None, count) => return Err(Error::AmbiguousQuote { count }),
            (Some(n), count) if n == 0 || n > count => {
                return Err(Error::invalid(format!(
                    "occurrence {n} does not exist; the quote occurs {count} time{}",
                    if count == 1 { "" } else { "s" }
                )));
            }
            (Some(n), _) => found[n - 1],
        };
        self.anchor(start, start + quote.chars().count())
    }
}

/// Where a stored highlight should now sit in `text`; `None` when it cannot
/// be placed (an orphan).
pub fn reanchor(old: &Anchor, text: &Indexed<'_>) -> Option<Anchor> {
    let qlen = old.quote.chars().count();
    // Fast path: the passage is where it was, context and all.
    let full_context = old.prefix.chars().count() + old.suffix.chars().count();
    if old.end <= text.len()
        && old.end.checked_sub(old.start) == Some(qlen)
        && text.slice(old.start, old.end) == old.quote
        && context_score(old, text, old.start, old.end) == full_context
    {
        return text.anchor(old.start, old.end).ok();
    }
    // Otherwise every exact occurrence competes (the old position among
    // them): best agreeing context first, then nearest the old position.
    let exact = text.occurrences(&old.quote);
    if let Some(start) = exact.into_iter().max_by_key(|&s| {
        let context = context_score(old, text, s, s + qlen);
        (context, std::cmp::Reverse(s.abs_diff(old.start)))
    }) {
        return text.anchor(start, start + qlen).ok();
    }
    fuzzy(old, text)
}

/// How many code points of the stored prefix and suffix agree with the text
/// around `start..end`.
fn context_score(old: &Anchor, text: &Indexed<'_>, start: usize, end: usize) -> usize {
    let before = text.slice(start.saturating_sub(CONTEXT), start);
    let after = text.slice(end, (end + CONTEXT).min(text.len()));
    let prefix = before
        .chars()
        .rev()
        .zip(old.prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = after
        .chars()
        .zip(old.suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    prefix + suffix
}

/// Bounded approximate search (Sellers' algorithm, via `triple_accel`):
/// within a window around the old position, the substring closest to the
/// quote by edit distance, accepted when at most a quarter of it differs.
fn fuzzy(old: &Anchor, text: &Indexed<'_>) -> Option<Anchor> {
    use triple_accel::SearchType;
    use triple_accel::levenshtein::{EditCosts, levenshtein_search_simd_with_opts};

    let qlen = old.quote.chars().count();
    if qlen < 4 || text.is_empty() {
        return None;
    }
    let reach = 4 * qlen + 2048;
    let lo = old.start.saturating_sub(reach).min(text.len());
    let hi = (old.start + reach).min(text.len());
    let window = text.slice(lo, hi);
    let needle = old.quote.as_bytes();
    let k = (needle.len() / 4).max(1) as u32;
    let window_start_byte = text.bytes_at[lo];
    let best = levenshtein_search_simd_with_opts(
        needle,
        window.as_bytes(),
        k,
        SearchType::Best,
        EditCosts::new(1, 1, 0, None),
        false,
    )
    .min_by_key(|m| {
        let start = text.char_at_byte(window_start_byte + m.start);
        (m.k, start.abs_diff(old.start))
    })?;
    let start = text.char_containing_byte(window_start_byte + best.start);
    // A match may begin or end inside a multi-byte character: round outwards.
    let end = text.char_at_byte(window_start_byte + best.end);
    text.anchor(start, end.max(start + 1).min(text.len())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, quote: &str) -> Anchor {
        Indexed::new(text).anchor_quote(quote, None).unwrap()
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "héllo 👋🏽 wörld";
        let a = at(text, "wörld");
        assert_eq!((a.start, a.end), (9, 14));
        assert_eq!(a.prefix, "héllo 👋🏽 ");
    }

    #[test]
    fn ambiguity_needs_an_occurrence() {
        let t = Indexed::new("one two one two");
        assert!(matches!(
            t.anchor_quote("two", None),
            Err(Error::AmbiguousQuote { count: 2 })
        ));
        assert_eq!(t.anchor_quote("two", Some(2)).unwrap().start, 12);
        assert!(t.anchor_quote("two", Some(3)).is_err());
        assert!(matches!(
            t.anchor_quote("three", None),
            Err(Error::QuoteNotFound)
        ));
    }

    #[test]
    fn survives_insertions_and_prefers_context() {
        let old_text = "alpha beta gamma. The cat sat on the mat. delta";
        let old = at(old_text, "cat sat");
        let new_text = "NEW PARAGRAPH. alpha beta gamma. The cat sat on the mat. delta";
        let a = reanchor(&old, &Indexed::new(new_text)).unwrap();
        assert_eq!(a.quote, "cat sat");
        assert_eq!(a.start, old.start + 15);

        // Two candidates: the one with matching context wins over the nearer.
        let old = at("x the cat sat y. z", "cat sat");
        let new_text = "cat sat. x the cat sat y. z";
        let a = reanchor(&old, &Indexed::new(new_text)).unwrap();
        assert_eq!(a.start, 15);
    }

    #[test]
    fn fuzzy_and_orphans() {
        let old = at(
            "Intro. The quick brown fox jumps over the lazy dog. Outro.",
            "quick brown fox jumps over the lazy dog",
        );
        let edited = "Intro. The quick brown fox leaps over the lazy dog. Outro.";
        let a = reanchor(&old, &Indexed::new(edited)).unwrap();
        assert_eq!(a.quote, "quick brown fox leaps over the lazy dog");
        assert!(reanchor(&old, &Indexed::new("Nothing alike in here at all.")).is_none());
    }
}
