//! Notes are Markdown, and their snippets are cut from the Markdown as
//! typed: `**framing**` would show its asterisks. [`plain`] takes Markdown's
//! marks out of a snippet (a fragment, so it is not parsed as a document):
//! emphasis and strike runs, code backticks, a link's or image's target
//! (its text stays), heading and quote markers at the start of a line.
//! Match marks (`\u{2}`, `\u{3}`) pass through untouched.

/// Whether `c` is part of a word for emphasis purposes (`snake_case` keeps
/// its underscore, `2 * 3` its asterisk).
fn wordy(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The snippet without Markdown's marks.
pub(crate) fn plain(md: &str) -> String {
    let chars: Vec<char> = md.chars().collect();
    let mut out = String::with_capacity(md.len());
    // Where each `[` that may open a link went in `out`, innermost last.
    let mut opens: Vec<usize> = Vec::new();
    let mut line_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if line_start {
            // Heading (`## `) and quote (`> `) markers, and the spaces before them.
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '>') {
                j += 1;
            }
            let hashes = chars[j..].iter().take_while(|&&h| h == '#').count();
            if (1..=6).contains(&hashes) && chars.get(j + hashes) == Some(&' ') {
                j += hashes + 1;
            }
            if j > i && chars[i..j].iter().any(|&m| m != ' ') {
                i = j;
                line_start = false;
                continue;
            }
            line_start = false;
        }
        match c {
            '\n' => {
                out.push(c);
                line_start = true;
            }
            '`' => {}
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let before = i.checked_sub(1).map(|k| chars[k]);
                let after = chars.get(i + run).copied();
                // A run of two or more is always a mark; a single one when it
                // opens or closes a word (not inside one, not between spaces).
                let mark = run >= 2 || (c != '~' && (wordy(before) != wordy(after)));
                if !mark {
                    out.extend(std::iter::repeat_n(c, run));
                }
                i += run;
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {}
            '[' => {
                opens.push(out.len());
                out.push(c);
            }
            ']' if chars.get(i + 1) == Some(&'(') => {
                if let Some(close) = chars[i + 2..].iter().position(|&x| x == ')') {
                    if let Some(at) = opens.pop() {
                        out.remove(at);
                    }
                    i += close + 3;
                    continue;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn marks_go_and_words_stay() {
        let cases = [
            ("the **framing** matters", "the framing matters"),
            ("an *aside* and _another_", "an aside and another"),
            ("~~struck~~ out", "struck out"),
            ("run `cargo test` now", "run cargo test now"),
            (
                "see [the log](https://x.example/a_b) here",
                "see the log here",
            ),
            ("![a heron](heron.png) flew", "a heron flew"),
            ("## A heading\n> quoted text", "A heading\nquoted text"),
            ("snake_case and 2 * 3 stay", "snake_case and 2 * 3 stay"),
            ("a [bracket] alone", "a [bracket] alone"),
            (
                "…the \u{2}**framing**\u{3} of it",
                "…the \u{2}framing\u{3} of it",
            ),
            ("cut off **mid", "cut off mid"),
        ];
        for (md, want) in cases {
            assert_eq!(plain(md), want, "{md:?}");
        }
    }
}
