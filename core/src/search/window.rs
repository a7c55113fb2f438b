//! The pure half of the snippet function ([`super::snippet`]): given the
//! tokens of a stretch of text and the query's phrases, where the phrases
//! are, which window of [`WINDOW`] tokens shows them best, and that window
//! as text with the matches marked.

/// Tokens shown in a snippet.
pub(crate) const WINDOW: usize = 24;
/// Tokens shown before the first match, when there are any.
const LEAD: usize = 4;

pub(crate) const MARK_OPEN: char = '\u{2}';
pub(crate) const MARK_CLOSE: char = '\u{3}';

/// One phrase of the query: its tokens as the tokenizer wrote them, and
/// whether the last one is a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    pub tokens: Vec<Vec<u8>>,
    pub prefix: bool,
}

/// A token of the text: its bytes in the column and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub text: Vec<u8>,
}

/// A phrase found in the tokens: `first..=last` token indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub first: usize,
    pub last: usize,
    pub phrase: usize,
}

/// A window's worth: distinct phrases first, then how many matches.
pub(crate) type Score = (usize, usize);

/// The best window of [`WINDOW`] tokens over `(phrase, token offset)`
/// matches in text order: its first match's offset and its score. The
/// earliest wins a tie.
pub(crate) fn best_window(found: &[(usize, usize)], phrases: usize) -> Option<(usize, Score)> {
    let mut counts = vec![0usize; phrases.max(1)];
    let mut distinct = 0;
    let mut end = 0;
    let mut best: Option<(usize, Score)> = None;
    for start in 0..found.len() {
        let at = found[start].1;
        while end < found.len() && found[end].1 < at + WINDOW {
            let p = found[end].0.min(counts.len() - 1);
            if counts[p] == 0 {
                distinct += 1;
            }
            counts[p] += 1;
            end += 1;
        }
        let score = (distinct, end - start);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((at, score));
        }
        let p = found[start].0.min(counts.len() - 1);
        counts[p] -= 1;
        if counts[p] == 0 {
            distinct -= 1;
        }
    }
    best
}

/// Where the phrases occur among `tokens`, in text order.
pub(crate) fn find_phrases(tokens: &[Token], phrases: &[Phrase]) -> Vec<Found> {
    let mut found = Vec::new();
    for first in 0..tokens.len() {
        for (p, phrase) in phrases.iter().enumerate() {
            let n = phrase.tokens.len();
            if n == 0 || first + n > tokens.len() {
                continue;
            }
            let hit = phrase.tokens.iter().enumerate().all(|(j, want)| {
                let got = &tokens[first + j].text;
                if phrase.prefix && j + 1 == n {
                    got.starts_with(want)
                } else {
                    got == want
                }
            });
            if hit {
                found.push(Found {
                    first,
                    last: first + n - 1,
                    phrase: p,
                });
            }
        }
    }
    found
}

pub(crate) struct Rendered {
    pub text: String,
    /// Byte offset in the column of the first match shown.
    pub first_match: Option<usize>,
}

/// The snippet: [`WINDOW`] tokens around the best window of `found`, from
/// the text between them, matches marked, `…` where the text goes on.
/// `from..to` is the tokenized region of `text`.
pub(crate) fn render(
    text: &[u8],
    from: usize,
    to: usize,
    tokens: &[Token],
    found: &[Found],
    phrases: usize,
) -> Rendered {
    if tokens.is_empty() {
        return Rendered {
            text: String::new(),
            first_match: None,
        };
    }
    let starts: Vec<(usize, usize)> = found.iter().map(|f| (f.phrase, f.first)).collect();
    let at = best_window(&starts, phrases).map(|(at, _)| at);
    // A few tokens of context before the first match; near the end the
    // window moves back so that it stays full.
    let first = at
        .map_or(0, |at| at.saturating_sub(LEAD))
        .min(tokens.len().saturating_sub(WINDOW));
    let last = (first + WINDOW - 1).min(tokens.len() - 1);
    let at_start = first == 0 && from == 0;
    let at_end = last + 1 == tokens.len() && to == text.len();
    // At either end of the column its punctuation belongs to the snippet.
    let start = if at_start { 0 } else { tokens[first].start };
    let end = if at_end {
        (text.len() - trailing_space(text)).max(tokens[last].end)
    } else {
        tokens[last].end
    };
    let mut out = String::with_capacity(end - start + 16);
    let lossy = |b: &[u8], out: &mut String| out.push_str(&String::from_utf8_lossy(b));
    if !at_start {
        out.push('…');
    }
    let mut pos = start;
    let mut first_match = None;
    for f in found.iter().filter(|f| f.first >= first && f.last <= last) {
        let (s, e) = (tokens[f.first].start, tokens[f.last].end);
        if s < pos {
            continue; // overlaps a match already marked
        }
        first_match.get_or_insert(s);
        lossy(&text[pos..s], &mut out);
        out.push(MARK_OPEN);
        lossy(&text[s..e], &mut out);
        out.push(MARK_CLOSE);
        pos = e;
    }
    lossy(&text[pos..end], &mut out);
    if !at_end {
        out.push('…');
    }
    Rendered {
        text: out,
        first_match,
    }
}

/// The first byte at or after `at` where a region may start: after a space,
/// so that no token is cut (a separator ends every token), else at a
/// character boundary.
pub(crate) fn region_start(text: &[u8], at: usize) -> usize {
    let at = at.min(text.len());
    let look = &text[at..text.len().min(at + 256)];
    match look.iter().position(u8::is_ascii_whitespace) {
        Some(i) => at + i + 1,
        None => char_boundary(text, at),
    }
}

/// The first byte at or after `at` where a region may end: at a space, else
/// at a character boundary.
pub(crate) fn region_end(text: &[u8], at: usize) -> usize {
    let at = at.min(text.len());
    let look = &text[at..text.len().min(at + 256)];
    match look.iter().position(u8::is_ascii_whitespace) {
        Some(i) => at + i,
        None => char_boundary(text, at),
    }
}

fn char_boundary(text: &[u8], mut at: usize) -> usize {
    while at < text.len() && (text[at] as i8) < -0x40 {
        at += 1;
    }
    at
}

/// How many whitespace bytes `text` ends with.
fn trailing_space(text: &[u8]) -> usize {
    text.iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

/// Code points in UTF-8 `text`: the bytes that are not continuation bytes.
pub(crate) fn code_points(text: &[u8]) -> usize {
    text.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in tokenizer for the pure parts: ASCII words, lowercased.
    fn tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(Token {
                        start: s,
                        end: i,
                        text: text[s..i].to_lowercase().into_bytes(),
                    });
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    fn phrase(words: &str, prefix: bool) -> Phrase {
        Phrase {
            tokens: words.split(' ').map(|w| w.as_bytes().to_vec()).collect(),
            prefix,
        }
    }

    fn snip(text: &str, phrases: &[Phrase]) -> String {
        let t = tokens(text);
        let f = find_phrases(&t, phrases);
        render(text.as_bytes(), 0, text.len(), &t, &f, phrases.len()).text
    }

    #[test]
    fn the_window_with_most_distinct_phrases_wins_and_earliest_on_a_tie() {
        // phrase 0 at 3 and 100, phrase 1 at 110: the second window has both.
        let best = best_window(&[(0, 3), (0, 100), (1, 110)], 2);
        assert_eq!(best, Some((100, (2, 2))));
        let best = best_window(&[(0, 3), (0, 50)], 1);
        assert_eq!(best, Some((3, (1, 1))));
        assert_eq!(best_window(&[], 1), None);
    }

    #[test]
    fn phrases_prefixes_and_marks() {
        let text = "One two three. The harbour master promised a new harbour wall, it was said.";
        assert_eq!(
            snip(
                text,
                &[phrase("harbour master", false), phrase("pro", true)]
            ),
            "One two three. The \u{2}harbour master\u{3} \u{2}promised\u{3} a new harbour wall, it was said."
        );
        let long: String = (0..60).map(|i| format!("w{i} ")).collect::<String>() + "needle end";
        let s = snip(&long, &[phrase("needle", false)]);
        // Near the end the window moves back to stay full (24 tokens).
        assert!(s.starts_with("…w38 w39 "), "{s}");
        assert!(s.ends_with("w58 w59 \u{2}needle\u{3} end"), "{s}");
        let s = snip(&format!("needle {long}"), &[phrase("needle", false)]);
        assert!(s.starts_with("\u{2}needle\u{3} w0"), "{s}");
        assert!(s.ends_with('…'), "{s}");
    }

    #[test]
    fn regions_start_and_end_between_tokens_and_characters() {
        let text = "ab cd éé ef".as_bytes();
        assert_eq!(region_start(text, 1), 3);
        assert_eq!(region_end(text, 4), 5);
        let no_space = "ééééé".as_bytes();
        assert_eq!(region_start(no_space, 1), 2);
        assert_eq!(code_points("aé😀b".as_bytes()), 4);
    }
}
