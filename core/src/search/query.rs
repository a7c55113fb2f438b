//! What a user typed, turned into a safe FTS5 query with a bounded cost:
//! words (all must match), "quoted phrases" and `prefix*`. Every term is
//! quoted, so `AND`, `(`, `:` and the like are searched for as text rather
//! than parsed; a term typed twice is searched once; a query longer than
//! anyone types is refused with a message saying so.

use crate::error::{Error, Result};

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Most distinct terms (words, phrases, prefixes) in one query.
pub const MAX_QUERY_TERMS: usize = 32;
/// Most words in all terms together (a phrase counts each of its words).
pub const MAX_QUERY_WORDS: usize = 64;

/// An FTS5 query and, for each of its phrases in order, whether it is a
/// prefix query (`b'p'`) or not (`b'-'`): the snippet function needs that
/// to mark `pro*` on "promise".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtsQuery {
    pub text: String,
    pub prefixes: String,
}

/// Parses `input` into an FTS5 query; `Ok(None)` when nothing searchable is
/// left (only punctuation, say), an error when the query is too long.
pub fn to_fts_query(input: &str) -> Result<Option<FtsQuery>> {
    // Cheap before anything else: a 100k-character paste is refused at once.
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(Error::invalid(format!(
            "a search can be at most {MAX_QUERY_CHARS} characters long; this one has {chars}"
        )));
    }
    // Control characters separate terms: FTS5 reads its query as a C
    // string, so a NUL inside a term ended it ("unterminated string"; found
    // by fuzzing).
    let cleaned;
    let input = if input.contains(char::is_control) {
        cleaned = input.replace(|c: char| c.is_control(), " ");
        cleaned.as_str()
    } else {
        input
    };
    let mut terms: Vec<(String, bool)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut words = 0;
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (text, phrase) = if c == '"' {
            let body = &rest[1..];
            let end = body.find('"').unwrap_or(body.len());
            rest = body.get(end + 1..).unwrap_or("");
            (&body[..end], true)
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let t = &rest[..end];
            rest = &rest[end..];
            (t, false)
        };
        let prefix = !phrase && text.ends_with('*');
        let text = text.trim_end_matches('*');
        if !text.chars().any(char::is_alphanumeric) {
            continue;
        }
        if !seen.insert((text.to_lowercase(), prefix)) {
            continue;
        }
        words += text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        terms.push((text.to_owned(), prefix));
    }
    if terms.len() > MAX_QUERY_TERMS {
        return Err(Error::invalid(format!(
            "a search can hold at most {MAX_QUERY_TERMS} different words or phrases; this one has {}",
            terms.len()
        )));
    }
    if words > MAX_QUERY_WORDS {
        return Err(Error::invalid(format!(
            "a search can hold at most {MAX_QUERY_WORDS} words; this one has {words}"
        )));
    }
    if terms.is_empty() {
        return Ok(None);
    }
    let mut q = FtsQuery {
        text: String::new(),
        prefixes: String::with_capacity(terms.len()),
    };
    for (text, prefix) in terms {
        if !q.text.is_empty() {
            q.text.push(' ');
        }
        q.text.push('"');
        q.text.push_str(&text.replace('"', "\"\""));
        q.text.push('"');
        if prefix {
            q.text.push('*');
        }
        q.prefixes.push(if prefix { 'p' } else { '-' });
    }
    Ok(Some(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(s: &str) -> Option<String> {
        to_fts_query(s).unwrap().map(|q| q.text)
    }

    #[test]
    fn user_input_becomes_quoted_terms() {
        assert_eq!(fts("cat dog").unwrap(), r#""cat" "dog""#);
        assert_eq!(
            fts(r#""strategic partner" arm*"#).unwrap(),
            r#""strategic partner" "arm"*"#
        );
        assert_eq!(
            to_fts_query(r#""strategic partner" arm*"#)
                .unwrap()
                .unwrap()
                .prefixes,
            "-p"
        );
        assert_eq!(fts("AND ( ) * NOT").unwrap(), r#""AND" "NOT""#);
        assert_eq!(
            fts(r#"unterminated "phrase here"#).unwrap(),
            r#""unterminated" "phrase here""#
        );
        assert_eq!(fts(r#"a"b"#).unwrap(), r#""a" "b""#);
        assert_eq!(fts("   "), None);
        assert_eq!(fts(r#""" ** ( -"#), None);
        assert_eq!(
            fts("naïve “curly” é*").unwrap(),
            r#""naïve" "“curly”" "é"*"#
        );
    }

    #[test]
    fn repeated_terms_are_searched_once() {
        assert_eq!(
            fts("Agreement agreement AGREEMENT").unwrap(),
            r#""Agreement""#
        );
        assert_eq!(fts("pro* pro pro*").unwrap(), r#""pro"* "pro""#);
        let pasted = "agreement ".repeat(199);
        assert_eq!(fts(&pasted).unwrap(), r#""agreement""#);
    }

    #[test]
    fn a_query_longer_than_anyone_types_is_refused_with_a_reason() {
        let long = "agreement ".repeat(10_000);
        let e = to_fts_query(&long).unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(e.to_string().contains("at most 2000 characters"), "{e}");

        let many: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let e = to_fts_query(&many.join(" ")).unwrap_err();
        assert!(e.to_string().contains("at most 32 different"), "{e}");

        let phrase = format!("\"{}\" {}", many.join(" "), many[..30].join(" "));
        let e = to_fts_query(&phrase).unwrap_err();
        assert!(e.to_string().contains("at most 64 words"), "{e}");

        assert!(to_fts_query(&many[..32].join(" ")).unwrap().is_some());
    }
}
