//! Plain-text files: one or several articles, each a headline line followed
//! by paragraphs. Paragraphs are single lines, or blocks separated by blank
//! lines (hard-wrapped blocks are joined back into one paragraph).

use super::ParsedArticle;

/// Splits a plain-text file into articles. `fallback_title` names an article
/// that has no headline of its own (usually the file name).
pub(crate) fn parse(text: &str, fallback_title: &str) -> Vec<ParsedArticle> {
    let paragraphs = paragraphs(text);
    let mut articles: Vec<ParsedArticle> = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for (i, para) in paragraphs.iter().enumerate() {
        let next_is_body = paragraphs
            .get(i + 1)
            .is_some_and(|next| !looks_like_headline(next));
        let starts_article = looks_like_headline(para)
            && (current.is_none() || (next_is_body && word_count(para) >= 3));
        if starts_article {
            if let Some(done) = current.take() {
                articles.push(finish(done));
            }
            current = Some((para.clone(), Vec::new()));
        } else {
            current
                .get_or_insert_with(|| (fallback_title.to_owned(), Vec::new()))
                .1
                .push(para.clone());
        }
    }
    articles.extend(current.map(finish));
    articles.retain(|a| !a.text.is_empty() || !a.title.is_empty());
    articles
}

fn finish((title, body): (String, Vec<String>)) -> ParsedArticle {
    ParsedArticle {
        title,
        author: None,
        published: None,
        text: body.join("\n\n"),
        structure: None,
        meta: Default::default(),
        images: Vec::new(),
        notices: Vec::new(),
    }
}

/// The file's paragraphs, trimmed, in order.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim();
        if !line.is_empty() {
            block.push(line);
            continue;
        }
        if block.is_empty() {
            continue;
        }
        if is_hard_wrapped(&block) {
            out.push(block.join(" "));
        } else {
            out.extend(block.iter().map(|l| (*l).to_owned()));
        }
        block.clear();
    }
    out
}

/// A block of lines broken at a fixed width (as mail and old text files are):
/// every line but the last is long and close to the longest one, and none of
/// them ends a sentence on its own.
fn is_hard_wrapped(block: &[&str]) -> bool {
    if block.len() < 2 {
        return false;
    }
    let widths: Vec<usize> = block.iter().map(|l| l.chars().count()).collect();
    let max = *widths.iter().max().unwrap_or(&0);
    if !(40..=100).contains(&max) {
        return false;
    }
    let body = &block[..block.len() - 1];
    let wide = body.iter().zip(&widths).all(|(_, &w)| w * 10 >= max * 6);
    let sentence_breaks = body.iter().filter(|l| ends_sentence(l)).count();
    let first_is_title = looks_like_headline(block[0])
        && title_case_ratio(&block[0].split_whitespace().collect::<Vec<_>>()) >= 0.6;
    wide && sentence_breaks * 2 <= body.len() && !first_is_title
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn ends_sentence(line: &str) -> bool {
    let core = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
    matches!(
        core.chars().last(),
        Some('.' | '!' | '?' | '…' | ':' | ';' | ',')
    )
}

/// A headline: one short line that does not end like a sentence, written in
/// title case or with no closing punctuation at all. Questions and
/// exclamations count when they are title case ("Is Europe Ready?").
pub(crate) fn looks_like_headline(line: &str) -> bool {
    let chars = line.chars().count();
    let words: Vec<&str> = line.split_whitespace().collect();
    if chars == 0 || chars > 160 || words.len() > 24 {
        return false;
    }
    let last = line.chars().last().unwrap_or(' ');
    let title_case = title_case_ratio(&words) >= 0.6;
    match last {
        '.' | ',' | ';' | ':' | '…' => false,
        '?' | '!' => title_case,
        '"' | '”' | '\'' | '’' | ')' | '»' => !ends_sentence(line) && title_case,
        _ => title_case || words.len() <= 12,
    }
}

fn title_case_ratio(words: &[&str]) -> f64 {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "nor", "of",
        "on", "or", "over", "per", "the", "to", "up", "via", "vs", "with", "de", "la", "von",
    ];
    let significant: Vec<&&str> = words
        .iter()
        .filter(|w| !SMALL.contains(&w.to_lowercase().as_str()))
        .collect();
    let lettered: Vec<char> = significant
        .iter()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .collect();
    if lettered.is_empty() {
        return 0.0;
    }
    let capital = lettered
        .iter()
        .filter(|c| c.is_uppercase() || c.is_numeric() || !c.is_lowercase())
        .count();
    capital as f64 / lettered.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines() {
        assert!(looks_like_headline(
            "Armenia and US Sign Strategic Partnership Charter"
        ));
        assert!(looks_like_headline(
            "Armenia's Partnership with US a Sovereign Choice, CSTO Leader Says"
        ));
        assert!(looks_like_headline("Is the Caucasus Turning West?"));
        assert!(looks_like_headline("Armenia signs a charter with the US"));
        assert!(!looks_like_headline("He declined to comment."));
        assert!(!looks_like_headline("“We agree,” he said."));
        assert!(!looks_like_headline(
            "Why would anyone sign this, he asked?"
        ));
    }

    #[test]
    fn blank_line_separated_and_hard_wrapped() {
        let text = "Title Of The Piece\n\nFirst paragraph is wrapped at a fixed width so that\nit spans two lines of the file.\n\nSecond one.\n";
        let a = parse(text, "x");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].title, "Title Of The Piece");
        assert_eq!(
            a[0].text,
            "First paragraph is wrapped at a fixed width so that it spans two lines of the file.\n\nSecond one."
        );
    }

    #[test]
    fn no_headline_uses_fallback() {
        let a = parse(
            "Just one paragraph of prose, nothing more.\nAnd another.",
            "notes",
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].title, "notes");
        assert_eq!(
            a[0].text,
            "Just one paragraph of prose, nothing more.\n\nAnd another."
        );
    }
}
