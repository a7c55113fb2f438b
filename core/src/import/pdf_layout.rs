//! A PDF's lines made a document: running headers, footers and page numbers
//! dropped; lines joined into paragraphs (words hyphenated at a line's end
//! made whole again); larger type made headings; and where each page starts
//! kept as a fragment target `page-N`, so a passage can be cited by page.

use std::collections::{HashMap, HashSet};

use crate::document::{Block, BlockKind, Structure, Target};

/// One line of text as placed on the page (PDF units, y growing upwards).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// Largest type size on the line.
    pub size: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    /// The lowest y of the page.
    pub bottom: f64,
    /// In the order the page draws them (reading order for most producers,
    /// column after column).
    pub lines: Vec<Line>,
}

pub(crate) struct Laid {
    pub text: String,
    pub structure: Structure,
    pub first_heading: Option<String>,
}

/// How much of the page's height at its top and bottom holds running heads.
const EDGE: f64 = 0.12;

pub(crate) fn lay_out(pages: &[Page]) -> Laid {
    let kept: Vec<Vec<Line>> = drop_running(pages);
    let body = body_size(&kept);
    let heading_sizes = heading_sizes(&kept, body);
    let vocabulary = vocabulary(&kept);
    let spacing = line_spacing(&kept, body);

    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut prev: Option<(&Line, bool)> = None;
    for (number, lines) in kept.iter().enumerate() {
        let mut page_marked = false;
        let full = full_width(lines);
        for (line, full) in lines.iter().zip(full) {
            let text = clean(&line.text);
            if text.is_empty() {
                continue;
            }
            let level = heading_level(&heading_sizes, line, &text);
            let continues = match (prev, paragraphs.last()) {
                (Some((p, p_full)), Some(open)) => {
                    open.level == level
                        && continues(p, p_full, line, open, level, spacing, page_marked)
                }
                _ => false,
            };
            if !continues {
                paragraphs.push(Paragraph {
                    level,
                    text: String::new(),
                    pages: Vec::new(),
                    size: line.size,
                });
            }
            let open = paragraphs.last_mut().expect("a paragraph is open");
            if !page_marked {
                let at = open.text.chars().count() + usize::from(!open.text.is_empty());
                open.pages.push((at, number + 1));
                page_marked = true;
            }
            join(&mut open.text, &text, &vocabulary);
            prev = Some((line, full));
        }
    }
    build(paragraphs, kept.len())
}

struct Paragraph {
    /// `Some(level)` for a heading.
    level: Option<u8>,
    text: String,
    /// (code point in `text`, page number) where each page starts.
    pages: Vec<(usize, usize)>,
    size: f64,
}

/// Whether `line` goes on with the paragraph `open`, whose last line is
/// `prev` (`prev_full`: it reaches its column's right edge).
fn continues(
    prev: &Line,
    prev_full: bool,
    line: &Line,
    open: &Paragraph,
    level: Option<u8>,
    spacing: f64,
    same_page: bool,
) -> bool {
    let ends_sentence = open
        .text
        .trim_end()
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')', ';']);
    let drop = prev.y - line.y;
    if !same_page || drop < -line.size {
        // A new page or column: the paragraph goes on unless its last line
        // was a short one that ended a sentence.
        return level.is_none() && (prev_full || !ends_sentence);
    }
    if level.is_some() {
        // A heading wrapped over two lines.
        return (line.size - open.size).abs() < 0.5 && drop <= spacing * 1.6;
    }
    if drop > spacing * 1.4 {
        return false; // the space between paragraphs
    }
    if line.x0 > prev.x0 + line.size * 0.8 && ends_sentence {
        return false; // an indented first line
    }
    // A short line that ends a sentence ends its paragraph.
    prev_full || !ends_sentence
}

/// For each line: whether it reaches the right edge of its column (the
/// furthest any line starting where it starts reaches), give or take a few
/// characters. A paragraph's last line usually does not.
fn full_width(lines: &[Line]) -> Vec<bool> {
    lines
        .iter()
        .map(|l| {
            let edge = lines
                .iter()
                .filter(|o| (o.x0 - l.x0).abs() <= o.size * 2.0)
                .map(|o| o.x1)
                .fold(l.x1, f64::max);
            l.x1 >= edge - l.size * 4.0
        })
        .collect()
}

/// Appends a line to a paragraph: a word hyphenated at the line's end is
/// made whole (unless the document writes it with its hyphen elsewhere).
fn join(text: &mut String, line: &str, vocabulary: &HashSet<String>) {
    if text.is_empty() {
        text.push_str(line);
        return;
    }
    let next_lower = line.chars().next().is_some_and(char::is_lowercase);
    if text.ends_with('\u{ad}') {
        text.pop();
        text.push_str(line);
        return;
    }
    let before_hyphen = text.strip_suffix('-').map(|t| t.chars().last());
    if let Some(Some(c)) = before_hyphen
        && c.is_alphabetic()
        && next_lower
    {
        let head: String = text[..text.len() - 1]
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let tail: String = line
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let hyphened = format!("{head}-{tail}");
        let whole = format!("{head}{tail}");
        if vocabulary.contains(&hyphened) && !vocabulary.contains(&whole) {
            text.push_str(line); // a compound: "low-" + "water"
        } else {
            text.pop();
            text.push_str(line);
        }
        return;
    }
    text.push(' ');
    text.push_str(line);
}

/// Words as the document writes them inside its lines (not at their ends),
/// lowercased: what tells a compound from a hyphenated word.
fn vocabulary(pages: &[Vec<Line>]) -> HashSet<String> {
    let mut words = HashSet::new();
    for line in pages.iter().flatten() {
        let parts: Vec<&str> = line
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        // The last word may be cut by the line's end.
        for w in parts.iter().take(parts.len().saturating_sub(1)) {
            words.insert(w.to_lowercase());
        }
    }
    words
}

/// Whitespace collapsed; soft hyphens kept only at the end (where the line
/// broke at one).
fn clean(s: &str) -> String {
    let s = super::normalize(s);
    let ends_soft = s.trim_end().ends_with('\u{ad}');
    let mut out: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{ad}', "");
    if ends_soft {
        out.push('\u{ad}');
    }
    out
}

/// Each page's lines without the running heads, feet and page numbers: a
/// line near the top or bottom edge, set apart from the text by more than a
/// line's space, that is a page number or whose text (digits aside) recurs
/// so placed on at least half the pages.
fn drop_running(pages: &[Page]) -> Vec<Vec<Line>> {
    let key = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let edges: Vec<Vec<bool>> = pages.iter().map(apart_at_edge).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (page, edge) in pages.iter().zip(&edges) {
        let keys: HashSet<String> = page
            .lines
            .iter()
            .zip(edge)
            .filter(|(_, e)| **e)
            .map(|(l, _)| key(&l.text))
            .collect();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let recurring = |k: &str| {
        let n = seen.get(k).copied().unwrap_or(0);
        pages.len() >= 2 && n >= 2 && n * 2 >= pages.len()
    };
    pages
        .iter()
        .zip(&edges)
        .map(|(page, edge)| {
            page.lines
                .iter()
                .zip(edge)
                .filter(|(l, e)| !(**e && (page_number(&l.text) || recurring(&key(&l.text)))))
                .map(|(l, _)| l.clone())
                .collect()
        })
        .collect()
}

/// For each line of the page: whether it sits in the top or bottom strip
/// and is set apart from the lines above or below it (toward the middle)
/// by more than a line's space: a running head, not the first line of the
/// text.
fn apart_at_edge(page: &Page) -> Vec<bool> {
    let height = page.height.max(1.0);
    page.lines
        .iter()
        .map(|l| {
            let from_bottom = (l.y - page.bottom) / height;
            let gap = |toward_top: bool| {
                page.lines
                    .iter()
                    // Lines above or below it: not those of another column.
                    .filter(|o| !std::ptr::eq(*o, l) && o.x0 < l.x1 && l.x0 < o.x1)
                    .map(|o| if toward_top { o.y - l.y } else { l.y - o.y })
                    .filter(|d| *d > 0.0)
                    .fold(f64::INFINITY, f64::min)
            };
            let space = l.size * 1.5;
            if from_bottom > 1.0 - EDGE {
                gap(false) > space
            } else if from_bottom < EDGE {
                gap(true) > space
            } else {
                false
            }
        })
        .collect()
}

/// "12", "- 12 -", "Page 12", "12 of 40", "xii".
fn page_number(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let t = t.strip_prefix("page").unwrap_or(t).trim();
    let mut parts = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of");
    let number = |p: &str| {
        p.chars().all(|c| c.is_ascii_digit())
            || (p.len() <= 6 && p.chars().all(|c| "ivxlc".contains(c)))
    };
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), None, _) => number(a),
        (Some(a), Some(b), None) => number(a) && number(b),
        _ => false,
    }
}

/// The type size most of the text is set in (weighted by characters).
fn body_size(pages: &[Vec<Line>]) -> f64 {
    let mut by_size: HashMap<i64, usize> = HashMap::new();
    for l in pages.iter().flatten() {
        *by_size.entry((l.size * 2.0).round() as i64).or_default() += l.text.chars().count();
    }
    by_size
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
}

/// The sizes of headings, largest first: sizes clearly above the body's on
/// short lines.
fn heading_sizes(pages: &[Vec<Line>], body: f64) -> Vec<f64> {
    let mut sizes: Vec<f64> = pages
        .iter()
        .flatten()
        .filter(|l| l.size >= body * 1.15 && l.text.chars().count() <= 200)
        .map(|l| (l.size * 2.0).round() / 2.0)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup();
    sizes.truncate(6);
    sizes
}

fn heading_level(sizes: &[f64], line: &Line, text: &str) -> Option<u8> {
    if text.chars().count() > 200 {
        return None;
    }
    let size = (line.size * 2.0).round() / 2.0;
    sizes
        .iter()
        .position(|&s| (s - size).abs() < 0.01)
        .map(|i| i as u8 + 1)
}

/// The usual drop from one body line to the next.
fn line_spacing(pages: &[Vec<Line>], body: f64) -> f64 {
    let mut drops: Vec<f64> = pages
        .iter()
        .flat_map(|lines| lines.windows(2))
        .map(|w| w[0].y - w[1].y)
        .filter(|&d| d > body * 0.8 && d < body * 3.0)
        .collect();
    if drops.is_empty() {
        return body * 1.2;
    }
    // Most drops are from a line to the next in its paragraph; the larger
    // ones, between paragraphs, are fewer.
    drops.sort_by(f64::total_cmp);
    drops[drops.len() / 4]
}

fn build(paragraphs: Vec<Paragraph>, page_count: usize) -> Laid {
    let mut text = String::new();
    let mut len = 0u32;
    let mut blocks = Vec::new();
    // Where each page starts (pages counted from 1), as paragraphs say.
    let mut starts: Vec<Option<u32>> = vec![None; page_count + 1];
    let mut first_heading = None;
    for p in paragraphs {
        let body = p.text.trim_end_matches('\u{ad}');
        if body.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            len += 2;
        }
        let start = len;
        let n = body.chars().count() as u32;
        text.push_str(body);
        len += n;
        for (at, page) in p.pages {
            if let Some(slot) = starts.get_mut(page) {
                slot.get_or_insert(start + (at as u32).min(n));
            }
        }
        let kind = match p.level {
            Some(level) => {
                first_heading.get_or_insert_with(|| body.to_owned());
                BlockKind::Heading { level }
            }
            None => BlockKind::Paragraph,
        };
        blocks.push(Block {
            start,
            end: len,
            kind,
            quote: 0,
        });
    }
    // A page with nothing to read points at the next one that has; each
    // page starts where it does or later, so the targets are in order.
    let mut next = len;
    for slot in starts.iter_mut().skip(1).rev() {
        next = *slot.get_or_insert(next);
    }
    let targets = starts
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(page, offset)| Target {
            id: format!("page-{page}"),
            offset: offset.unwrap_or(len),
        })
        .collect();
    Laid {
        text,
        structure: Structure {
            blocks,
            spans: Vec::new(),
            targets,
        },
        first_heading,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f64, y: f64, size: f64) -> Line {
        Line {
            text: text.to_owned(),
            x0,
            x1: x0 + text.chars().count() as f64 * size * 0.5,
            y,
            size,
        }
    }

    fn page(lines: Vec<Line>) -> Page {
        Page {
            width: 600.0,
            height: 800.0,
            bottom: 0.0,
            lines,
        }
    }

    #[test]
    fn recognises_page_numbers() {
        for s in ["12", "- 12 -", "Page 3", "3 of 40", "3/40", "xii", "— 7 —"] {
            assert!(page_number(s), "{s}");
        }
        for s in ["12 apples", "Chapter 3", "In 2014 the"] {
            assert!(!page_number(s), "{s}");
        }
    }

    #[test]
    fn joins_hyphenated_words_but_keeps_compounds() {
        let vocab: HashSet<String> = ["low-water".to_owned()].into();
        let mut t = "the inter-".to_owned();
        join(&mut t, "pretation of", &vocab);
        assert_eq!(t, "the interpretation of");
        let mut t = "to the low-".to_owned();
        join(&mut t, "water mark", &vocab);
        assert_eq!(t, "to the low-water mark");
        let mut t = "Inter\u{ad}".to_owned();
        join(&mut t, "pretation", &vocab);
        assert_eq!(t, "Interpretation");
        let mut t = "costs -".to_owned();
        join(&mut t, "and more", &vocab);
        assert_eq!(t, "costs - and more");
        let mut t = "in 1970-".to_owned();
        join(&mut t, "80", &vocab);
        assert_eq!(t, "in 1970- 80");
    }

    #[test]
    fn lays_out_paragraphs_headings_and_pages_without_running_heads() {
        let body = 10.0;
        let p1 = page(vec![
            line("Survey Report", 60.0, 770.0, 8.0),
            line("Introduction", 60.0, 700.0, 16.0),
            line("The first line of a paragraph that runs", 60.0, 680.0, body),
            line("on to a second line.", 60.0, 668.0, body),
            line(
                "A new paragraph after a gap, which is not",
                60.0,
                648.0,
                body,
            ),
            line("finished on this page and goes on", 60.0, 636.0, body),
            line("1", 300.0, 30.0, 8.0),
        ]);
        let p2 = page(vec![
            line("Survey Report", 60.0, 770.0, 8.0),
            line("over the page break.", 60.0, 700.0, body),
            line("2", 300.0, 30.0, 8.0),
        ]);
        let laid = lay_out(&[p1, p2]);
        assert_eq!(
            laid.text,
            "Introduction\n\nThe first line of a paragraph that runs on to a second line.\n\n\
             A new paragraph after a gap, which is not finished on this page and goes on over the page break."
        );
        assert_eq!(laid.first_heading.as_deref(), Some("Introduction"));
        let s = &laid.structure;
        assert_eq!(s.blocks[0].kind, BlockKind::Heading { level: 1 });
        assert_eq!(s.blocks[1].kind, BlockKind::Paragraph);
        assert_eq!(s.blocks.len(), 3);
        let chars: Vec<char> = laid.text.chars().collect();
        let page2 = s.targets.iter().find(|t| t.id == "page-2").unwrap().offset as usize;
        let from: String = chars[page2..].iter().collect();
        assert!(from.starts_with("over the page break."), "{from}");
        assert_eq!(
            s.targets.iter().find(|t| t.id == "page-1").unwrap().offset,
            0
        );
        s.check(chars.len() as u32).unwrap();
    }
}
